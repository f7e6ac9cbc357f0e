// Templates with Meta, end to end against the Graph simulator: an admin submits one (POST /api/templates), the
// simulator reviews it and sends the signed status webhook, the row turns APPROVED and can be sent; rejections keep
// Meta's reason; a pause makes sends fail with 132015; sync adopts templates made elsewhere and drops deleted ones;
// roles and validation. Hand-made webhooks cover quality and category updates and unknown templates.
import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_CHANNEL } from "../../worker/dev/demo-fixture";
import type { WhatsAppTemplate } from "../../shared/model";
import type { CreateTemplateBody } from "../../shared/api/templates";
import { apiJson } from "./support/api";
import { postWebhook } from "./support/whatsapp";
import { openSocket } from "./support/sockets";
import { control, customerNumber, graph, resetSimulator, waitFor } from "./sim-helpers";

const CHANNEL = DEMO_CHANNEL.id;
const WABA = DEMO_CHANNEL.wabaId;

let counter = 0;
const uniqueName = (tag: string) => `${tag}_${Date.now().toString(36)}_${++counter}`;

const definition = (name: string, extra: Partial<CreateTemplateBody> = {}): CreateTemplateBody => ({
  channelId: CHANNEL,
  name,
  language: "es",
  category: "UTILITY",
  body: "Hola {{1}}, tu pedido {{2}} ya está listo para recoger en la tienda de la calle Mayor.",
  bodyExamples: ["Lucía", "A-1043"],
  footer: "Colmena Demo",
  buttons: [{ type: "QUICK_REPLY", text: "Gracias" }],
  ...extra,
});

const list = async (): Promise<WhatsAppTemplate[]> => (await apiJson("admin", "GET", `/api/templates?channelId=${CHANNEL}`)).body.items;
const byName = async (name: string) => (await list()).find((t) => t.name === name);
const waitStatus = (name: string, status: string) => waitFor(() => byName(name), (t) => t?.status === status, 8_000);

const templateWebhook = (field: string, value: Record<string, unknown>, wabaId: string = WABA) => ({
  object: "whatsapp_business_account",
  entry: [{ id: wabaId, time: Math.floor(Date.now() / 1000), changes: [{ field, value }] }],
});

beforeAll(async () => {
  await resetSimulator({ templateReviewMs: 150 });
});

