// Reports and the wallboard as a supervisor sees them: the cards fill with the activity the test makes (a customer
// writes, Ana answers and resolves), each card explains itself, the range and filters reach the chart, the
// per-person table and the CSV link; agents see neither entry; the wallboard counts a new customer live.
import { expect, test } from "vitest";
import { dayOf } from "../../shared/zoned-time";
import { browserSuite, claim, openConversation, openInbox, screenshot } from "./helpers/browser";
import { customerNumber, sendInbound } from "./helpers/customer";

const { baseUrl, signIn } = browserSuite();
const MADRID = "Europe/Madrid";

test("reports: today's first response and resolution reach the cards, the chart draws, the CSV link and the table follow the filters; agents have no entry", async () => {
  const name = "Inés Carrasco";
  await sendInbound(baseUrl, { from: customerNumber(), name, text: "Hola, ¿puedo cambiar la montura de mis gafas? 👓" });
  const ana = await signIn("ana@demo.test");
  const sofia = await signIn("sofia@demo.test");
  try {
    const anaId = ((await (await ana.request.get("/api/auth/me")).json()) as { agent: { id: string } }).agent.id;
    const anaPage = await openInbox(ana);
    expect(await anaPage.getByRole("link", { name: "Informes" }).count()).toBe(0);
    expect(await anaPage.getByRole("link", { name: "Panel en directo" }).count()).toBe(0);

    await openConversation(anaPage, name);
    await claim(anaPage);
    const input = anaPage.locator("#composer-input");
    await input.fill("¡Hola Inés! Sí, pásate por la tienda y lo vemos juntos.");
    await input.press("Enter");
    await anaPage.locator(".msg-out", { hasText: "pásate por la tienda" }).waitFor();
    await anaPage.getByRole("button", { name: "Resolver" }).click();
    await anaPage.locator(".activity", { hasText: "Ana López resolvió la conversación" }).waitFor();

    // Reports read D1, which the workspace object fills a moment later: wait until today's figures are there.
    const today = dayOf(Date.now(), MADRID);
    const todayOf = async (query: string) => {
      const r = await sofia.request.get(`/api/reports/summary?from=${today}&to=${today}${query}`);
      return r.ok() ? ((await r.json()) as { firstResponse: { count: number }; conversations: { resolved: number } }) : null;
    };
    await expect
      .poll(async () => {
        const s = await todayOf(`&agentId=${anaId}`);
        return Boolean(s && s.firstResponse.count > 0 && s.conversations.resolved > 0);
      }, { timeout: 30_000, interval: 500 })
      .toBe(true);

    const page = await openInbox(sofia);
    await page.getByRole("link", { name: "Informes" }).click();
    await page.getByRole("heading", { name: "Informes", level: 1 }).waitFor();
    const card = (metric: string) => page.locator(`.metric[data-metric="${metric}"]`);
    const value = async (metric: string) => ((await card(metric).locator(".metric-value").textContent()) ?? "").trim();
    await expect.poll(() => value("firstResponse"), { timeout: 15_000 }).toMatch(/^(< 1 s|\d+ (d|h|min|s)\b)/);
    expect(Number(await value("resolved"))).toBeGreaterThan(0);
    expect(Number(await value("created"))).toBeGreaterThan(0);
    expect(Number(await value("messagesIn"))).toBeGreaterThan(0);

    // Each card says what it measures when focused (the definition from the API's contract, in Spanish).
    const definition = card("firstResponse").locator(".metric-def");
    expect(await definition.isVisible()).toBe(false);
    await card("firstResponse").focus();
    await expect.poll(() => definition.isVisible()).toBe(true);
    await expect.poll(() => definition.textContent()).toContain("primer mensaje del cliente");
    expect(await card("firstResponse").getAttribute("aria-describedby")).toBe(await definition.getAttribute("id"));

    // The chart draws on a canvas (the last 7 days by default).
    const canvas = page.locator(".chart canvas").first();
    await canvas.waitFor();
    expect((await canvas.boundingBox())?.width ?? 0).toBeGreaterThan(200);
    await screenshot(page, "60-reports");

    // Today, Ana, business hours: the CSV link, the chart and the per-person table follow.
    const csv = page.getByRole("link", { name: "Exportar CSV" });
    await page.getByRole("button", { name: "Hoy" }).click();
    await expect.poll(() => page.getByRole("button", { name: "Hoy" }).getAttribute("aria-pressed")).toBe("true");
    await page.locator("select[name=agentId]").selectOption({ label: "Ana López" });
    await page.getByLabel("Horario laboral").check();
    await expect.poll(() => csv.getAttribute("href")).toBe(`/api/reports/export.csv?from=${today}&to=${today}&agentId=${encodeURIComponent(anaId)}&businessHours=true`);
    await page.getByLabel("Horario laboral").uncheck();
    await expect.poll(() => csv.getAttribute("href")).toBe(`/api/reports/export.csv?from=${today}&to=${today}&agentId=${encodeURIComponent(anaId)}`);
    const download = await sofia.request.get((await csv.getAttribute("href"))!);
    expect(download.status()).toBe(200);
    expect(download.headers()["content-type"]).toContain("text/csv");

    const rows = page.locator(".report-table tbody tr");
    await expect.poll(() => rows.count()).toBe(1);
    const anaRow = page.locator(`.report-table tr[data-agent="${anaId}"]`);
    await expect.poll(async () => Number((await anaRow.locator("td").nth(2).textContent())?.trim()), { timeout: 10_000 }).toBeGreaterThan(0);

    // Another metric by week: the chart is drawn again for it (its label is the metric's).
    await page.getByLabel("Métrica").selectOption({ label: "Resueltas" });
    await page.getByLabel("Agrupar por").selectOption({ label: "Por semana" });
    await page.locator('.chart[aria-label="Resueltas"] canvas').scrollIntoViewIfNeeded();
    await screenshot(page, "61-reports-chart-and-people");

    // An agent who types the address gets a sentence, not a broken page.
    await anaPage.goto("/reports");
    await anaPage.getByText("Los informes y el panel en directo son para supervisores y administradores.").waitFor();
  } finally {
    await ana.close();
    await sofia.close();
  }
});

