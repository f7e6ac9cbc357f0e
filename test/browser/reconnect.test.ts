// The server restarts under an open inbox: the "Sin conexión" banner appears while it is down, and once it is
// back the open conversation and the list catch up with what happened meanwhile — without reloading the page.
import { expect, inject, test } from "vitest";
import { browserSuite, claim, openConversation, openInbox, screenshot } from "./helpers/browser";
import { customerNumber, sendInbound } from "./helpers/customer";
import { startServer, stopServer } from "./helpers/server";

const { baseUrl, signIn } = browserSuite();
const controlUrl = inject("controlUrl");

test("wrangler dev restarts: offline banner while down, then the conversation and the list catch up live", async () => {
  const name = "Beatriz Olmedo";
  const other = "Hugo Carrasco";
  const from = customerNumber();
  await sendInbound(baseUrl, { from, name, text: "Hola, ¿tenéis la talla 38 en negro?" });
  const ana = await signIn("ana@demo.test");
  try {
    const page = await openInbox(ana);
    await openConversation(page, name);
    await claim(page);
    let reloaded = false;
    page.on("framenavigated", (frame) => frame === page.mainFrame() && (reloaded = true));
    const sockets: string[] = [];
    page.on("websocket", (ws) => sockets.push(ws.url()));

    await stopServer(controlUrl);
    const banner = page.getByRole("status").filter({ hasText: "Sin conexión — reconectando…" });
    await banner.waitFor({ timeout: 15_000 });
    await screenshot(page, "18-offline-banner");

    await startServer(controlUrl);
    // Sent right after the restart, before (or while) the page's sockets reconnect with their cursors.
    await sendInbound(baseUrl, { from, name, text: "Y si no, ¿el 39 en gris? 🙏" });
    await sendInbound(baseUrl, { from: customerNumber(), name: other, text: "Buenas, ¿hacéis envíos a Canarias?" });

    await page.locator(".msg-in", { hasText: "¿el 39 en gris?" }).waitFor({ timeout: 30_000 });
    await page.locator(".row", { hasText: other }).waitFor({ timeout: 30_000 });
    await expect.poll(() => banner.count(), { timeout: 15_000 }).toBe(0);
    expect(reloaded).toBe(false);
    // Both sockets came back asking for the gap: the list from its cursor, the conversation from its last seq.
    expect(sockets.some((u) => /\/parties\/workspace\/ws_demo\?.*\bsince=\d+/.test(u))).toBe(true);
    expect(sockets.some((u) => /\/parties\/conversation\/cv_[0-9a-f]+\?.*\bsince=[1-9]\d*/.test(u))).toBe(true);
    // The conversation still works after the restart.
    await page.locator("#composer-input").fill("¡Sí! Te reservo el 39 en gris.");
    await page.locator("#composer-input").press("Enter");
    await expect.poll(() => page.locator(".msg-out", { hasText: "Te reservo el 39" }).getAttribute("data-message-id"), { timeout: 15_000 }).not.toMatch(/^local:/);
    await screenshot(page, "19-after-restart");
  } finally {
    await ana.close();
  }
});
