// Outside WhatsApp's 24-hour window the composer offers approved templates: fill the variables, see the
// preview, send, and the template reaches the (simulated) Graph API.
import { expect, test } from "vitest";
import { browserSuite, openConversation, openInbox, screenshot } from "./helpers/browser";
import { customerNumber, sendInbound, sentTo, simulatorAvailable } from "./helpers/customer";

const { baseUrl, signIn } = browserSuite();

test("a customer who last wrote 25 hours ago can only get a template, and sending one works", async () => {
  const name = "Jorge Salinas";
  const from = customerNumber();
  await sendInbound(baseUrl, { from, name, text: "¿Me avisáis cuando llegue mi pedido?", timestamp: Math.floor(Date.now() / 1000) - 25 * 3600 });

  const context = await signIn("ana@demo.test");
  const page = await openInbox(context);
  await openConversation(page, name);
  await page.getByText("Pasaron más de 24 horas desde el último mensaje del cliente").waitFor();
  expect(await page.locator("#composer-input").count()).toBe(0);

  await page.getByLabel("Plantilla aprobada").selectOption({ label: "seguimiento_pedido · es" });
  await page.getByLabel("Variable {{1}}").fill("Jorge");
  await page.getByLabel("Variable {{2}}").fill("#A-1042");
  await expect.poll(() => page.locator(".tpl-preview").textContent()).toContain("Hola Jorge, te escribimos por tu pedido #A-1042");
  await screenshot(page, "08-window-closed-template");

  await page.getByRole("button", { name: "Enviar plantilla" }).click();
  const bubble = page.locator(".msg-out[data-kind='template']", { hasText: "pedido #A-1042" });
  await bubble.waitFor();
  if (await simulatorAvailable(baseUrl)) {
    await expect.poll(async () => (await sentTo(baseUrl, from)).map((m) => m.type), { timeout: 10_000 }).toEqual(["template"]);
    await expect.poll(() => bubble.getAttribute("data-status"), { timeout: 15_000 }).toMatch(/sent|delivered|read/);
  }
  await context.close();
});
