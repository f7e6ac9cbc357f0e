// The simulator's template store behaves like Meta's (meta-api.md §11.1–§11.3): creation with Meta's validation,
// a timed review that posts message_template_status_update, list paging, delete, control events, and sends.
import { exports } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { DEMO_CHANNEL, DEMO_TEMPLATES } from "../../worker/dev/demo-fixture";
import { reviewTemplate, type TemplateComponent } from "../../worker/sim/template-rules";
import { TOKEN, control, customerNumber, graph, resetSimulator, send, uploadSample, waitFor, type GraphJson } from "./sim-helpers";

type Json = Record<string, unknown>;
const WABA = DEMO_CHANNEL.wabaId;
const REVIEW_MS = 40;

interface Webhook {
  at: number;
  answer: number;
  payload: { object: string; entry: Array<{ id: string; time?: number; changes: Array<{ field: string; value: Json }> }> };
}

beforeEach(() => resetSimulator({ templateReviewMs: REVIEW_MS }));

const body = (text: string, examples: string[]): TemplateComponent => ({ type: "BODY", text, ...(examples.length ? { example: { body_text: [examples] } } : {}) });

function draft(name: string, extra: Json = {}): Json {
  return {
    name,
    language: "es",
    category: "MARKETING",
    components: [body("Hola {{1}}, tu pedido {{2}} ya está listo para recoger en nuestra tienda.", ["Ana", "A-1"])],
    ...extra,
  };
}

async function graphJson<T = Json & GraphJson>(path: string, init: RequestInit = {}): Promise<{ status: number; json: T }> {
  const response = await graph(path, { ...init, headers: { "content-type": "application/json", ...init.headers } });
  return { status: response.status, json: (await response.json()) as T };
}

const create = (payload: Json) => graphJson<Json & GraphJson>(`${WABA}/message_templates`, { method: "POST", body: JSON.stringify(payload) });

const sendTemplate = (name: string, code: string, params: string[]) =>
  send({
    to: customerNumber(),
    type: "template",
    template: { name, language: { code }, components: params.length ? [{ type: "body", parameters: params.map((text) => ({ type: "text", text })) }] : [] },
  });

async function templateWebhooks(field = "message_template_status_update"): Promise<Webhook[]> {
  const { json } = await control<{ webhooks: Webhook[] }>("/webhooks?limit=200");
  return json.webhooks.filter((w) => w.payload.entry.some((e) => e.changes.some((c) => c.field === field)));
}

const valueOf = (w: Webhook) => w.payload.entry[0]!.changes[0]!.value;

async function webhookFor(id: string, event: string, field = "message_template_status_update"): Promise<Webhook> {
  const hooks = await waitFor(
    () => templateWebhooks(field),
    (list) => list.some((w) => valueOf(w).message_template_id === Number(id) && (field !== "message_template_status_update" || valueOf(w).event === event)),
  );
  return hooks.find((w) => valueOf(w).message_template_id === Number(id) && (field !== "message_template_status_update" || valueOf(w).event === event))!;
}

const event = (payload: Json) => control<{ template: { status: string; quality: string }; deliveries: Array<{ status: number }> }>("/templates/event", payload);

