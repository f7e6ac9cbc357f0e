// Templates with a media header (issue 12): the simulator's Resumable Upload API and its checks on creation and
// sending (meta-api.md §11.1, §11.3), then Colmena's whole path: sample upload → template → send with the sample.
import { beforeEach, describe, expect, it } from "vitest";
import { DEMO_CHANNEL } from "../../worker/dev/demo-fixture";
import { TOKEN, customerNumber, graph, PNID, resetSimulator, send, uploadSample, waitFor, type GraphJson } from "./sim-helpers";

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
