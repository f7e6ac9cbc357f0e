// What a supervisor watches, live: customers waiting too long appear under «Sin atender», and a conversation
// that goes back to the queue because its agent did not answer arrives as a toast. Timers are shortened
// through the development-only settings limits and restored afterwards.
import { expect, test } from "vitest";
import { browserSuite, claim, openConversation, openInbox, screenshot } from "./helpers/browser";
import { customerNumber, sendInbound } from "./helpers/customer";

const { baseUrl, signIn } = browserSuite();

test("«Sin atender» lists a waiting customer; a conversation returned for no answer reaches the supervisor as a toast", async () => {
  const admin = await signIn("admin@demo.test");
  const sofia = await signIn("sofia@demo.test");
  const ana = await signIn("ana@demo.test");
  const settings = (body: Record<string, unknown>) => admin.request.patch("/api/admin/settings", { data: body });
  try {
    const sofiaPage = await openInbox(sofia);
    // Toasts come and go (and other conversations may return at the same time): keep every one seen.
    await sofiaPage.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { seenToasts: string[] }).seenToasts = seen;
      new MutationObserver(() => document.querySelectorAll(".toast").forEach((el) => seen.push(el.textContent ?? ""))).observe(document.body, { childList: true, subtree: true });
    });
    const anaPage = await openInbox(ana);
    expect((await settings({ unattendedAfterSeconds: 2, returnAfterSeconds: 4 })).ok()).toBe(true);

    const name = "Aurora Medina";
    await sendInbound(baseUrl, { from: customerNumber(), name, text: "¿Hay alguien? Llevo rato esperando…" });
    await openConversation(anaPage, name);
    await claim(anaPage);

    const unattended = sofiaPage.getByRole("navigation").getByRole("button", { name: /Sin atender/ });
    await expect.poll(async () => Number(await unattended.locator(".nav-count").textContent()), { timeout: 15_000 }).toBeGreaterThan(0);
    await unattended.click();
    const dialog = sofiaPage.getByRole("dialog", { name: "Sin atender" });
    await dialog.locator(".pick", { hasText: name }).waitFor();
    expect(await dialog.locator(".pick", { hasText: name }).textContent()).toContain("La tiene Ana López");
    await screenshot(sofiaPage, "32-unattended");
    await dialog.getByRole("button", { name: "Cerrar" }).click();

    // Ana does not answer within the (shortened) return timer: back to the queue, and Sofía is told.
    await anaPage.locator(".activity", { hasText: "Volvió a la cola: Ana López no respondió a tiempo" }).waitFor({ timeout: 30_000 });
    const toastFor = async () => ((await sofiaPage.evaluate(() => (window as unknown as { seenToasts: string[] }).seenToasts)) ?? []).find((text) => text.includes(`La conversación con ${name} volvió a la cola`));
    await expect.poll(toastFor, { timeout: 15_000 }).toContain("Ana López no respondió a tiempo.");
    await screenshot(sofiaPage, "33-returned-toast");
  } finally {
    await settings({ unattendedAfterSeconds: 600, returnAfterSeconds: null });
    await admin.close();
    await sofia.close();
    await ana.close();
  }
});