describe("creating a template", () => {
  it("is stored PENDING with Meta's id and components, turns APPROVED by webhook (live), and can then be sent", async () => {
    const name = uniqueName("pedido_listo");
    const { socket } = await openSocket("ana", "/parties/workspace/ws_demo");
    const created = await apiJson("admin", "POST", "/api/templates", definition(name));
    expect(created.status).toBe(201);
    expect(created.body.template).toMatchObject({
      name, language: "es", status: "PENDING", quality: "UNKNOWN", reason: null, metaId: expect.stringMatching(/^\d+$/),
      parameters: [{ component: "body", count: 2 }],
      components: [{ type: "BODY", example: { body_text: [["Lucía", "A-1043"]] } }, { type: "FOOTER", text: "Colmena Demo" }, { type: "BUTTONS" }],
    });
    // Not sendable while in review.
    const early = await apiJson("ana", "POST", "/api/conversations", { channelId: CHANNEL, to: customerNumber(), template: { name, language: "es", params: ["Ana", "1"] } });
    expect(early).toMatchObject({ status: 422, body: { error: "template_not_approved" } });

    const approved = await waitStatus(name, "APPROVED");
    expect(approved).toMatchObject({ metaId: created.body.template.metaId, status: "APPROVED" });
    const frame = await socket!.next((f) => f.type === "template" && f.template.name === name && f.template.status === "APPROVED");
    expect(frame).toMatchObject({ type: "template", template: { id: created.body.template.id } });
    socket!.close();

    const to = customerNumber();
    const sent = await apiJson("ana", "POST", "/api/conversations", { channelId: CHANNEL, to, template: { name, language: "es", params: ["Ana", "A-7"] } });
    expect(sent.status).toBe(201);
    expect(sent.body.message.text).toBe("Hola Ana, tu pedido A-7 ya está listo para recoger en la tienda de la calle Mayor.");
    const history = await waitFor(
      () => apiJson("ana", "GET", `/api/conversations/${sent.body.conversation.id}/messages`),
      (r) => ["sent", "delivered", "read"].includes(r.body.messages.at(-1)?.status),
    );
    expect(history.body.messages.at(-1)).toMatchObject({ kind: "template", errorCode: null });
  });

  it("a template the review rejects ends REJECTED with Meta's reason", async () => {
    const name = uniqueName("rechazo");
    // Variables next to each other and at the end: the simulator's review (like Meta's) rejects it.
    const res = await apiJson("admin", "POST", "/api/templates", definition(name, { body: "Hola {{1}} {{2}}", bodyExamples: ["a", "b"] }));
    expect(res.status).toBe(201);
    expect(await waitStatus(name, "REJECTED")).toMatchObject({ reason: "INVALID_FORMAT" });
  });

  it("a paused template cannot be sent: the message ends failed with Meta's 132015", async () => {
    const name = uniqueName("pausa");
    expect((await apiJson("admin", "POST", "/api/templates", definition(name))).status).toBe(201);
    await waitStatus(name, "APPROVED");
    expect((await control("/templates/event", { name, language: "es", event: "PAUSED", quality: "RED" })).status).toBe(200);
    const paused = await waitFor(() => byName(name), (t) => t?.status === "PAUSED" && t.quality === "RED");
    expect(paused).toMatchObject({ reason: "FIRST_PAUSE" });

    // What agents can send is checked in D1; here the row is paused, so the API already refuses.
    const refused = await apiJson("ana", "POST", "/api/conversations", { channelId: CHANNEL, to: customerNumber(), template: { name, language: "es", params: ["Ana", "1"] } });
    expect(refused).toMatchObject({ status: 422, body: { error: "template_not_approved" } });

    // Meta pausing it before our row knows (webhook not yet arrived): the send itself fails with 132015.
    const name2 = uniqueName("pausa_tarde");
    expect((await apiJson("admin", "POST", "/api/templates", definition(name2))).status).toBe(201);
    await waitStatus(name2, "APPROVED");
    // Sent straight to Graph as Meta would pause it, without the Worker hearing: the signature is wrong on purpose.
    await control("/config", { webhookSignature: "invalid", webhookMaxAttempts: 1 });
    expect((await control("/templates/event", { name: name2, language: "es", event: "PAUSED" })).status).toBe(200);
    await control("/config", { webhookSignature: "valid" });
    expect((await byName(name2))?.status).toBe("APPROVED");
    const sent = await apiJson("ana", "POST", "/api/conversations", { channelId: CHANNEL, to: customerNumber(), template: { name: name2, language: "es", params: ["Ana", "1"] } });
    expect(sent.status).toBe(201);
    const failed = await waitFor(
      () => apiJson("ana", "GET", `/api/conversations/${sent.body.conversation.id}/messages`),
      (r) => r.body.messages.at(-1)?.status === "failed",
    );
    expect(failed.body.messages.at(-1)).toMatchObject({ errorCode: 132015 });
  });
});

describe("sync", () => {
  it("adopts a template created directly at Meta and removes one deleted there", async () => {
    const name = uniqueName("desde_meta");
    const made = await graph(`${WABA}/message_templates`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name, language: "en_US", category: "MARKETING", components: [{ type: "HEADER", format: "TEXT", text: "Hi {{1}}", example: { header_text: ["Ann"] } }, { type: "BODY", text: "Your code {{1}} works until the end of the month." , example: { body_text: [["X1"]] } }] }),
    });
    expect(made.status).toBe(200);
    const { id: metaId } = (await made.json()) as { id: string };

    const first = await apiJson("sofia", "POST", "/api/templates/sync", { channelId: CHANNEL });
    expect(first.status).toBe(200);
    expect(first.body.created).toBeGreaterThanOrEqual(1);
    expect(await byName(name)).toMatchObject({
      metaId, language: "en_US", category: "MARKETING", header: "Hi {{1}}", body: "Your code {{1}} works until the end of the month.",
      parameters: [{ component: "header", count: 1 }, { component: "body", count: 1 }],
    });

    const gone = await graph(`${WABA}/message_templates?hsm_id=${metaId}&name=${name}`, { method: "DELETE" });
    expect(gone.status).toBe(200);
    const second = await apiJson("admin", "POST", "/api/templates/sync", { channelId: CHANNEL });
    expect(second.status).toBe(200);
    expect(second.body.removed).toBeGreaterThanOrEqual(1);
    expect(await byName(name)).toBeUndefined();
    // The seeded demo templates are Meta's too: sync keeps them (matched by name and language, now with Meta's id).
    expect(await byName("seguimiento_pedido")).toMatchObject({ status: "APPROVED", metaId: expect.stringMatching(/^\d+$/) });
  });

  it("follows every page of Meta's list", async () => {
    const names = Array.from({ length: 55 }, (_, i) => uniqueName(`pagina_${i}`));
    for (const name of names) {
      const made = await graph(`${WABA}/message_templates`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name, language: "es", category: "UTILITY", components: [{ type: "BODY", text: "Gracias por tu visita a la tienda de hoy." }] }),
      });
      expect(made.status).toBe(200);
    }
    expect((await apiJson("admin", "POST", "/api/templates/sync", { channelId: CHANNEL })).status).toBe(200);
    const mine = (await list()).filter((t) => names.includes(t.name));
    expect(mine).toHaveLength(55);
  });
});

