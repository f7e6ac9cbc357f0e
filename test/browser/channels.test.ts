// The WhatsApp numbers screen in Chromium: an admin checks the demo number with Meta (the simulator) and sees its
// verified name and quality; adding a number with a token Meta refuses shows Meta's reason and keeps nothing.
// (Adding a number that passes needs a second number the simulator knows; the shared browser server has one, the
// demo's, so the accepted path — sealed token, never shown — is covered in test/worker/setup-and-channels.test.ts,
// and so is the setup wizard's API on an empty D1: this server always starts seeded.)
import { expect, test } from "vitest";
import { browserSuite, openInbox, screenshot } from "./helpers/browser";

const { signIn } = browserSuite();

test("an admin checks a number with Meta and sees its verified name and quality; a refused token shows why", async () => {
  const admin = await signIn("admin@demo.test");
  const page = await openInbox(admin);
  await page.goto("/settings/channels");
  await page.getByRole("heading", { name: "Números de WhatsApp" }).first().waitFor();
  const row = page.locator("[data-channel='109876543210001']");
  await row.waitFor();
  await row.getByRole("button", { name: "Comprobar con Meta" }).click();
  await expect.poll(() => row.locator("[data-fact=verified-name]").textContent()).toBe("WhatsApp Demo");
  expect(await row.locator("[data-fact=quality]").textContent()).toBe("GREEN");
  await screenshot(page, "60-settings-channels");

  const form = page.getByRole("form", { name: "Añadir número" });
  await form.getByLabel("Nombre interno").fill("Ventas");
  await form.getByLabel("Número (p. ej. +34 911 000 001)").fill("+34 911 000 777");
  await form.getByLabel("ID del número de teléfono").fill("109876543210777");
  await form.getByLabel("ID de la cuenta de WhatsApp Business (WABA)").fill("209876543210777");
  await form.getByLabel("Token de acceso").fill("EAAG-not-a-real-token");
  await form.getByRole("button", { name: "Añadir número" }).click();
  await form.getByText(/access token/i).waitFor();
  expect(await page.locator("[data-channel='109876543210777']").count()).toBe(0);
});
