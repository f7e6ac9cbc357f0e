// Reacting to and quoting a customer's message from its bubble: the action bar appears on hover or focus, the emoji
// picker is keyboard-usable (Escape closes it), and what reaches the Graph simulator is a reaction to that wamid and
// a text whose context quotes it.
import { expect, test } from "vitest";
import { browserSuite, openConversation, openInbox, screenshot } from "./helpers/browser";
import { customerNumber, sendInbound, sentTo, simulatorAvailable } from "./helpers/customer";

const { baseUrl, signIn } = browserSuite();

test("an agent reacts 👍 to a customer's message: it shows on the bubble and WhatsApp gets a reaction to that wamid", async () => {
  const name = "Lucía Ferrer";
  const from = customerNumber();
  const wamid = await sendInbound(baseUrl, { from, name, text: "¿Tenéis la talla M en azul?" });
  const ana = await signIn("ana@demo.test");
  try {
    const page = await openInbox(ana);
    await openConversation(page, name);
    const bubble = page.locator(".msg-in", { hasText: "¿Tenéis la talla M en azul?" });
    // Keyboard first: focus the bubble, Tab to "Reaccionar", open the picker, Escape closes it and gives focus back.
    await bubble.focus();
    const reactButton = bubble.getByRole("button", { name: "Reaccionar", exact: true });
    await reactButton.waitFor();
    await page.keyboard.press("Tab");
    await expect.poll(() => reactButton.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press("Enter");
    const picker = bubble.getByRole("group", { name: "Reaccionar" });
    await picker.waitFor();
    await page.keyboard.press("Escape");
    await picker.waitFor({ state: "detached" });
    await expect.poll(() => reactButton.evaluate((el) => el === document.activeElement)).toBe(true);

    await bubble.hover();
    await reactButton.click();
    await screenshot(page, "message-actions-picker");
    await bubble.getByRole("button", { name: "Reaccionar con 👍" }).click();
    await expect.poll(() => bubble.locator(".reactions").textContent()).toContain("👍");
    if (await simulatorAvailable(baseUrl)) {
      await expect
        .poll(async () => (await sentTo(baseUrl, from)).find((m) => m.type === "reaction")?.body.reaction, { timeout: 10_000 })
        .toEqual({ message_id: wamid, emoji: "👍" });
    }
    // Our reaction can be taken back (an empty emoji for WhatsApp).
    await bubble.hover();
    await reactButton.click();
    await bubble.getByRole("button", { name: "Quitar mi reacción" }).click();
    await expect.poll(() => bubble.locator(".reactions").count()).toBe(0);
  } finally {
    await ana.close();
  }
});

test("an agent replies quoting a customer's message: the composer shows the quote and the send carries context.message_id", async () => {
  const name = "Marcos Gil";
  const from = customerNumber();
  const wamid = await sendInbound(baseUrl, { from, name, text: "El pedido 4471 llegó roto 😞" });
  await sendInbound(baseUrl, { from, name, text: "Y otra cosa: ¿abrís el sábado?" });
  const ana = await signIn("ana@demo.test");
  try {
    const page = await openInbox(ana);
    await openConversation(page, name);
    const bubble = page.locator(".msg-in", { hasText: "El pedido 4471 llegó roto" });
    await bubble.hover();
    await bubble.getByRole("button", { name: "Responder", exact: true }).click();
    const quote = page.locator(".composer .reply-quote");
    await expect.poll(() => quote.textContent()).toContain("El pedido 4471 llegó roto");
    const input = page.locator("#composer-input");
    await expect.poll(() => input.evaluate((el) => el === document.activeElement)).toBe(true);
    await screenshot(page, "message-actions-reply-quote");
    await input.pressSequentially("Lo sentimos mucho, te enviamos otro hoy mismo.");
    await input.press("Enter");
    await quote.waitFor({ state: "detached" });
    const sent = page.locator(".msg-out", { hasText: "Lo sentimos mucho" });
    await expect.poll(() => sent.locator(".quote").textContent(), { timeout: 10_000 }).toContain("El pedido 4471 llegó roto");
    if (await simulatorAvailable(baseUrl)) {
      await expect
        .poll(async () => (await sentTo(baseUrl, from)).find((m) => m.type === "text")?.body.context, { timeout: 10_000 })
        .toEqual({ message_id: wamid });
    }
  } finally {
    await ana.close();
  }
});
