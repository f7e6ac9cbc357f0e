// The settings area in Chromium: an admin invites someone (who accepts with a password and lands in the inbox),
// creates a team and a routing rule, and the next matching conversation arrives on that team with the rule's
// priority. Every settings screen is photographed for review, at desktop and phone width.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { agentContext, DESKTOP, launchBrowser, openInbox, PHONE, screenshot } from "./helpers/browser";
import { customerNumber, sendInbound } from "./helpers/customer";
import { ensureCanned, ensureTag } from "./helpers/server";

const baseUrl = inject("baseUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function section(page: Page, name: string | RegExp): Promise<void> {
  await page.getByRole("navigation", { name: "Ajustes" }).getByRole("link", { name }).click();
}

test("an admin invites a person; the link sets a password and opens the inbox", async () => {
  const admin = await agentContext(browser, baseUrl, "admin@demo.test");
  const email = `marta.gil+${Date.now()}@demo.test`;
  try {
    const page = await openInbox(admin);
    await page.getByRole("link", { name: "Ajustes y respuestas" }).click();
    await page.getByRole("heading", { name: "Equipo en vivo" }).waitFor();
    await section(page, "Personas");
    await page.getByRole("heading", { name: "Personas" }).waitFor();
    await page.locator("tr", { hasText: "Bruno Díaz" }).waitFor();
    await screenshot(page, "20-settings-people");

    await page.getByRole("button", { name: "Invitar" }).click();
    await page.getByLabel("Nombre", { exact: true }).fill("Marta Gil");
    await page.getByLabel("Email").fill(email);
    await page.locator(".invite select[name=role]").selectOption("agent");
    await page.getByRole("button", { name: "Crear invitación" }).click();
    const link = page.getByLabel("Enlace de invitación");
    await link.waitFor();
    const url = await link.inputValue();
    expect(url).toMatch(/\/invite\/[\w-]+$/);
    await screenshot(page, "21-invite-link");

    const guest = await browser.newContext({ baseURL: baseUrl, viewport: DESKTOP, locale: "es-ES" });
    const invitePage = await guest.newPage();
    await invitePage.goto(new URL(url).pathname);
    await invitePage.getByRole("heading", { name: "Únete a Demo" }).waitFor();
    await invitePage.getByLabel("Contraseña (8 caracteres o más)").fill("corta");
    await invitePage.getByLabel("Repite la contraseña").fill("corta");
    await invitePage.getByRole("button", { name: "Crear cuenta y entrar" }).click();
    await invitePage.getByText("La contraseña necesita al menos 8 caracteres.").waitFor();
    await invitePage.getByLabel("Contraseña (8 caracteres o más)").fill("colmena-2026");
    await invitePage.getByLabel("Repite la contraseña").fill("colmena-2026");
    await screenshot(invitePage, "22-invite-accept");
    await invitePage.getByRole("button", { name: "Crear cuenta y entrar" }).click();
    await invitePage.getByRole("navigation").getByRole("button", { name: /Todas/ }).waitFor();
    await invitePage.locator(".me-name", { hasText: "Marta Gil" }).waitFor();
    // The link works once.
    await invitePage.goto(new URL(url).pathname);
    await invitePage.getByText("Esta invitación no existe o ya se usó").waitFor();
    await guest.close();
  } finally {
    await admin.close();
  }
});

