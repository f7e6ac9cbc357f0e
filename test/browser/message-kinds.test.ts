// Every kind of customer message the backend stores is rendered as what it is: photos (with a placeholder
// until the file is copied), locations with a map link, button replies, shared contacts, orders, reactions on
// the message they react to, and unsupported messages with an explanation.
import { expect, test } from "vitest";
import { browserSuite, openInbox, screenshot } from "./helpers/browser";
import { customerNumber, sendInbound } from "./helpers/customer";

const { baseUrl, signIn } = browserSuite();

test("photos, locations, button replies, contacts, orders, reactions and unsupported messages render as themselves", async () => {
  const name = "Andrés Gómez";
  const from = customerNumber();
  const say = (message: Record<string, unknown>) => sendInbound(baseUrl, { from, name, message });

  const greeting = await sendInbound(baseUrl, { from, name, text: "Hola 👋 les mando la foto del *producto dañado*" });
  await say({ type: "image", image: { caption: "Así llegó la caja" } });
  await say({ type: "location", location: { latitude: 40.4168, longitude: -3.7038, name: "Puerta del Sol", address: "Plaza de la Puerta del Sol, Madrid" } });
  await say({ type: "interactive", interactive: { type: "button_reply", button_reply: { id: "confirm:42", title: "Sí, confirmar" } } });
  await say({ type: "contacts", contacts: [{ name: { formatted_name: "Juan Pérez" }, phones: [{ phone: "+34 600 999 887", type: "CELL" }] }] });
  await say({ type: "order", order: { catalog_id: "194836987003835", text: "Para el viernes", product_items: [{ product_retailer_id: "camiseta-azul-M", quantity: 2, item_price: 19.9, currency: "EUR" }, { product_retailer_id: "gorra-negra", quantity: 1, item_price: 12, currency: "EUR" }] } });
  await say({ type: "reaction", reaction: { message_id: greeting, emoji: "❤️" } });
  await say({ type: "unsupported", unsupported: { type: "poll_creation" }, errors: [{ code: 131051, title: "Message type unknown", message: "Message type unknown", error_data: { details: "Message type is currently not supported." } }] });

  const context = await signIn("bruno@demo.test");
  const page = await openInbox(context);
  await page.getByRole("navigation").getByRole("button", { name: /Todas/ }).click();
  await page.locator(".row", { hasText: name }).click();

  await page.locator(".msg-in[data-kind='image']").waitFor();
  await page.locator(".msg-in[data-kind='image']").getByText("Así llegó la caja").waitFor();
  const map = page.getByRole("link", { name: "Ver en el mapa" });
  expect(await map.getAttribute("href")).toContain("40.4168");
  await page.getByText("Pulsó «Sí, confirmar»").waitFor();
  await page.locator(".vcard", { hasText: "Juan Pérez" }).waitFor();
  await expect.poll(() => page.locator(".order-total").textContent()).toMatch(/51,80\s*€/);
  // The reaction sits on the greeting, not as a message of its own.
  await page.locator(".msg-in", { hasText: "producto dañado" }).locator(".reaction", { hasText: "❤️" }).waitFor();
  await page.getByText("El cliente envió un tipo de mensaje que WhatsApp no permite mostrar aquí").waitFor();
  // The photo leaves its placeholder once the file is copied (or says why it could not be).
  await expect.poll(async () => (await page.locator(".msg-in[data-kind='image'] img").count()) + (await page.locator(".msg-in[data-kind='image'] .media-failed").count()), { timeout: 15_000 }).toBe(1);
  await page.waitForTimeout(300);
  await screenshot(page, "09-message-kinds");
  await context.close();
});