test("wallboard: a new customer raises the unassigned count live, without reloading; the longest wait ticks; a first response running out of time is listed, then shown as missed", async () => {
  const admin = await signIn("admin@demo.test");
  const sofia = await signIn("sofia@demo.test");
  // A first-response target of seconds (development accepts them), removed afterwards: warned at 75 %, missed at 6 s.
  const policy = await admin.request.post("/api/admin/sla-policies", { data: { name: "Panel: respuesta en 6 s", firstResponseSeconds: 6 } });
  expect(policy.status(), await policy.text()).toBe(201);
  const policyId = ((await policy.json()) as { id: string }).id;
  try {
    const page = await sofia.newPage();
    page.on("pageerror", (err) => console.error(`[page error] ${err.message}`));
    await page.goto("/wallboard");
    await page.getByRole("heading", { name: /Panel en directo/ }).waitFor();
    const unassigned = page.locator('[data-tile="unassigned"] .wall-tile-value');
    await expect.poll(async () => /^\d+$/.test(((await unassigned.textContent()) ?? "").trim())).toBe(true);
    const before = Number(await unassigned.textContent());
    // Marks this document: a reload would lose the mark.
    await page.evaluate(() => ((window as unknown as { __sameDocument?: boolean }).__sameDocument = true));

    const name = "Gonzalo Prieto";
    await sendInbound(baseUrl, { from: customerNumber(), name, text: "Buenas, ¿tenéis lentillas diarias en stock?" });
    await expect.poll(async () => Number(await unassigned.textContent()), { timeout: 15_000 }).toBe(before + 1);

    // Someone is waiting (this customer or an older one), and the figure moves every second.
    const wait = page.locator('[data-tile="waiting"] .wall-tile-value');
    await expect.poll(async () => ((await wait.textContent()) ?? "").trim()).toMatch(/\d+ (d|h|min|s)/);
    const first = await wait.textContent();
    await expect.poll(() => wait.textContent(), { timeout: 5_000 }).not.toBe(first);

    const risk = page.locator('.wall-window[data-sla="first_response"]', { hasText: name });
    await risk.waitFor({ timeout: 15_000 });
    await expect.poll(() => risk.locator(".wall-window-left").textContent(), { timeout: 15_000 }).toMatch(/^incumplido hace/);
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);

    await page.locator(".wall-person", { hasText: "Ana López" }).waitFor();
    await screenshot(page, "62-wallboard");
  } finally {
    await admin.request.delete(`/api/admin/sla-policies/${policyId}`);
    await admin.close();
    await sofia.close();
  }
});

test("settings → Calidad de servicio: an admin adds an SLA policy and turns the survey on for a number", async () => {
  const admin = await signIn("admin@demo.test");
  try {
    const page = await admin.newPage();
    await page.goto("/settings/service");
    await page.getByRole("heading", { name: "Calidad de servicio", level: 1 }).waitFor();
    const form = page.getByRole("form", { name: "Nueva política" });
    await form.getByLabel("Nombre").fill("Urgentes navegador");
    await form.getByLabel("Prioridad").selectOption("urgent");
    await form.getByLabel("Primera respuesta (minutos)").fill("15");
    await form.getByLabel("Resolución (horas)").fill("4");
    await form.getByLabel("Contar solo el horario laboral").check();
    await form.getByRole("button", { name: "Nueva política" }).click();
    await page.locator(".sla-row", { hasText: "Urgentes navegador" }).waitFor();
    const policies = (await (await admin.request.get("/api/admin/sla-policies")).json()) as { items: Array<{ id: string; name: string; priority: string; firstResponseSeconds: number; resolutionSeconds: number; businessHours: boolean }> };
    const made = policies.items.find((p) => p.name === "Urgentes navegador")!;
    expect(made).toMatchObject({ priority: "urgent", firstResponseSeconds: 900, resolutionSeconds: 14_400, businessHours: true });

    const survey = page.locator("form[data-channel]").first();
    await survey.getByLabel("Enviar la encuesta al resolver").check();
    await survey.getByRole("button", { name: "Guardar" }).click();
    await expect.poll(async () => ((await (await admin.request.get("/api/admin/settings")).json()) as { channels: Array<{ csatEnabled: boolean }> }).channels[0]!.csatEnabled, { timeout: 5_000 }).toBe(true);
    await screenshot(page, "63-service-settings");

    await admin.request.patch(`/api/admin/channels/${(await survey.getAttribute("data-channel"))!}`, { data: { csatEnabled: false } });
    await admin.request.delete(`/api/admin/sla-policies/${made.id}`);
  } finally {
    await admin.close();
  }
});
