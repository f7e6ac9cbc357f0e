// The contact panel: rename the customer, add an attribute and notes (they persist), see past conversations and
// their history, and merge a duplicate (the same person writing from a second number) after confirming.
import { expect, test } from "vitest";
import { browserSuite, openConversation, openInbox, screenshot } from "./helpers/browser";
import { customerNumber, sendInbound } from "./helpers/customer";

const { baseUrl, signIn } = browserSuite();

test("rename, attribute and notes persist; a supervisor merges a duplicate from another number after confirming", async () => {
  const suffix = String(Date.now()).slice(-5);
  const name = `Pilar Nogales ${suffix}`;
  const duplicate = `Pili N ${suffix}`;
  await sendInbound(baseUrl, { from: customerNumber(), name: duplicate, text: "Escribo desde el móvil del trabajo" });
  await sendInbound(baseUrl, { from: customerNumber(), name, text: "Hola, soy Pilar. ¿Seguís teniendo el sofá verde?" });
  const ana = await signIn("ana@demo.test");
  try {
    const page = await openInbox(ana);
    await openConversation(page, name);
    const panel = page.getByRole("complementary", { name: "Contacto" });
    await panel.getByRole("button", { name: "Cambiar el nombre" }).click({ timeout: 15_000 });
    await panel.getByLabel("Nombre del contacto").fill("Pilar Nogales Ruiz");
    await panel.getByLabel("Nombre del contacto").press("Enter");
    await panel.getByText(`En WhatsApp: ${name}`).waitFor();

    await panel.getByRole("button", { name: "Añadir atributo" }).click();
    await panel.getByLabel("Nombre (p. ej. plan)").fill("plan");
    await panel.getByLabel("Valor").fill("premium");
    await panel.getByRole("button", { name: "Guardar" }).click();
    await panel.getByLabel("plan", { exact: true }).waitFor();
    await panel.getByLabel("Notas del contacto").fill("Prefiere WhatsApp a llamadas. Entrega siempre por la tarde.");
    await panel.getByRole("button", { name: "Guardar notas" }).click();
    await panel.getByText("Guardado ✓").waitFor();

    // Merging is for supervisors: Ana is not offered it; Sofía searches, picks, reads what happens, confirms.
    expect(await panel.getByRole("button", { name: "Fusionar un duplicado…" }).count()).toBe(0);
    await supervisorMerges(name, duplicate, suffix);

    // It was saved, not only shown: a fresh page reads it back.
    await page.reload();
    await page.getByRole("complementary", { name: "Contacto" }).getByLabel("plan", { exact: true }).waitFor({ timeout: 15_000 });
    expect(await page.getByRole("complementary", { name: "Contacto" }).getByLabel("plan", { exact: true }).inputValue()).toBe("premium");
    expect(await page.getByRole("complementary", { name: "Contacto" }).getByLabel("Notas del contacto").inputValue()).toContain("Entrega siempre por la tarde");
    await page.getByRole("complementary", { name: "Contacto" }).getByRole("heading", { name: "Conversaciones (2)" }).waitFor({ timeout: 10_000 });
    await screenshot(page, "35-contact-panel");
  } finally {
    await ana.close();
  }
});

async function supervisorMerges(name: string, duplicate: string, suffix: string): Promise<void> {
  const sofia = await signIn("sofia@demo.test");
  try {
    const page = await openInbox(sofia);
    await openConversation(page, "Pilar Nogales Ruiz");
    const panel = page.getByRole("complementary", { name: "Contacto" });
    await panel.getByRole("button", { name: "Fusionar un duplicado…" }).click({ timeout: 15_000 });
    const dialog = page.getByRole("dialog", { name: /Fusionar un duplicado en Pilar Nogales Ruiz/ });
    await dialog.getByLabel("Busca el contacto duplicado").fill(`Pili N ${suffix}`);
    await dialog.locator(".pick", { hasText: duplicate }).click({ timeout: 10_000 });
    await dialog.getByText(`«${duplicate}» se fusionará en «Pilar Nogales Ruiz».`).waitFor();
    await screenshot(page, "34-merge-confirm");
    await dialog.getByRole("button", { name: "Fusionar contactos" }).click();
    await panel.getByRole("heading", { name: "Conversaciones (2)" }).waitFor({ timeout: 10_000 });
    await panel.locator(".history-item", { hasText: "Se abrió" }).first().waitFor();
    expect(name).not.toBe(duplicate);
  } finally {
    await sofia.close();
  }
}
