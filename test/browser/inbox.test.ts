// The inbox end to end in Chromium against the real local stack: login, a customer message arriving live,
// claiming, replying with ticks that advance, and an internal note that never reaches WhatsApp.
import { describe, expect, test } from "vitest";
import { browserSuite, claim, openInbox, PHONE, screenshot } from "./helpers/browser";
import { customerNumber, sendInbound, sentTo, simulatorAvailable } from "./helpers/customer";

const { baseUrl, signIn, guest } = browserSuite();

describe("login", () => {
  test("wrong password says so in Spanish; the right one opens the inbox", async () => {
    const context = await guest();
    const page = await context.newPage();
    await page.goto("/");
    await page.waitForURL("**/login");
    await page.getByLabel("Email").fill("ana@demo.test");
    await page.getByLabel("Contraseña").fill("no-es-esta");
    await page.getByRole("button", { name: "Entrar" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("Email o contraseña incorrectos");
    await screenshot(page, "01-login-error");

    await page.getByLabel("Contraseña").fill("demo1234");
    await page.getByRole("button", { name: "Entrar" }).click();
    await page.getByRole("navigation").getByRole("button", { name: /Mías/ }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/");
    await context.close();
  });
});

describe("a conversation, live", () => {
  test("an inbound message appears live, the agent claims, replies (ticks advance) and writes a note that is never sent", async () => {
    const from = customerNumber();
    const name = "Lucía Fernández";
    const context = await signIn("ana@demo.test");
    const page = await openInbox(context);
    await page.getByRole("navigation").getByRole("button", { name: /Todas/ }).click();

    // Arrives over the workspace socket: no reload, no polling.
    await sendInbound(baseUrl, { from, name, text: "Hola, ¿tienen cita para mañana por la mañana? 🙂" });
    const row = page.locator(".row", { hasText: name });
    await row.waitFor({ timeout: 10_000 });
    await expect.poll(() => row.locator(".badge").textContent()).toBe("1");
    await row.click();
    await page.locator(".conv-name", { hasText: name }).waitFor();
    await page.locator(".msg-in", { hasText: "cita para mañana" }).waitFor();

    // A second message lands in the open conversation through its own socket.
    await sendInbound(baseUrl, { from, name, text: "Es para una *revisión* de mi hija" });
    await page.locator(".msg-in strong", { hasText: "revisión" }).waitFor();

    // Claim.
    await claim(page);
    await page.locator(".activity", { hasText: "Ana López tomó la conversación" }).waitFor();

    // Reply: optimistic bubble, then the server's message, then ✓ → ✓✓ → blue ✓✓ from the simulator's statuses.
    const reply = "¡Hola Lucía! Sí, mañana a las 10:00 tenemos hueco. ¿Te lo reservo?";
    const input = page.locator("#composer-input");
    await input.fill(reply);
    await input.press("Enter");
    const bubble = page.locator(".msg-out", { hasText: "mañana a las 10:00" });
    await bubble.waitFor();
    if (await simulatorAvailable(baseUrl)) {
      const seen = new Set<string>();
      await expect
        .poll(
          async () => {
            const status = await bubble.getAttribute("data-status");
            if (status) seen.add(status);
            return status;
          },
          { timeout: 15_000, interval: 50 },
        )
        .toBe("read");
      expect([...seen].some((s) => s === "sent" || s === "delivered")).toBe(true);
      expect(await bubble.locator(".ticks-read").count()).toBe(1);
    }
    await screenshot(page, "02-conversation-desktop");

    // A note: yellow, labelled, and never handed to WhatsApp.
    await page.getByRole("tab", { name: /Nota interna/ }).click();
    await page.getByText("Solo tu equipo ve esta nota").waitFor();
    await screenshot(page, "03-note-mode");
    await input.fill("Ojo: la madre prefiere que la llamemos por la tarde.");
    await input.press("Enter");
    const note = page.locator(".msg-note", { hasText: "prefiere que la llamemos" });
    await note.waitFor();
    expect(await note.locator(".note-label").textContent()).toContain("Nota interna");
    await expect.poll(() => note.getAttribute("data-message-id")).not.toMatch(/^local:/);
    if (await simulatorAvailable(baseUrl)) {
      const sent = await sentTo(baseUrl, from);
      expect(sent).toHaveLength(1);
      expect(JSON.stringify(sent)).not.toContain("prefiere que la llamemos");
    }

    // The same screen on a phone: one pane at a time.
    await page.setViewportSize(PHONE);
    await page.waitForTimeout(400); // the sidebar drawer slides out of view when the layout narrows
    await screenshot(page, "04-conversation-phone");
    await page.getByRole("button", { name: "Volver a la lista" }).click();
    await page.locator(".row", { hasText: name }).waitFor();
    await screenshot(page, "05-list-phone");
    await context.close();
  });
});
