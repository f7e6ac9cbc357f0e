// Templates with a media header (issue 12): the simulator's Resumable Upload API and its checks on creation and
// sending (meta-api.md §11.1, §11.3), then Colmena's whole path: sample upload → template → send with the sample.
import { exports } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { contactIdFor } from "../../durable/projection";
import { conversationIdFor } from "../../shared/conversation-id";
import { DEMO_CHANNEL } from "../../worker/dev/demo-fixture";
import { apiJson, env, login, type Agent } from "./support/api";
import { TOKEN, call, customerNumber, graph, PNID, resetSimulator, send, sentTo, uploadSample, waitFor, type GraphJson } from "./sim-helpers";

type Json = Record<string, unknown>;
const WABA = DEMO_CHANNEL.wabaId;
const PNG = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 1, 2, 3, 4]);

async function graphJson(path: string, init: RequestInit = {}): Promise<{ status: number; json: Json & GraphJson }> {
  const response = await graph(path, init);
  return { status: response.status, json: (await response.json()) as Json & GraphJson };
}

const imageTemplate = (name: string, handle: string) => ({
  name, language: "es", category: "MARKETING",
  components: [
    { type: "HEADER", format: "IMAGE", example: { header_handle: [handle] } },
    { type: "BODY", text: "Hola {{1}}, mira nuestras novedades de esta semana en la tienda.", example: { body_text: [["Ana"]] } },
  ],
});

const createTemplate = (payload: Json) =>
  graphJson(`${WABA}/message_templates`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(payload) });

describe("simulator: Resumable Upload API and media headers", () => {
  beforeEach(() => resetSimulator({ templateReviewMs: 20 }));

  it("opens a session, takes the bytes from offset 0 and issues a handle; refuses bad lengths, types and offsets", async () => {
    const query = (extra: Record<string, string>) => new URLSearchParams({ file_name: "promo.png", file_length: String(PNG.byteLength), file_type: "image/png", ...extra });
    const badType = await graphJson(`123/uploads?${query({ file_type: "text/plain" })}`, { method: "POST" });
    expect(badType.status).toBe(400);
    expect(badType.json.error?.error_data?.details).toMatch(/file_type/);
    const badLength = await graphJson(`123/uploads?${query({ file_length: "-3" })}`, { method: "POST" });
    expect(badLength.json.error?.error_data?.details).toMatch(/file_length/);

    const opened = await graphJson(`123/uploads?${query({})}`, { method: "POST" });
    expect(opened.status).toBe(200);
    const id = String(opened.json.id);
    expect(id).toMatch(/^upload:/);
    expect((await graphJson(id)).json).toEqual({ id, file_offset: 0 });
    // Wrong offset, missing offset, wrong length: Meta's code 100 with the reason.
    const wrongOffset = await graphJson(id, { method: "POST", headers: { file_offset: "5" }, body: PNG });
    expect(wrongOffset.status).toBe(400);
    expect(wrongOffset.json.error).toMatchObject({ code: 100 });
    expect(wrongOffset.json.error?.error_data?.details).toMatch(/offset 0/);
    expect((await graphJson(id, { method: "POST", body: PNG })).json.error?.error_data?.details).toMatch(/file_offset/);
    expect((await graphJson(id, { method: "POST", headers: { file_offset: "0" }, body: PNG.slice(0, 4) })).json.error?.error_data?.details).toMatch(/file_length/);
    // The OAuth scheme the Resumable Upload API documents works like Bearer.
    const done = await graph(id, { method: "POST", headers: { file_offset: "0", authorization: `OAuth ${TOKEN}` }, body: PNG }, null);
    expect(done.status).toBe(200);
    const { h } = (await done.json()) as { h: string };
    expect(h).toMatch(/^4::/);
    expect((await graphJson(id)).json).toEqual({ id, file_offset: PNG.byteLength });
    expect((await graphJson(id, { method: "POST", headers: { file_offset: "0" }, body: PNG })).json.error?.error_data?.details).toMatch(/already complete/);
    expect((await graphJson("upload:nope")).json.error).toMatchObject({ code: 100, error_subcode: 33 });
  });

  it("creates a media-header template only with a handle it issued, of the right kind", async () => {
    const unknown = await createTemplate(imageTemplate("promo_sin_muestra", "4::aW1hZ2U="));
    expect(unknown.status).toBe(400);
    expect(unknown.json.error).toMatchObject({ code: 100 });
    expect(unknown.json.error?.error_data?.details).toMatch(/Resumable Upload/);
    const pdf = await uploadSample(new Uint8Array([37, 80, 68, 70]), "application/pdf");
    expect((await createTemplate(imageTemplate("promo_pdf", pdf))).json.error?.error_data?.details).toMatch(/image\/jpeg/);
    expect((await createTemplate(imageTemplate("promo_imagen", await uploadSample(PNG)))).status).toBe(200);
  });

  it("sends a media-header template only with that media as the header parameter", async () => {
    const created = await createTemplate(imageTemplate("promo_envio", await uploadSample(PNG)));
    await waitFor(() => graphJson(`${String(created.json.id)}?fields=status`), (r) => r.json.status === "APPROVED");
    const to = customerNumber();
    const bodyParam = { type: "body", parameters: [{ type: "text", text: "Ana" }] };
    const sendWith = (components: Json[]) => send({ to, type: "template", template: { name: "promo_envio", language: { code: "es" }, components } });

    const missing = await sendWith([bodyParam]);
    expect(missing.status).toBe(400);
    expect(missing.json.error).toMatchObject({ code: 132000 });
    const asText = await sendWith([{ type: "header", parameters: [{ type: "text", text: "x" }] }, bodyParam]);
    expect(asText.json.error).toMatchObject({ code: 132012 });
    const unknownId = await sendWith([{ type: "header", parameters: [{ type: "image", image: { id: "1999999999999999" } }] }, bodyParam]);
    expect(unknownId.json.error).toMatchObject({ code: 132012 });

    const form = new FormData();
    form.set("messaging_product", "whatsapp");
    form.set("file", new File([PNG], "promo.png", { type: "image/png" }));
    const media = (await (await graph(`${PNID}/media`, { method: "POST", body: form })).json()) as { id: string };
    expect((await sendWith([{ type: "header", parameters: [{ type: "image", image: { id: media.id } }] }, bodyParam])).status).toBe(200);
    expect((await sendWith([{ type: "header", parameters: [{ type: "image", image: { link: "https://ex.com/promo.png" } }] }, bodyParam])).status).toBe(200);
  });
});