test("an admin creates a team and a rule; the next matching conversation lands on that team, high priority", async () => {
  const admin = await agentContext(browser, baseUrl, "admin@demo.test");
  await ensureTag(admin.request, "Reembolso", "#f97316");
  try {
    const page = await openInbox(admin, "/settings/teams");
    await page.getByRole("button", { name: "Nuevo equipo" }).click();
    await page.getByLabel("Nombre del equipo").fill("Cobranza");
    await page.getByRole("checkbox", { name: "Bruno Díaz" }).check();
    await page.getByRole("checkbox", { name: "Carla Ruiz" }).check();
    await page.getByRole("button", { name: "Guardar" }).click();
    await page.locator(".team-card", { hasText: "Cobranza" }).getByText("Carla Ruiz").waitFor();

    await section(page, "Reglas");
    await page.getByRole("button", { name: "Nueva regla" }).click();
    const editor = page.getByRole("form", { name: "Nueva regla" });
    await editor.getByLabel("Nombre").fill("Reembolsos a Cobranza");
    await editor.getByLabel("El mensaje contiene alguna de estas palabras").fill("reembolso, devolución");
    await editor.getByLabel("Enviar al equipo").selectOption({ label: "Cobranza" });
    await editor.getByLabel("Prioridad").selectOption("high");
    await editor.getByRole("checkbox", { name: "Reembolso" }).last().check();
    await screenshot(page, "23-rule-editor");
    await editor.getByRole("button", { name: "Guardar regla" }).click();
    const rule = page.locator(".rule", { hasText: "Reembolsos a Cobranza" });
    await rule.waitFor();
    expect(await rule.textContent()).toContain("el mensaje contiene «reembolso», «devolución»");
    expect(await rule.textContent()).toContain("equipo Cobranza · prioridad Alta");
    await screenshot(page, "24-rules");

    const name = "Gonzalo Ferrer";
    await sendInbound(baseUrl, { from: customerNumber(), name, text: "Hola, quiero pedir un reembolso del pedido #B-7731" });
    await page.goto("/");
    await page.getByRole("navigation").getByRole("button", { name: /Cobranza/ }).click();
    await page.locator(".row", { hasText: name }).click({ timeout: 15_000 });
    await page.locator(".owner-team", { hasText: "Cobranza" }).waitFor({ timeout: 10_000 });
    await page.locator(".activity", { hasText: "Se aplicó la regla «Reembolsos a Cobranza»: equipo Cobranza · prioridad Alta" }).waitFor();
    await page.locator(".conv-labels .tag", { hasText: "Reembolso" }).waitFor();
    expect(await page.locator(".conv-labels select").inputValue()).toBe("high");
    await screenshot(page, "25-routed-to-team");
  } finally {
    await admin.close();
  }
});

test("every settings screen, as an admin and as a supervisor, at desktop and phone width", async () => {
  const admin = await agentContext(browser, baseUrl, "admin@demo.test");
  await ensureTag(admin.request, "VIP", "#a855f7");
  await ensureCanned(admin.request, { shortcut: "horario", title: "Horario de atención", body: "Atendemos de lunes a viernes de 9:00 a 18:00, {{contact.first_name}}." });
  try {
    const page = await openInbox(admin, "/settings/tags");
    await page.getByRole("heading", { name: "Etiquetas" }).waitFor();
    await page.getByLabel("Nombre").fill("Mayorista");
    await page.getByRole("button", { name: "#14b8a6" }).click();
    await screenshot(page, "26-settings-tags");
    await section(page, "Respuestas rápidas");
    await page.locator(".canned", { hasText: "/horario" }).waitFor();
    await page.getByLabel("Texto").fill("Gracias {{contact.first_name}}, lo reviso y te digo algo hoy.");
    await screenshot(page, "27-settings-canned");
    await section(page, "Plantillas");
    await page.locator(".template", { hasText: "seguimiento_pedido" }).waitFor();
    await screenshot(page, "28-settings-templates");
    await section(page, "General");
    await page.getByRole("heading", { name: "Ajustes del espacio" }).waitFor();
    await page.getByLabel("Reparto").waitFor();
    await screenshot(page, "29-settings-workspace");
    await page.setViewportSize(PHONE);
    await section(page, "Reglas");
    await page.locator(".rule").first().waitFor();
    await screenshot(page, "30-settings-rules-phone");
  } finally {
    await admin.close();
  }

  const sofia = await agentContext(browser, baseUrl, "sofia@demo.test");
  try {
    const page = await openInbox(sofia);
    await page.getByRole("link", { name: "Equipo en vivo" }).click();
    await page.getByRole("heading", { name: "Equipo en vivo" }).waitFor();
    await page.locator("tr", { hasText: "Sofía Martín" }).locator(".state-online").waitFor();
    // Supervisors read rules and settings but cannot change them; people management is not offered.
    expect(await page.getByRole("link", { name: "Personas" }).count()).toBe(0);
    await screenshot(page, "31-team-view");
    await section(page, "Reglas");
    await page.locator(".rule").first().waitFor();
    expect(await page.getByRole("button", { name: "Nueva regla" }).count()).toBe(0);
  } finally {
    await sofia.close();
  }
});
