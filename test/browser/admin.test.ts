// The settings area in Chromium: an admin invites someone (who accepts with a password and lands in the inbox),
// creates a team and a routing rule, and the next matching conversation arrives on that team with the rule's
// priority; tags are renamed and recoloured, deletes that a rule blocks say which rule, a workspace reply is
// edited; an agent keeps personal replies only they see and edit; an agent makes, uses and revokes an API token. Every settings screen is photographed for review.
import type { Page } from "playwright-core";
import { expect, test } from "vitest";
import { browserSuite, openInbox, PHONE, screenshot } from "./helpers/browser";
import { customerNumber, sendInbound } from "./helpers/customer";
import { ensureCanned, ensureTag } from "./helpers/server";

const { baseUrl, signIn, guest } = browserSuite();

async function section(page: Page, name: string | RegExp): Promise<void> {
  await page.getByRole("navigation", { name: "Ajustes" }).getByRole("link", { name }).click();
}

test("an admin invites a person; the link sets a password and opens the inbox", async () => {
  const admin = await signIn("admin@demo.test");
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

    const visitor = await guest();
    const invitePage = await visitor.newPage();
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
    await visitor.close();
  } finally {
    await admin.close();
  }
});

test("an admin creates a team and a rule; the next matching conversation lands on that team, high priority", async () => {
  const admin = await signIn("admin@demo.test");
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
  const admin = await signIn("admin@demo.test");
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

  const sofia = await signIn("sofia@demo.test");
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

test("tags and teams: rename and recolour (a taken name is explained), deletes a rule blocks name the rule; a workspace reply is edited", async () => {
  const suffix = String(Date.now()).slice(-5);
  const admin = await signIn("admin@demo.test");
  const api = admin.request;
  const tagId = await ensureTag(api, `Mayoreo ${suffix}`, "#3b82f6");
  await ensureTag(api, `Urgente ${suffix}`, "#ef4444");
  const team = (await (await api.post("/api/admin/teams", { data: { name: `Mayoristas ${suffix}` } })).json()) as { id: string };
  const rule = (await (await api.post("/api/admin/rules", { data: { name: `Pedidos grandes ${suffix}`, conditions: { textContains: [`palé-${suffix}`] }, actions: { teamId: team.id, tagIds: [tagId] } } })).json()) as { id: string };
  await ensureCanned(api, { shortcut: `envio${suffix}`, title: "Envío", body: "Enviamos en 48 h." });
  try {
    const page = await openInbox(admin, "/settings/tags");
    await page.getByRole("button", { name: `Editar la etiqueta Mayoreo ${suffix}` }).click();
    const form = page.getByRole("form", { name: `Editar la etiqueta Mayoreo ${suffix}` });
    await form.getByLabel("Nombre").fill(`Urgente ${suffix}`);
    await form.getByRole("button", { name: "Guardar" }).click();
    await form.getByRole("alert").getByText("Ya hay una etiqueta con ese nombre. Elige otro.").waitFor();
    await form.getByLabel("Nombre").fill(`Mayorista ${suffix}`);
    await form.getByRole("button", { name: "#14b8a6" }).click();
    await screenshot(page, "36-tag-edit");
    await form.getByRole("button", { name: "Guardar" }).click();
    const row = page.locator(`.tag-admin-row[data-tag="Mayorista ${suffix}"]`);
    await row.waitFor();
    expect(await row.locator(".tag-dot").evaluate((el) => getComputedStyle(el).backgroundColor)).toBe("rgb(20, 184, 166)");
    const tags = (await (await api.get("/api/tags")).json()) as { items: Array<{ id: string; name: string; color: string }> };
    expect(tags.items.find((t) => t.id === tagId)).toMatchObject({ name: `Mayorista ${suffix}`, color: "#14b8a6" });

    await row.getByRole("button", { name: `Borrar la etiqueta Mayorista ${suffix}` }).click();
    await row.getByRole("button", { name: "Sí, borrar" }).click();
    await page.getByRole("alert").getByText(`No se puede borrar: la usa la regla «Pedidos grandes ${suffix}».`).waitFor();
    await screenshot(page, "37-tag-in-use");

    await section(page, "Equipos");
    await page.getByRole("button", { name: `Borrar el equipo Mayoristas ${suffix}` }).click();
    await page.getByRole("button", { name: "Sí, borrar" }).click();
    await page.getByRole("alert").getByText(`No se puede borrar: lo usa la regla «Pedidos grandes ${suffix}».`).waitFor();

    await section(page, "Respuestas rápidas");
    await page.getByRole("button", { name: `Editar /envio${suffix}` }).click();
    const reply = page.getByRole("form", { name: `Editar /envio${suffix}` });
    await reply.getByLabel("Texto").fill("Enviamos en 24 h, {{contact.first_name}}.");
    await screenshot(page, "38-canned-edit");
    await reply.getByRole("button", { name: "Guardar respuesta" }).click();
    await page.locator(`.canned[data-shortcut="envio${suffix}"]`, { hasText: "Enviamos en 24 h, {{contact.first_name}}." }).waitFor();
  } finally {
    await api.delete(`/api/admin/rules/${rule.id}`);
    await api.delete(`/api/admin/teams/${team.id}`);
    await admin.close();
  }
});

test("an agent writes and edits a personal canned reply; a colleague never sees it", async () => {
  const shortcut = `mio${String(Date.now()).slice(-5)}`;
  const ana = await signIn("ana@demo.test");
  try {
    const page = await openInbox(ana, "/settings/canned");
    const form = page.getByRole("form", { name: "Nueva respuesta rápida" });
    // An agent writes only their own replies: there is no choice of scope to make.
    expect(await form.getByLabel("Para todo el equipo").count()).toBe(0);
    await form.getByLabel("Atajo").fill(`/${shortcut}`);
    await form.getByLabel("Título").fill("Mi despedida");
    await form.getByLabel("Texto").fill("Un saludo, {{agent.name}}.");
    await form.getByRole("button", { name: "Guardar respuesta" }).click();
    const card = page.locator(`.canned[data-shortcut="${shortcut}"]`);
    await card.getByText("Un saludo, {{agent.name}}.").waitFor();

    await card.getByRole("button", { name: `Editar /${shortcut}` }).click();
    const edit = page.getByRole("form", { name: `Editar /${shortcut}` });
    await edit.getByLabel("Texto").fill("Quedo atenta, {{contact.first_name}}. {{agent.name}}");
    await edit.getByRole("button", { name: "Guardar respuesta" }).click();
    await card.getByText("Quedo atenta, {{contact.first_name}}. {{agent.name}}").waitFor();
    await screenshot(page, "41-canned-personal-edit");

    const mine = (await (await ana.request.get("/api/canned-replies")).json()) as { items: Array<{ shortcut: string; body: string; personal: boolean }> };
    expect(mine.items.find((r) => r.shortcut === shortcut)).toMatchObject({ personal: true, body: "Quedo atenta, {{contact.first_name}}. {{agent.name}}" });
    const bruno = await signIn("bruno@demo.test");
    try {
      const theirs = (await (await bruno.request.get("/api/canned-replies")).json()) as { items: Array<{ shortcut: string }> };
      expect(theirs.items.some((r) => r.shortcut === shortcut)).toBe(false);
    } finally {
      await bruno.close();
    }
  } finally {
    await ana.close();
  }
});

test("anyone makes a personal API token: shown once, it works as a Bearer credential, and stops working when revoked", async () => {
  const name = `crm-sync ${String(Date.now()).slice(-5)}`;
  const ana = await signIn("ana@demo.test");
  try {
    const page = await openInbox(ana, "/settings/tokens");
    await page.getByRole("heading", { name: "Tokens de API" }).waitFor();
    const form = page.getByRole("form", { name: "Nuevo token" });
    await form.getByLabel("Nombre").fill(name);
    await form.getByLabel("Caduca en (días)").fill("30");
    await form.getByRole("button", { name: "Crear token" }).click();
    const created = page.getByRole("region", { name: `Token «${name}» creado` });
    await created.getByText("no se volverá a mostrar").waitFor();
    const token = await created.getByLabel("Token de API").inputValue();
    expect(token).toMatch(/^col_[\w-]{43}$/);
    const row = page.locator(`.token[data-token="${name}"]`);
    await row.getByText(/caduca el/).waitFor();
    await screenshot(page, "39-token-created");

    const asAna = () => fetch(`${baseUrl}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });
    const me = await asAna();
    expect(me.status).toBe(200);
    expect(((await me.json()) as { agent: { email: string } }).agent.email).toBe("ana@demo.test");

    // Once stored, the token is gone from the page for good.
    await created.getByRole("button", { name: "Ya lo he guardado" }).click();
    await form.waitFor();
    expect(await page.getByLabel("Token de API").count()).toBe(0);

    await row.getByRole("button", { name: `Revocar el token ${name}` }).click();
    await screenshot(page, "40-token-revoke");
    await row.getByRole("button", { name: "Sí, revocar" }).click();
    await row.waitFor({ state: "detached" });
    await expect.poll(async () => (await asAna()).status).toBe(401);
  } finally {
    await ana.close();
  }
});
