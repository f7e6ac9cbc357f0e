// Campaigns as a supervisor runs them from the inbox: three customers who wrote in are tagged, a campaign of the
// demo's approved template goes to that tag with each customer's name filled in, and its report fills live until
// every recipient has read it; the simulator received exactly one template per customer, with their own name.
// The API's refusals show next to the form; agents have no entry.
import { expect, test } from "vitest";
import { dayOf } from "../../shared/zoned-time";
import { browserSuite, openInbox, screenshot } from "./helpers/browser";
import { customerNumber, sendInbound, sentTo, simulatorAvailable } from "./helpers/customer";

const { baseUrl, signIn } = browserSuite();
const MADRID = "Europe/Madrid";

/** What the Graph API was asked to send for a template (the part this test reads). */
type SentTemplate = { name: string; components: Array<{ type: string; parameters: Array<{ text: string }> }> };

test("a campaign to a tag: the form fills each customer's name, the live report reaches 3 read, one template each", async () => {
  expect(await simulatorAvailable(baseUrl)).toBe(true);
  const run = String(Date.now()).slice(-6);
  const customers = ["Camila Ortega", "Mateo Vidal", "Irene Soler"].map((name) => ({ name: `${name} ${run}`, waId: customerNumber() }));
  for (const c of customers) await sendInbound(baseUrl, { from: c.waId, name: c.name, text: "Hola, quiero saber de mi pedido" });

  const sofia = await signIn("sofia@demo.test");
  const ana = await signIn("ana@demo.test");
  try {
    // The audience: a fresh tag on exactly these three contacts (created by their messages, tagged through the API).
    const tagName = `campaña-${run}`;
    const tagResponse = await sofia.request.post("/api/admin/tags", { data: { name: tagName, color: "#22aa66" } });
    expect(tagResponse.status()).toBe(201);
    const tagId = ((await tagResponse.json()) as { id: string }).id;
    for (const c of customers) {
      let contactId: string | undefined;
      await expect
        .poll(async () => {
          const found = (await (await sofia.request.get(`/api/contacts?q=${c.waId}`)).json()) as { items: Array<{ id: string }> };
          contactId = found.items[0]?.id;
          return found.items.length;
        }, { timeout: 15_000 })
        .toBe(1);
      expect((await sofia.request.post(`/api/contacts/${contactId}/tags`, { data: { add: [tagId] } })).status()).toBe(200);
    }

    // Agents neither see the entry nor the page.
    const anaPage = await openInbox(ana);
    expect(await anaPage.getByRole("link", { name: "Campañas" }).count()).toBe(0);
    await anaPage.goto("/campaigns");
    await anaPage.getByText("Las campañas son para supervisores y administradores.").waitFor();

    const page = await openInbox(sofia);
    await page.getByRole("link", { name: "Campañas" }).click();
    await page.getByRole("heading", { name: "Campañas", level: 1 }).waitFor();
    await page.getByRole("button", { name: "Nueva campaña" }).click();
    const form = page.getByRole("form", { name: "Nueva campaña" });
    await form.waitFor();

    const campaignName = `Pedidos ${run}`;
    await form.getByLabel("Nombre de la campaña").fill(campaignName);
    await form.getByLabel("Plantilla aprobada").selectOption("seguimiento_pedido|es");
    // Value 1 through its chip (cleared first: the form suggests the same placeholder), value 2 as fixed text.
    const first = form.getByLabel("Valor de {{1}}");
    await first.fill("");
    await form.getByRole("group", { name: "Insertar en {{1}}" }).getByRole("button", { name: "+ Nombre (o «cliente»)" }).click();
    expect(await first.inputValue()).toBe("{{contact.name|cliente}}");
    await form.getByLabel("Valor de {{2}}").fill("B-2201");
    const preview = form.getByTestId("campaign-preview");
    await expect.poll(() => preview.textContent()).toBe("Hola Lucía Pérez, te escribimos por tu pedido B-2201. ¿Podemos ayudarte en algo más?");
    await form.getByLabel("Ver como contacto sin nombre").check();
    await expect.poll(() => preview.textContent()).toContain("Hola cliente, te escribimos");
    await form.getByLabel(tagName).check();

    // A time already past: the API's refusal shows next to the button, and nothing is created.
    await form.getByLabel("Programar").check();
    const yesterday = dayOf(Date.now() - 86_400_000, MADRID);
    await form.getByLabel("Fecha y hora").fill(`${yesterday}T10:00`);
    await form.getByRole("button", { name: "Programar campaña" }).click();
    await expect.poll(() => form.getByTestId("campaign-form-error").textContent()).toContain("La hora elegida ya ha pasado.");
    expect((((await (await sofia.request.get("/api/campaigns")).json()) as { items: Array<{ name: string }> }).items).filter((c) => c.name === campaignName)).toHaveLength(0);

    await form.getByLabel("Enviar ahora").check();
    await screenshot(page, "70-campaign-form");
    await form.getByRole("button", { name: "Crear y enviar" }).click();

    // The live report: it fills until all three have read it.
    await page.getByRole("heading", { name: `Informe de «${campaignName}»` }).waitFor();
    const count = async (key: string) => Number(await page.locator(`.cmp-card[data-count="${key}"] .cmp-card-value`).textContent());
    await expect.poll(() => count("read"), { timeout: 30_000, interval: 500 }).toBe(3);
    expect({ total: await count("total"), queued: await count("queued"), sent: await count("sent"), delivered: await count("delivered"), failed: await count("failed"), skipped: await count("skipped") }).toEqual({
      total: 3, queued: 0, sent: 0, delivered: 0, failed: 0, skipped: 0,
    });
    await expect.poll(() => page.getByTestId("campaign-status").textContent(), { timeout: 10_000 }).toBe("Completada");
    // Completed: no actions left to take.
    for (const action of ["Pausar", "Reanudar", "Cancelar campaña", "Enviar ahora"]) expect(await page.locator(".cmp-actions").getByRole("button", { name: action }).count()).toBe(0);

    // Recipients: each customer, read, linking to their conversation; the failed filter is empty.
    const rows = page.getByTestId("campaign-recipients").locator("tbody tr");
    await expect.poll(() => rows.count()).toBe(3);
    for (const c of customers) {
      const row = rows.filter({ hasText: c.name });
      expect(await row.getAttribute("data-state")).toBe("read");
      expect(await row.getByRole("link", { name: c.name }).getAttribute("href")).toMatch(/^\/c\/cv_/);
    }
    await page.locator("select[name=state]").selectOption("failed");
    await page.getByText("Ningún destinatario con este filtro.").waitFor();
    await page.locator("select[name=state]").selectOption("read");
    await expect.poll(() => rows.count()).toBe(3);

    // The list shows it finished, all three through.
    const listed = page.getByTestId("campaign-list").locator("tr", { hasText: campaignName });
    await expect.poll(() => listed.locator(".cmp-status").textContent()).toBe("Completada");
    expect(await listed.locator(".cmp-progress-text").textContent()).toBe("3 de 3");
    await screenshot(page, "71-campaign-report");

    // WhatsApp (the simulator) got exactly one template per customer, with that customer's name.
    for (const c of customers) {
      const templates = (await sentTo(baseUrl, c.waId)).filter((m) => m.type === "template");
      expect(templates).toHaveLength(1);
      const sent = templates[0]!.body.template as SentTemplate;
      expect(sent.name).toBe("seguimiento_pedido");
      expect(sent.components.find((p) => p.type === "body")!.parameters.map((p) => p.text)).toEqual([c.name, "B-2201"]);
    }

    // A recipient's link opens the conversation, where the template is.
    await page.getByTestId("campaign-recipients").getByRole("link", { name: customers[0]!.name }).click();
    await page.waitForURL(/\/c\/cv_/);
    await page.locator(".msg-out[data-kind='template']", { hasText: "pedido B-2201" }).waitFor();
  } finally {
    await ana.close();
    await sofia.close();
  }
});
