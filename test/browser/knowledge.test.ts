// The "Conocimiento" settings screen in Chromium: the admin sees the seeded articles and the active mode, tries the
// assistant in the playground (an answer with its source, a handoff with its reason), creates an article the very
// next question uses, disables it (the assistant then hands off), imports a CSV file, and deletes the article.
import type { Page } from "playwright-core";
import { expect, test } from "vitest";
import { browserSuite, openInbox, screenshot } from "./helpers/browser";

const { signIn } = browserSuite();

async function ask(page: Page, text: string): Promise<string> {
  const playground = page.getByRole("form", { name: "Probar asistente" });
  const asked = await playground.locator(".knowledge-turn.in").count();
  await playground.getByLabel("El cliente escribe").fill(text);
  await playground.getByRole("button", { name: "Probar", exact: true }).click();
  await expect.poll(() => playground.locator(".knowledge-turn.in").count()).toBe(asked + 1);
  return (await playground.locator(".knowledge-outcome").innerText()).replace(/\s+/g, " ");
}

test("an admin curates the knowledge base and tries the assistant", async () => {
  const admin = await signIn("admin@demo.test");
  try {
    const page = await openInbox(admin, "/settings/knowledge");
    await page.getByRole("heading", { name: "Conocimiento", level: 1 }).waitFor();
    await page.getByText("Modo predeterminado (sin IA: artículos y reglas)").waitFor();
    await page.locator("[data-article=kb_envios]").waitFor();

    expect(await ask(page, "hola!! hacen envios a canarias?")).toMatch(/Responde · artículo con respuesta clara Fuentes: Envíos a domicilio/);
    await expect.poll(() => page.locator(".knowledge-turn.out").count()).toBe(1);
    expect(await ask(page, "quiero hablar con una persona")).toBe("Pasa a una persona · pide hablar con una persona");
    await screenshot(page, "60-knowledge-playground");
    await page.getByRole("button", { name: "Empezar de nuevo" }).click();

    const title = `Grabado láser ✨ ${Date.now()}`;
    const create = page.getByRole("form", { name: "Nuevo artículo" });
    await create.getByLabel("Título").fill(title);
    await create.getByLabel("Respuesta").fill("Grabamos tu nombre con láser en la varilla por 10 €; tarda 2 días.");
    await create.getByLabel("Etiquetas (separadas por comas)").fill("grabado, personalizar");
    await create.getByRole("button", { name: "Nuevo artículo" }).click();
    const card = page.locator(".knowledge-article", { hasText: title });
    await card.waitFor();
    expect(await ask(page, "hacen grabados con laser??")).toContain(`Fuentes: ${title}`);

    await card.getByLabel(`«${title}» activo`).uncheck();
    await expect.poll(() => card.evaluate((el) => el.classList.contains("is-disabled"))).toBe(true);
    expect(await ask(page, "hacen grabados con laser??")).toMatch(/^Pasa a una persona/);

    const csv = `título;contenido;etiquetas\nMascotas ${Date.now()};"Aceptamos perros pequeños en la tienda 🐶";mascotas\nSin respuesta;;\n`;
    await page.getByLabel("Archivo para importar").setInputFiles({ name: "preguntas.csv", mimeType: "text/csv", buffer: Buffer.from(csv, "utf8") });
    await page.getByRole("button", { name: "Importar archivo" }).click();
    await page.getByText("1 creados, 0 omitidos (ya existían).").waitFor();
    await page.getByText(/row 3: .*missing body/).waitFor();
    await page.locator(".knowledge-article", { hasText: "Aceptamos perros pequeños" }).waitFor();
    await screenshot(page, "61-knowledge-import");

    await card.getByRole("button", { name: `Borrar «${title}»` }).click();
    await card.locator(".btn-danger").click();
    await expect.poll(() => page.locator(".knowledge-article", { hasText: title }).count()).toBe(0);
  } finally {
    await admin.close();
  }
});

test("an admin sets business hours in the workspace settings and the assistant's mode per number", async () => {
  const admin = await signIn("admin@demo.test");
  try {
    const page = await openInbox(admin, "/settings/workspace");
    const hours = page.getByRole("form", { name: "Horario de atención" });
    await hours.waitFor();
    const saturday = hours.locator("tr[data-day=sat]");
    await saturday.getByRole("checkbox").check();
    await hours.getByLabel("Sábado: abre", { exact: true }).fill("10:00");
    await hours.getByLabel("Sábado: cierra", { exact: true }).fill("14:00");
    await hours.getByLabel("Festivos (uno por línea: 2026-12-25 Navidad)").fill("2026-12-25 Navidad\n2027-01-06 Reyes");
    await hours.getByRole("button", { name: "Guardar horario" }).click();
    await hours.getByText("Guardado").waitFor();
    await screenshot(page, "62-business-hours");

    await page.reload();
    const again = page.getByRole("form", { name: "Horario de atención" });
    await again.waitFor();
    expect(await again.getByLabel("Sábado: abre", { exact: true }).inputValue()).toBe("10:00");
    expect(await again.getByLabel("Festivos (uno por línea: 2026-12-25 Navidad)").inputValue()).toBe("2026-12-25 Navidad\n2027-01-06 Reyes");
    // Overlapping intervals are refused with the reason.
    await again.getByLabel("Sábado: vuelve a abrir").fill("13:00");
    await again.getByLabel("Sábado: cierra de nuevo").fill("15:00");
    await again.getByRole("button", { name: "Guardar horario" }).click();
    await again.getByText(/overlap/).waitFor();

    await page.goto("/settings/knowledge");
    const bot = page.getByRole("form", { name: "Asistente en WhatsApp Demo" });
    await bot.getByLabel("Cuándo responde").selectOption("outside_hours");
    await bot.getByLabel("Mensaje al pasar a una persona").fill("Te paso con una persona del equipo 🙌");
    await bot.getByRole("button", { name: "Guardar" }).click();
    await bot.getByText("Guardado").waitFor();
    await page.reload();
    expect(await page.getByRole("form", { name: "Asistente en WhatsApp Demo" }).getByLabel("Cuándo responde").inputValue()).toBe("outside_hours");
  } finally {
    // The bot answers for real: leave the demo number to people, so later tests' customers are not the bot's.
    await admin.request.patch("/api/admin/channels/ch_demo_wa", { data: { botMode: "never", handoffMessage: null } });
    await admin.close();
  }
});