describe("creating a template", () => {
  it("is PENDING, then the review approves it, posts the signed webhook and the template can be sent", async () => {
    // Long enough that the send below surely comes before the review on a loaded machine.
    await control("/config", { templateReviewMs: 1_500 });
    const created = await create(draft("promo_enero"));
    expect(created.status).toBe(200);
    expect(created.json).toEqual({ id: expect.stringMatching(/^\d{16}$/), status: "PENDING", category: "MARKETING" });
    const id = String(created.json.id);

    // Not sendable while pending: Meta's 132001, HTTP 404.
    const early = await sendTemplate("promo_enero", "es", ["Ana", "A-1"]);
    expect(early.status).toBe(404);
    expect(early.json.error?.code).toBe(132001);
    expect((await graphJson(`${id}?fields=status`)).json).toEqual({ id, status: "PENDING" });

    const hook = await webhookFor(id, "APPROVED");
    expect(hook.answer).toBe(200);
    expect(hook.payload.object).toBe("whatsapp_business_account");
    expect(hook.payload.entry[0]).toMatchObject({ id: WABA, time: expect.any(Number), changes: [{ field: "message_template_status_update" }] });
    expect(valueOf(hook)).toEqual({
      event: "APPROVED",
      message_template_id: Number(id),
      message_template_name: "promo_enero",
      message_template_language: "es",
      reason: "NONE",
      message_template_category: "MARKETING",
    });

    const node = await graphJson(`${id}?fields=status,category`);
    expect(node.json).toEqual({ id, status: "APPROVED", category: "MARKETING" });
    const full = await graphJson(id);
    expect(full.json).toMatchObject({ id, name: "promo_enero", language: "es", status: "APPROVED", parameter_format: "POSITIONAL", components: [{ type: "BODY" }] });
    expect((await graphJson(`${id}?fields=nope`)).json.error?.message).toMatch(/nonexisting field \(nope\)/);

    expect((await sendTemplate("promo_enero", "es", ["Ana"])).json.error?.code).toBe(132000);
    const ok = await sendTemplate("promo_enero", "es", ["Ana", "A-1"]);
    expect(ok.status).toBe(200);
    // Pricing follows the stored category.
    const wamid = ok.json.messages![0]!.id;
    const sentHook = await waitFor(
      async () => (await control<{ webhooks: Webhook[] }>("/webhooks?limit=200")).json.webhooks,
      (list) => list.some((w) => JSON.stringify(w.payload).includes(wamid) && JSON.stringify(w.payload).includes('"sent"')),
    );
    const statuses = sentHook.flatMap((w) => w.payload.entry.flatMap((e) => e.changes.flatMap((c) => (c.value.statuses as Json[] | undefined) ?? [])));
    expect(statuses.find((s) => s.id === wamid && s.status === "sent")).toMatchObject({ pricing: { category: "marketing", billable: true } });
  });

  it("refuses what Meta refuses with code 100 and a reason", async () => {
    const buttons = (list: Json[]) => ({ type: "BUTTONS", buttons: list });
    const qr = (text: string) => ({ type: "QUICK_REPLY", text });
    const url = { type: "URL", text: "Ver oferta", url: "https://ex.com/o" };
    const cases: Array<[Json, RegExp]> = [
      [draft("Promo-Enero"), /lowercase letters, digits and underscores/],
      [draft("a".repeat(513)), /at most 512/],
      [draft("x", { category: "PROMO" }), /category must be one of/],
      [draft("x", { language: "español" }), /language/],
      [draft("x", { components: [] }), /components is required/],
      [draft("x", { components: [{ type: "FOOTER", text: "Gracias" }] }), /needs a BODY/],
      [draft("x", { components: [body("Hola {{1}}, tu pedido {{2}} ya está listo para recoger.", [])] }), /needs an example/],
      [draft("x", { components: [body("Hola {{1}}, tu pedido {{2}} ya está listo para recoger.", ["Ana"])] }), /needs an example/],
      [draft("x", { components: [body("Hola {{1}}, tu pedido {{3}} ya está listo para recoger.", ["Ana", "B"])] }), /sequential/],
      [draft("x", { components: [body("a".repeat(1025), [])] }), /at most 1024/],
      [draft("x", { components: [{ type: "HEADER", format: "TEXT", text: "h".repeat(61) }, body("Hola, esto es un mensaje de prueba.", [])] }), /HEADER text must be at most 60/],
      [draft("x", { components: [{ type: "HEADER", format: "TEXT", text: "Hola {{1}} y {{2}}", example: { header_text: ["a", "b"] } }, body("Hola, esto es un mensaje de prueba.", [])] }), /at most 1 variable/],
      [draft("x", { components: [{ type: "HEADER", format: "IMAGE" }, body("Hola, esto es un mensaje de prueba.", [])] }), /header_handle/],
      [draft("x", { components: [body("Hola, esto es un mensaje de prueba.", []), { type: "FOOTER", text: "Baja {{1}}" }] }), /FOOTER text can't have variables/],
      [draft("x", { components: [body("Hola, esto es un mensaje de prueba.", []), buttons([qr("Sí"), url, qr("No")])] }), /QUICK_REPLY buttons must be grouped/],
      [draft("x", { components: [body("Hola, esto es un mensaje de prueba.", []), buttons([url, url, url])] }), /at most 2 URL buttons/],
      [draft("x", { components: [body("Hola, esto es un mensaje de prueba.", []), buttons(Array.from({ length: 11 }, (_, i) => qr(`R${i}`)))] }), /at most 10 buttons/],
      [draft("x", { parameter_format: "NAMED", components: [body("Hola {{nombre}}, tu pedido está listo para recoger hoy.", [])] }), /body_text_named_params/],
    ];
    for (const [payload, details] of cases) {
      const { status, json } = await create(payload);
      expect(status, JSON.stringify(payload).slice(0, 120)).toBe(400);
      expect(json.error).toMatchObject({ code: 100, type: "OAuthException" });
      expect(json.error?.error_data?.details, JSON.stringify(payload).slice(0, 120)).toMatch(details);
    }
    // What passes: quick replies together, named parameters with their examples, a media header with a handle.
    const valid = await create(draft("bienvenida_named", {
      parameter_format: "NAMED",
      components: [
        { type: "HEADER", format: "IMAGE", example: { header_handle: [await uploadSample(new Uint8Array([137, 80, 78, 71]))] } },
        { type: "BODY", text: "Hola {{nombre}}, usa el código {{codigo}} en tu próxima compra con nosotros.", example: { body_text_named_params: [{ param_name: "nombre", example: "Ana" }, { param_name: "codigo", example: "ENE25" }] } },
        { type: "FOOTER", text: "Sin ofertas: toca Detener promociones" },
        buttons([qr("Me interesa"), qr("Detener promociones"), { ...url, url: "https://ex.com/o/{{1}}", example: ["ENE25"] }, { type: "PHONE_NUMBER", text: "Llamar", phone_number: "+34911000001" }]),
      ],
    }));
    expect(valid.status).toBe(200);
    // The same name in the same language again: subcode 2388024; in another language it is a new template.
    const duplicate = await create(draft("bienvenida_named", { language: "es" }));
    expect(duplicate.status).toBe(400);
    expect(duplicate.json.error).toMatchObject({ code: 100, error_subcode: 2388024 });
    expect((await create(draft("bienvenida_named", { language: "en_US" }))).status).toBe(200);

    const unknownWaba = await graphJson("123456789012345/message_templates", { method: "POST", body: JSON.stringify(draft("x")) });
    expect(unknownWaba.status).toBe(400);
    expect(unknownWaba.json.error).toMatchObject({ code: 100, error_subcode: 33 });
  });

  it("rejects at review what breaks Meta's format rules, with INVALID_FORMAT and rejection_info", async () => {
    const created = await create(draft("termina_en_variable", { components: [body("Gracias por tu compra, tu número de seguimiento es el {{1}}.", ["XY-1"])] }));
    expect(created.status).toBe(200);
    const id = String(created.json.id);
    const hook = await webhookFor(id, "REJECTED");
    expect(valueOf(hook)).toMatchObject({
      event: "REJECTED",
      reason: "INVALID_FORMAT",
      rejection_info: { reason: expect.stringMatching(/start or end/), recommendation: expect.any(String) },
    });
    expect((await graphJson(`${id}?fields=status,rejected_reason`)).json).toEqual({ id, status: "REJECTED", rejected_reason: "INVALID_FORMAT" });
    const send = await sendTemplate("termina_en_variable", "es", ["XY-1"]);
    expect(send.status).toBe(404);
    expect(send.json.error?.code).toBe(132001);

    const review = (text: string) => reviewTemplate({ category: "UTILITY", components: [{ type: "BODY", text }] })?.rejectionInfo.reason ?? null;
    expect(review("{{1}}, tu pedido está listo para recoger en la tienda.")).toMatch(/start or end/);
    expect(review("Hola {{1}} {{2}}, tu pedido está listo para recoger en la tienda.")).toMatch(/next to each other/);
    expect(review("Hola {{#1}}, tu pedido está listo para recoger en la tienda.")).toMatch(/#, \$ or %/);
    expect(review("Hola {{1}}, pedido {{2}} listo {{3}} ya.")).toMatch(/too many variable/);
    expect(review("Hola {{1}}, tu pedido está listo para recoger en la tienda.")).toBeNull();
    for (const t of DEMO_TEMPLATES) expect(reviewTemplate(t), t.name).toBeNull();
  });
});

describe("Meta's later verdicts (control route)", () => {
  it("pauses, disables and reinstates a template, with its webhooks and Meta's send errors", async () => {
    const demo = DEMO_TEMPLATES[0]!;
    const paused = await event({ name: demo.name, language: demo.language, event: "PAUSED", quality: "RED" });
    expect(paused.status).toBe(200);
    expect(paused.json.template).toMatchObject({ status: "PAUSED", quality: "RED" });
    expect(paused.json.deliveries.map((d) => d.status)).toEqual([200, 200]);
    const pausedHook = await webhookFor(demo.metaId, "PAUSED");
    expect(valueOf(pausedHook)).toMatchObject({ event: "PAUSED", message_template_id: Number(demo.metaId), other_info: { title: "FIRST_PAUSE" } });
    const quality = await webhookFor(demo.metaId, "", "message_template_quality_update");
    expect(valueOf(quality)).toEqual({
      previous_quality_score: "GREEN", new_quality_score: "RED",
      message_template_id: Number(demo.metaId), message_template_name: demo.name, message_template_language: demo.language,
    });
    const sendPaused = await sendTemplate(demo.name, demo.language, ["Ana", "A-1"]);
    expect(sendPaused.status).toBe(400);
    expect(sendPaused.json.error?.code).toBe(132015);

    await event({ name: demo.name, language: demo.language, event: "DISABLED" });
    expect(valueOf(await webhookFor(demo.metaId, "DISABLED"))).toMatchObject({ disable_info: { disable_date: expect.any(Number) } });
    expect((await sendTemplate(demo.name, demo.language, ["Ana", "A-1"])).json.error?.code).toBe(132016);
    // Meta does not delete disabled templates.
    expect((await graphJson(`${WABA}/message_templates?name=${demo.name}`, { method: "DELETE" })).json.error?.error_data?.details).toMatch(/DISABLED/);

    await event({ name: demo.name, language: demo.language, event: "REINSTATED", quality: "GREEN" });
    expect((await sendTemplate(demo.name, demo.language, ["Ana", "A-1"])).status).toBe(200);

    const listed = await control<{ templates: Array<{ name: string; status: string; quality: string }> }>("/templates");
    expect(listed.json.templates.find((t) => t.name === demo.name)).toMatchObject({ status: "APPROVED", quality: "GREEN" });
    expect((await event({ name: "no_existe", language: "es", event: "APPROVED" })).status).toBe(404);
    expect((await event({ name: demo.name, language: "es", event: "BORRADO" })).status).toBe(400);
  });

  it("retries a template webhook the Worker refused until it is accepted", async () => {
    await control("/config", { webhookSignature: "invalid", webhookRetryBaseMs: 30 });
    const demo = DEMO_TEMPLATES[1]!;
    const flagged = await event({ name: demo.name, language: demo.language, event: "FLAGGED" });
    expect(flagged.json.deliveries.map((d) => d.status)).toEqual([401, 401]);
    expect(flagged.json.template).toMatchObject({ status: "APPROVED", quality: "RED" });
    type State = { pendingStatuses: Array<{ attempts: number; payload: { kind?: string } }> };
    await waitFor(async () => (await control<State>("/state")).json.pendingStatuses, (jobs) => jobs.filter((j) => j.payload.kind === "template").length === 2 && jobs.every((j) => j.attempts >= 1));
    await control("/config", { webhookSignature: "valid" });
    await waitFor(async () => (await control<State>("/state")).json.pendingStatuses, (jobs) => jobs.length === 0);
    const accepted = (await templateWebhooks()).filter((w) => valueOf(w).event === "FLAGGED" && w.answer === 200);
    expect(accepted).toHaveLength(1);
  });
});

describe("listing and deleting", () => {
  it("pages with cursors and an absolute paging.next until every template was seen", async () => {
    await control("/config", { templateReviewMs: 60_000 }); // they stay PENDING, for the status filter below
    for (let i = 0; i < 7; i++) expect((await create(draft(`lote_${i}`))).status).toBe(200);
    const names: string[] = [];
    let pages = 0;
    let response = await graph(`${WABA}/message_templates?fields=name,status,language&limit=3`);
    for (;;) {
      const page = (await response.json()) as { data: Json[]; paging?: { cursors: { before: string; after: string }; next?: string } };
      pages += 1;
      expect(page.data.length).toBeLessThanOrEqual(3);
      for (const t of page.data) expect(Object.keys(t).sort()).toEqual(["id", "language", "name", "status"]);
      names.push(...page.data.map((t) => String(t.name)));
      expect(page.paging?.cursors).toEqual({ before: expect.any(String), after: expect.any(String) });
      if (!page.paging?.next) break;
      expect(page.paging.next).toMatch(new RegExp(`^http://x/__sim/graph/v25\\.0/${WABA}/message_templates\\?`));
      response = await exports.default.fetch(new Request(page.paging.next, { headers: { authorization: `Bearer ${TOKEN}` } }));
    }
    expect(pages).toBe(4);
    expect(names).toEqual([...DEMO_TEMPLATES.map((t) => t.name), ...Array.from({ length: 7 }, (_, i) => `lote_${i}`)]);

    const approved = await graphJson<{ data: Json[] }>(`${WABA}/message_templates?status=approved&limit=50`);
    expect(approved.json.data.map((t) => t.name)).toEqual(DEMO_TEMPLATES.map((t) => t.name));
    const pending = await graphJson<{ data: Json[] }>(`${WABA}/message_templates?status=PENDING&fields=status`);
    expect(pending.json.data).toHaveLength(7);
    expect(pending.json.data.every((t) => t.status === "PENDING")).toBe(true);
    const byName = await graphJson<{ data: Json[] }>(`${WABA}/message_templates?name=order_follow_up`);
    expect(byName.json.data).toEqual([expect.objectContaining({ name: "order_follow_up", language: "en_US", status: "APPROVED", category: "UTILITY", components: DEMO_TEMPLATES[3]!.components })]);
    expect((await graphJson(`${WABA}/message_templates?after=garbage`)).json.error?.code).toBe(100);
  });

  it("deletes by name (every language) or by hsm_id, and a reset brings the demo templates back", async () => {
    expect((await create(draft("doble", { language: "es" }))).status).toBe(200);
    const english = await create(draft("doble", { language: "en_US" }));
    const single = await create(draft("unico"));
    const del = (query: string) => graphJson(`${WABA}/message_templates?${query}`, { method: "DELETE" });

    expect((await del(`hsm_id=${single.json.id}&name=otro`)).json.error?.code).toBe(100);
    expect((await del(`hsm_id=${single.json.id}&name=unico`)).json).toEqual({ success: true });
    expect((await graphJson(String(single.json.id))).json.error?.error_subcode).toBe(33);
    expect((await del("name=doble")).json).toEqual({ success: true });
    expect((await graphJson(String(english.json.id))).status).toBe(400);
    expect((await del("name=doble")).json.error?.error_data?.details).toMatch(/could not be found/);
    expect((await del("")).json.error?.error_data?.details).toMatch(/name is required/);

    expect((await del("name=order_follow_up")).json).toEqual({ success: true });
    expect((await sendTemplate("order_follow_up", "en_US", ["Lucy", "4521"])).json.error?.code).toBe(132001);
    await resetSimulator({ templateReviewMs: REVIEW_MS });
    // Back, with its fixed id; `en-US` finds the `en_US` template.
    expect((await graphJson(`${DEMO_TEMPLATES[3]!.metaId}?fields=name`)).json).toEqual({ id: DEMO_TEMPLATES[3]!.metaId, name: "order_follow_up" });
    expect((await sendTemplate("order_follow_up", "en-US", ["Lucy", "4521"])).status).toBe(200);
  });
});