describe("deleting", () => {
  it("deletes at Meta and here", async () => {
    const name = uniqueName("borrar");
    const created = await apiJson("admin", "POST", "/api/templates", definition(name));
    expect(created.status).toBe(201);
    const res = await apiJson("admin", "DELETE", `/api/templates/${created.body.template.id}`);
    expect(res).toMatchObject({ status: 200, body: { deleted: true } });
    expect(await byName(name)).toBeUndefined();
    const names = (await control<{ templates: Array<{ name: string }> }>("/templates")).json.templates.map((t) => t.name);
    expect(names).not.toContain(name);
    expect((await apiJson("admin", "DELETE", `/api/templates/${created.body.template.id}`)).status).toBe(404);
  });
});

describe("webhooks for templates", () => {
  it("applies quality and category updates (matching by name + language when Meta's id is unknown), idempotently", async () => {
    const quality = templateWebhook("message_template_quality_update", {
      previous_quality_score: "UNKNOWN", new_quality_score: "YELLOW", message_template_id: 999000111, message_template_name: "recordatorio_cita", message_template_language: "es",
    });
    for (let i = 0; i < 2; i++) expect((await postWebhook(quality)).status).toBe(200);
    const category = templateWebhook("template_category_update", {
      message_template_id: 999000111, message_template_name: "recordatorio_cita", message_template_language: "es", previous_category: "UTILITY", new_category: "MARKETING",
    });
    expect((await postWebhook(category)).status).toBe(200);
    expect(await byName("recordatorio_cita")).toMatchObject({ quality: "YELLOW", category: "MARKETING", status: "APPROVED" });
  });

  it("answers 200 to updates for templates or accounts it does not know, storing nothing", async () => {
    const before = await list();
    const unknown = templateWebhook("message_template_status_update", { event: "APPROVED", message_template_id: 1, message_template_name: "nunca_vista", message_template_language: "en-US", reason: "NONE" });
    expect((await postWebhook(unknown)).status).toBe(200);
    const otherWaba = templateWebhook("message_template_status_update", { event: "PAUSED", message_template_id: 2, message_template_name: "recordatorio_cita", message_template_language: "es" }, "123");
    expect((await postWebhook(otherWaba)).status).toBe(200);
    expect((await list()).map((t) => [t.name, t.status])).toEqual(before.map((t) => [t.name, t.status]));
  });
});

describe("roles and validation", () => {
  it("agents may list but not create, delete or sync; supervisors may sync but not create", async () => {
    expect((await apiJson("ana", "GET", "/api/templates")).status).toBe(200);
    expect((await apiJson("ana", "POST", "/api/templates", definition(uniqueName("x")))).status).toBe(403);
    expect((await apiJson("ana", "POST", "/api/templates/sync", { channelId: CHANNEL })).status).toBe(403);
    expect((await apiJson("ana", "DELETE", "/api/templates/tpl_seguimiento_es")).status).toBe(403);
    expect((await apiJson("sofia", "POST", "/api/templates", definition(uniqueName("x")))).status).toBe(403);
    expect((await apiJson("admin", "POST", "/api/templates/sync", { channelId: "ch_not_mine" })).status).toBe(404);
  });

  it("answers 422 with the rule that failed, before calling Meta", async () => {
    const bad = await apiJson("admin", "POST", "/api/templates", definition("Mal-Nombre", { body: "Hola {{1}} y {{3}}", bodyExamples: ["a"], buttons: [{ type: "QUICK_REPLY", text: "x".repeat(26) }] }));
    expect(bad.status).toBe(422);
    expect(bad.body.error).toBe("template_invalid");
    expect(bad.body.details.issues.map((i: { rule: string }) => i.rule)).toEqual(["name_format", "body_sequence", "body_examples", "button_label"]);
    expect((await apiJson("admin", "POST", "/api/templates", { ...definition(uniqueName("x")), category: "PROMO" })).status).toBe(400);
    expect((await apiJson("admin", "POST", "/api/templates", definition("seguimiento_pedido"))).body).toMatchObject({ error: "template_exists" });
  });
});
