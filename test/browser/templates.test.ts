// Settings → Plantillas in Chromium: an admin writes a new template (the limits are checked as they type and the
// preview fills the variables with the examples), submits it, sees "En revisión", and then "Aprobada" arrives live
// when the Graph simulator's review webhook lands — no reload.
import { expect, test } from "vitest";
import { browserSuite, openInbox, screenshot } from "./helpers/browser";
import { simulatorAvailable } from "./helpers/customer";

const { baseUrl, signIn } = browserSuite();

test("an admin creates a template, sees it in review, then approved live", async () => {
  if (!(await simulatorAvailable(baseUrl))) throw new Error("the Graph simulator is needed for Meta's review");
  const configured = await fetch(`${baseUrl}/__sim/config`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ templateReviewMs: 1500 }) });
  expect(configured.ok).toBe(true);
  const name = `aviso_envio_${Date.now().toString(36)}`;
  const admin = await signIn("admin@demo.test");
  try {
    const page = await openInbox(admin);
    await page.getByRole("link", { name: "Ajustes y respuestas" }).click();
    await page.getByRole("navigation", { name: "Ajustes" }).getByRole("link", { name: "Plantillas" }).click();
    await page.getByRole("button", { name: "Sincronizar con Meta" }).waitFor();
    await page.getByRole("button", { name: "Nueva plantilla" }).click();

    const form = page.getByRole("form", { name: "Nueva plantilla" });
    await form.locator("input[name=name]").fill("Aviso-Envio");
    await form.getByText("Usa solo minúsculas, números y _").waitFor();
    await form.locator("input[name=name]").fill(name);
    await form.locator("textarea[name=body]").fill("Hola {{1}}, tu pedido {{2}} ya ha salido del almacén y llegará pronto.");
    // One example input per variable, and the preview fills them in.
    await form.locator("input[name=example-1]").fill("Lucía");
    await form.getByText("Da un ejemplo para cada variable del cuerpo (2).").waitFor();
    await form.locator("input[name=example-2]").fill("A-1043");
    await expect.poll(() => form.getByTestId("template-preview-body").textContent()).toBe("Hola Lucía, tu pedido A-1043 ya ha salido del almacén y llegará pronto.");
    // A button label over 25 characters is refused as it is typed.
    await form.getByRole("button", { name: "+ Respuesta rápida" }).click();
    await form.getByLabel("Texto del botón").fill("Quiero cambiar la dirección de entrega");
    await form.getByText("El texto del botón lleva de 1 a 25 caracteres.").waitFor();
    await form.getByLabel("Texto del botón").fill("Cambiar dirección");
    await screenshot(page, "60-template-form");
    await form.getByRole("button", { name: "Enviar a revisión" }).click();

    const card = page.locator(`article[data-template="${name}"]`);
    await card.getByTestId("template-status").filter({ hasText: "En revisión" }).waitFor();
    await card.getByTestId("template-status").filter({ hasText: "Aprobada" }).waitFor({ timeout: 15_000 });
    await screenshot(page, "61-template-approved");
  } finally {
    await admin.close();
  }
});

test("an admin creates an image-header template by picking its sample file", async () => {
  if (!(await simulatorAvailable(baseUrl))) throw new Error("the Graph simulator is needed for Meta's review");
  const configured = await fetch(`${baseUrl}/__sim/config`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ templateReviewMs: 1500 }) });
  expect(configured.ok).toBe(true);
  const name = `promo_foto_${Date.now().toString(36)}`;
  const admin = await signIn("admin@demo.test");
  try {
    const page = await openInbox(admin);
    await page.getByRole("link", { name: "Ajustes y respuestas" }).click();
    await page.getByRole("navigation", { name: "Ajustes" }).getByRole("link", { name: "Plantillas" }).click();
    await page.getByRole("button", { name: "Nueva plantilla" }).click();
    const form = page.getByRole("form", { name: "Nueva plantilla" });
    await form.locator("input[name=name]").fill(name);
    await form.locator("select[name=headerKind]").selectOption("IMAGE");
    await form.locator("textarea[name=body]").fill("Hola {{1}}, mira nuestras novedades de esta semana en la tienda.");
    await form.locator("input[name=example-1]").fill("Lucía");
    const png = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82]);
    await form.locator("input[name=headerFile]").setInputFiles({ name: "promo.png", mimeType: "image/png", buffer: png });
    await form.getByText("Listo: promo.png").waitFor();
    await form.getByRole("button", { name: "Enviar a revisión" }).click();
    const card = page.locator(`article[data-template="${name}"]`);
    await card.getByTestId("template-status").filter({ hasText: "Aprobada" }).waitFor({ timeout: 15_000 });
    await card.getByText("Encabezado (Imagen): promo.png").waitFor();
  } finally {
    await admin.close();
  }
});