/** POST /api/templates/header-media as `agent`, with one file. */
async function uploadHeaderMedia(agent: Agent, file: File, channelId: string = DEMO_CHANNEL.id) {
  const form = new FormData();
  form.set("file", file);
  const response = await exports.default.fetch(`http://colmena.test/api/templates/header-media?channelId=${channelId}`, {
    method: "POST", headers: { origin: "http://colmena.test", cookie: await login(agent) }, body: form,
  });
  return { status: response.status, body: (await response.json()) as Json };
}

const definition = (name: string, header: Json) => ({
  channelId: DEMO_CHANNEL.id, name, language: "es", category: "MARKETING", header,
  body: "Hola {{1}}, mira nuestras novedades de esta semana en la tienda.", bodyExamples: ["Lucía"],
});

let counter = 0;
const uniqueName = (tag: string) => `${tag}_${Date.now().toString(36)}_${++counter}`;

async function approved(name: string) {
  return waitFor(() => apiJson("admin", "GET", `/api/templates?channelId=${DEMO_CHANNEL.id}`), (r) => r.body.items.some((t: Json) => t.name === name && t.status === "APPROVED"), 8_000);
}

describe("Colmena: a media-header template with its sample, created and sent", () => {
  beforeEach(() => resetSimulator({ templateReviewMs: 50 }));

  it("uploads the sample, creates the template with its handle, and sends the sample as the header", async () => {
    const upload = await uploadHeaderMedia("admin", new File([PNG], "promo.png", { type: "image/png" }));
    expect(upload.status).toBe(201);
    expect(upload.body).toMatchObject({ handle: expect.stringMatching(/^4::/), mediaKey: expect.stringMatching(/^templates\/ws_demo\//), mimeType: "image/png", filename: "promo.png" });
    const stored = await env.MEDIA.get(String(upload.body.mediaKey));
    expect(new Uint8Array(await stored!.arrayBuffer())).toEqual(PNG);

    const name = uniqueName("promo_foto");
    const created = await apiJson("admin", "POST", "/api/templates", definition(name, { format: "IMAGE", handle: upload.body.handle, mediaKey: upload.body.mediaKey }));
    expect(created.status).toBe(201);
    expect(created.body.template.components[0]).toEqual({ type: "HEADER", format: "IMAGE", example: { header_handle: [upload.body.handle] } });
    await approved(name);

    const to = customerNumber();
    const started = await apiJson("ana", "POST", "/api/conversations", { channelId: DEMO_CHANNEL.id, to, template: { name, language: "es", params: ["Lucía"] } });
    expect(started.status).toBe(201);
    const log = await waitFor(() => sentTo(to), (l) => l.messages.length > 0);
    const body = log.messages[0]!.body as { template: { components: Array<{ type: string; parameters: Array<{ type: string; image?: { id: string } }> }> } };
    const header = body.template.components.find((c) => c.type === "header")!;
    expect(header.parameters).toEqual([{ type: "image", image: { id: expect.stringMatching(/^\d+$/) } }]);
    expect(body.template.components.find((c) => c.type === "body")!.parameters).toEqual([{ type: "text", text: "Lucía" }]);

    // The media id is one the simulator holds, and its bytes are the uploaded file's.
    const descriptor = (await (await graph(header.parameters[0]!.image!.id)).json()) as { url: string; mime_type: string };
    expect(descriptor.mime_type).toBe("image/png");
    const url = new URL(descriptor.url);
    const download = await call(`/__sim/graph${url.pathname.replace(/^\/__sim\/graph/, "")}${url.search}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(PNG);

    // Another customer: the same sample, uploaded once (its media id reused while Meta keeps it).
    const other = customerNumber();
    expect((await apiJson("bruno", "POST", "/api/conversations", { channelId: DEMO_CHANNEL.id, to: other, template: { name, language: "es", params: ["Tomás"] } })).status).toBe(201);
    const second = (await waitFor(() => sentTo(other), (l) => l.messages.length > 0)).messages[0]!.body as typeof body;
    expect(second.template.components.find((c) => c.type === "header")!.parameters).toEqual(header.parameters);
  });

  it("refuses to send a media-header template without a kept sample (422), and checks the upload's caller and file", async () => {
    // Created with a handle but no sample kept here (as a template synced from Meta would be).
    const name = uniqueName("promo_sin_muestra");
    const handle = await uploadSample(PNG);
    expect((await apiJson("admin", "POST", "/api/templates", definition(name, { format: "IMAGE", handle }))).status).toBe(201);
    await approved(name);
    const refused = await apiJson("ana", "POST", "/api/conversations", { channelId: DEMO_CHANNEL.id, to: customerNumber(), template: { name, language: "es", params: ["Lucía"] } });
    expect(refused).toMatchObject({ status: 422, body: { error: "template_header_media", message: expect.stringMatching(/Settings/) } });

    expect((await uploadHeaderMedia("ana", new File([PNG], "promo.png", { type: "image/png" }))).status).toBe(403);
    expect((await uploadHeaderMedia("admin", new File([PNG], "promo.png", { type: "image/png" }), "ch_nope")).status).toBe(404);
    const text = await uploadHeaderMedia("admin", new File(["hola"], "nota.txt", { type: "text/plain" }));
    expect(text).toMatchObject({ status: 422, body: { error: "media_type_not_allowed" } });
    const big = await uploadHeaderMedia("admin", new File([new Uint8Array(5 * 1024 * 1024 + 1)], "grande.png", { type: "image/png" }));
    expect(big).toMatchObject({ status: 422, body: { error: "media_too_large" } });
    // A sample key of another workspace, or of the wrong kind for the header, is refused at creation.
    const other = await apiJson("admin", "POST", "/api/templates", definition(uniqueName("ajena"), { format: "IMAGE", handle, mediaKey: "templates/ws_other/x" }));
    expect(other).toMatchObject({ status: 422, body: { error: "template_header_media" } });
    const pdf = await uploadHeaderMedia("admin", new File([new Uint8Array([37, 80, 68, 70, 45])], "menu.pdf", { type: "application/pdf" }));
    expect(pdf.status).toBe(201);
    const wrongKind = await apiJson("admin", "POST", "/api/templates", definition(uniqueName("tipo"), { format: "IMAGE", handle, mediaKey: pdf.body.mediaKey }));
    expect(wrongKind).toMatchObject({ status: 422, body: { error: "template_header_media" } });

    // A sample kept afterwards (PUT …/header-media) makes it sendable; only admins, only the header's kind.
    const id = (await apiJson("admin", "GET", `/api/templates?channelId=${DEMO_CHANNEL.id}`)).body.items.find((t: Json) => t.name === name).id;
    const png = await uploadHeaderMedia("admin", new File([PNG], "foto.png", { type: "image/png" }));
    expect((await apiJson("ana", "PUT", `/api/templates/${id}/header-media`, { mediaKey: png.body.mediaKey })).status).toBe(403);
    expect(await apiJson("admin", "PUT", `/api/templates/${id}/header-media`, { mediaKey: pdf.body.mediaKey })).toMatchObject({ status: 422, body: { error: "template_header_media" } });
    const kept = await apiJson("admin", "PUT", `/api/templates/${id}/header-media`, { mediaKey: png.body.mediaKey, filename: "foto.png" });
    expect(kept).toMatchObject({ status: 200, body: { template: { id, headerSample: { mimeType: "image/png", filename: "foto.png" } } } });
    const to = customerNumber();
    expect((await apiJson("ana", "POST", "/api/conversations", { channelId: DEMO_CHANNEL.id, to, template: { name, language: "es", params: ["Lucía"] } })).status).toBe(201);
    const sent = (await waitFor(() => sentTo(to), (l) => l.messages.length > 0)).messages[0]!.body as { template: { components: Array<{ type: string; parameters: Json[] }> } };
    expect(sent.template.components[0]).toEqual({ type: "header", parameters: [{ type: "image", image: { id: expect.stringMatching(/^\d+$/) } }] });
  });
});

describe("Colmena: a campaign with a media-header template", () => {
  beforeEach(() => resetSimulator({ templateReviewMs: 50 }));

  it("sends the kept sample as every recipient's header", async () => {
    const upload = await uploadHeaderMedia("admin", new File([PNG], "promo.png", { type: "image/png" }));
    const name = uniqueName("promo_campana");
    expect((await apiJson("admin", "POST", "/api/templates", definition(name, { format: "IMAGE", handle: upload.body.handle, mediaKey: upload.body.mediaKey }))).status).toBe(201);
    await approved(name);

    // Two contacts with marketing consent, tagged for the audience (as an import writes them).
    const tag = `tag_media_${crypto.randomUUID().slice(0, 8)}`;
    const now = Date.now();
    await env.DB.prepare("INSERT INTO tags (id, workspace_id, name, color, created_at) VALUES (?, 'ws_demo', ?, '#888888', ?)").bind(tag, tag, now).run();
    const waIds = [customerNumber("5255"), customerNumber("5255")];
    for (const waId of waIds) {
      const id = contactIdFor(await conversationIdFor(DEMO_CHANNEL.id, waId));
      await env.DB.prepare(
        `INSERT INTO contacts (id, workspace_id, channel_id, contact_key, wa_id, name, phone, attributes, opted_out_at, marketing_consent_at, first_seen_at, last_seen_at)
         VALUES (?, 'ws_demo', ?, ?, ?, 'Cliente', ?, '{}', NULL, ?, ?, ?)`,
      ).bind(id, DEMO_CHANNEL.id, waId, waId, `+${waId}`, now, now, now).run();
      await env.DB.prepare("INSERT INTO contact_tags (contact_id, tag_id) VALUES (?, ?)").bind(id, tag).run();
    }
    const created = await apiJson("sofia", "POST", "/api/campaigns", { name: "Fotos", channelId: DEMO_CHANNEL.id, template: { name, language: "es", params: ["{{contact.name}}"] }, audience: { tagIds: [tag] } });
    expect(created.status).toBe(201);
    expect((await apiJson("sofia", "POST", `/api/campaigns/${created.body.id}/start`)).status).toBe(200);

    const headers = [];
    for (const waId of waIds) {
      const log = await waitFor(() => sentTo(waId), (l) => l.messages.length > 0, 15_000);
      const body = log.messages[0]!.body as { template: { name: string; components: Array<{ type: string; parameters: Json[] }> } };
      expect(body.template.name).toBe(name);
      headers.push(body.template.components.find((c) => c.type === "header"));
    }
    // Let the campaign settle (its conversations report back) before the test ends.
    await waitFor(async () => (await apiJson("sofia", "GET", `/api/campaigns/${created.body.id}`)).body, (c) => c.status === "completed" && c.counts.sent + c.counts.delivered + c.counts.read >= 2, 15_000);
    // Sent at once by separate conversations, each may upload it (the in-memory id is reused only once known).
    for (const header of headers) {
      expect(header).toEqual({ type: "header", parameters: [{ type: "image", image: { id: expect.stringMatching(/^\d+$/) } }] });
      const id = (header!.parameters[0] as { image: { id: string } }).image.id;
      expect(((await (await graph(id)).json()) as { mime_type: string }).mime_type).toBe("image/png");
    }
  });
});
