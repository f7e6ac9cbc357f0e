// The Graph API simulator answers and pushes exactly like Meta's WhatsApp Cloud API (meta-api.md §1–4, §9):
// sends, window, statuses, faults, rate limits, media, inbound webhooks, and its development-only controls.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { statusError } from "../../worker/sim/graph-errors";
import { simRoutes } from "../../worker/sim/sim-routes";
import { statusObject } from "../../worker/sim/webhook-builder";
import {
  PNID, TOKEN, api, call, control, customerNumber, customerWrites, graph, login, resetSimulator, send, sentTo, statusesOf, text, waitFor,
} from "./sim-helpers";

type Json = Record<string, unknown>;
const HOUR = 3_600;
const nowSec = () => Math.floor(Date.now() / 1000);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const WAMID = /^wamid\.[A-Za-z0-9+/]+=*$/;

beforeEach(() => resetSimulator());

describe("Graph API: sending messages", () => {
  it("refuses sends without a valid access token with the code-190 OAuth envelope (401)", async () => {
    for (const token of [null, "not-the-token"]) {
      const response = await graph(`${PNID}/messages`, { method: "POST", body: JSON.stringify({ messaging_product: "whatsapp", to: "34600000001", text: { body: "hola" } }) }, token);
      const json = (await response.json()) as { error: Json };
      expect(response.status).toBe(401);
      expect(json.error).toMatchObject({ type: "OAuthException", code: 190, fbtrace_id: expect.any(String) });
    }
    expect((await sentTo("34600000001")).messages).toEqual([]);
  });

  it("answers (#100) Invalid parameter with error_data.details for malformed sends", async () => {
    const cases: Array<[Json, RegExp]> = [
      [{ messaging_product: "sms", to: "34600000001", type: "text", text: { body: "hola" } }, /messaging_product/],
      [{ to: "hola", type: "text", text: { body: "hola" } }, /to must be a valid phone/],
      [{ type: "text", text: { body: "hola" } }, /parameter to is required/],
      [{ to: "34600000001", type: "fax", fax: {} }, /type must be one of/],
      [{ to: "34600000001", type: "image" }, /parameter image is required/],
      [{ to: "34600000001", type: "text", text: { body: "a".repeat(4097) } }, /at most 4096/],
      [{ to: "34600000001", type: "image", image: { link: "https://cdn.example.com/a.jpg", caption: "c".repeat(1025) } }, /at most 1024/],
      [{ to: "34600000001", type: "image", image: { id: "1234567890123456" } }, /not a valid whatsapp business account media attachment ID/],
      [{ to: "34600000001", type: "reaction", reaction: { emoji: "👍" } }, /reaction\['message_id'\]/],
    ];
    for (const [body, details] of cases) {
      const { status, json } = await send(body);
      expect(status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(json.error).toMatchObject({ message: "(#100) Invalid parameter", type: "OAuthException", code: 100 });
      expect(json.error?.error_data?.details).toMatch(details);
    }
  });

  it("answers 131009 for interactive messages beyond WhatsApp's limits", async () => {
    const reply = (id: string) => ({ type: "reply", reply: { id, title: `Opción ${id}` } });
    const { status, json } = await send({
      to: "34600000001", type: "interactive",
      interactive: { type: "button", body: { text: "¿Qué prefieres?" }, action: { buttons: ["1", "2", "3", "4"].map(reply) } },
    });
    expect(status).toBe(400);
    expect(json.error).toMatchObject({ code: 131009, error_data: { details: expect.stringMatching(/buttons count/) } });
  });

  it("answers 400 code 100 subcode 33 for a phone number id it does not know", async () => {
    const response = await graph("123456789012345/messages", { method: "POST", body: JSON.stringify({ messaging_product: "whatsapp", to: "34600000001", text: { body: "hola" } }) });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: Json }).error).toMatchObject({ type: "GraphMethodException", code: 100, error_subcode: 33 });
  });

  it("accepts a send with Meta's success shape, on any API version or none", async () => {
    const to = customerNumber();
    await customerWrites(to);
    const { status, json } = await text(`+${to}`);
    expect(status).toBe(200);
    expect(json).toEqual({ messaging_product: "whatsapp", contacts: [{ input: `+${to}`, wa_id: to }], messages: [{ id: expect.stringMatching(WAMID) }] });
    for (const prefix of ["/__sim/graph", "/__sim/graph/v24.0"]) {
      const response = await call(`${prefix}/${PNID}/messages`, {
        method: "POST",
        headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify({ messaging_product: "whatsapp", to, text: { body: "Sin tipo: Meta asume text" } }),
      });
      expect(response.status, prefix).toBe(200);
    }
    expect((await sentTo(to)).messages.map((m) => m.type)).toEqual(["text", "text", "text"]);
  });

  it("accepts BSUID recipients: contacts echo the user_id and wa_id is empty", async () => {
    const userId = `CO.${customerNumber("15025")}`;
    await customerWrites("", { userId, name: "Usuario sin número" });
    const { status, json } = await send({ recipient: userId, type: "text", text: { body: "Hola 👋" } });
    expect(status).toBe(200);
    expect(json.contacts).toEqual([{ input: userId, wa_id: "", user_id: userId }]);
    const sent = await statusesOf(userId, json.messages![0]!.id, 1);
    expect(sent.statuses[0]!.status).toBe("sent");
  });

  it("requires templates to exist in that language (132001) and match parameter counts (132000)", async () => {
    const to = customerNumber();
    const template = (name: string, code: string, params: string[]) => ({
      to, type: "template",
      template: { name, language: { code }, components: [{ type: "body", parameters: params.map((t) => ({ type: "text", text: t })) }] },
    });
    const missing = await send(template("no_existe", "es", []));
    expect(missing.status).toBe(404);
    expect(missing.json.error).toMatchObject({ code: 132001, message: "(#132001) Template name does not exist in the translation" });
    expect((await send(template("seguimiento_pedido", "en_US", ["Ana", "A-1"]))).json.error?.code).toBe(132001);
    const mismatch = await send(template("seguimiento_pedido", "es", ["Ana"]));
    expect(mismatch.status).toBe(400);
    expect(mismatch.json.error).toMatchObject({ code: 132000, error_data: { details: expect.stringMatching(/body.*\(1\).*\(2\)/) } });

    // Templates are the one thing allowed outside the 24 h window: accepted, and they really go out.
    const ok = await send(template("seguimiento_pedido", "es", ["Ana", "Nº 4521"]));
    expect(ok.status).toBe(200);
    expect(ok.json.messages).toEqual([{ id: expect.stringMatching(WAMID), message_status: "accepted" }]);
    const sent = await statusesOf(to, ok.json.messages![0]!.id, 3);
    expect(sent.statuses.map((s) => s.status)).toEqual(["sent", "delivered", "read"]);
  });

  it("records mark-read and typing bodies, answering {success:true}", async () => {
    const to = customerNumber();
    const inbound = await customerWrites(to);
    const read = await send({ status: "read", message_id: inbound.wamids[0], typing_indicator: { type: "text" } });
    expect(read).toEqual({ status: 200, json: { success: true } });
    expect((await send({ status: "read", message_id: inbound.wamids[0], typing_indicator: { type: "audio" } })).status).toBe(400);
    const log = await sentTo(to);
    expect(log.messages).toEqual([]);
    expect(log.reads).toEqual([{ messageId: inbound.wamids[0], at: expect.any(Number), typing: true }]);
  });
});

describe("status webhooks", () => {
  it("pushes sent → delivered → read in order, signed, echoing biz_opaque_callback_data", async () => {
    const to = customerNumber();
    await customerWrites(to);
    const { json } = await text(to, "¿Te va bien el lunes a las 10:00?", { biz_opaque_callback_data: "conv:81f2;agent:7" });
    const wamid = json.messages![0]!.id;
    const sent = await statusesOf(to, wamid, 3);
    expect(sent.statuses.map((s) => s.status)).toEqual(["sent", "delivered", "read"]);
    const times = sent.statuses.map((s) => s.at);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(sent.callbackData).toBe("conv:81f2;agent:7");

    // What the Worker received (and answered 200 to), status by status.
    const { json: log } = await control<{ webhooks: Array<{ answer: number; payload: { entry: Array<{ changes: Array<{ value: Json }> }> } }> }>("/webhooks");
    const pushed = log.webhooks.flatMap((w) => w.payload.entry.flatMap((e) => e.changes.map((c) => ({ answer: w.answer, value: c.value }))))
      .flatMap(({ answer, value }) => ((value.statuses as Json[] | undefined) ?? []).map((s) => ({ answer, s, metadata: value.metadata })))
      .filter(({ s }) => s.id === wamid);
    expect(pushed.map(({ s }) => s.status)).toEqual(["sent", "delivered", "read"]);
    for (const { answer, s, metadata } of pushed) {
      expect(answer).toBe(200);
      expect(metadata).toEqual({ display_phone_number: "34911000001", phone_number_id: PNID });
      expect(s).toMatchObject({ recipient_id: to, biz_opaque_callback_data: "conv:81f2;agent:7", timestamp: expect.stringMatching(/^\d{10}$/) });
      expect(s).not.toHaveProperty("conversation");
    }
    expect(pushed[0]!.s.pricing).toEqual({ billable: false, pricing_model: "PMP", type: "free_customer_service", category: "service" });
    expect(pushed[2]!.s).not.toHaveProperty("pricing");
  });

  it("builds failed statuses with Meta's exact error object and no pricing", () => {
    const failed = statusObject({ wamid: "wamid.X", status: "failed", timestampSec: 1767196861, toKey: "573001112233", callbackData: null, error: statusError(131047) });
    expect(failed).toEqual({
      id: "wamid.X", status: "failed", timestamp: "1767196861", recipient_id: "573001112233",
      errors: [{
        code: 131047, title: "Re-engagement message", message: "Re-engagement message",
        error_data: { details: "Message failed to send because more than 24 hours have passed since the customer last replied to this number." },
        href: "/documentation/business-messaging/whatsapp/support/error-codes",
      }],
    });
  });

  it("stops at delivered when autoRead is off, and reactions only ever get sent", async () => {
    await control("/config", { autoRead: false });
    const to = customerNumber();
    const inbound = await customerWrites(to);
    const message = await text(to);
    const reaction = await send({ to, type: "reaction", reaction: { message_id: inbound.wamids[0], emoji: "👍" } });
    await statusesOf(to, message.json.messages![0]!.id, 2);
    await sleep(250); // well past the configured read delay (100 ms)
    const log = await sentTo(to);
    expect(log.messages.map((m) => [m.type, m.statuses.map((s) => s.status)])).toEqual([
      ["text", ["sent", "delivered"]],
      ["reaction", ["sent"]],
    ]);
    expect(reaction.status).toBe(200);
  });

  it("retries status webhooks the Worker refuses, with backoff, until it accepts them", async () => {
    await control("/config", { webhookSignature: "invalid", webhookRetryBaseMs: 40 });
    const to = customerNumber();
    await customerWrites(to);
    const wamid = (await text(to)).json.messages![0]!.id;
    type State = { pendingStatuses: Array<{ attempts: number; lastError: string | null; payload: { wamid: string } }> };
    const refused = await waitFor(
      async () => (await control<State>("/state")).json.pendingStatuses.filter((j) => j.payload.wamid === wamid),
      (jobs) => jobs.some((j) => j.attempts >= 2),
    );
    expect(refused.find((j) => j.attempts >= 2)!.lastError).toMatch(/Worker answered 401/);
    expect((await sentTo(to)).messages[0]!.statuses).toEqual([]);
    await control("/config", { webhookSignature: "valid" });
    const sent = await statusesOf(to, wamid, 3);
    expect(sent.statuses.map((s) => s.status).sort()).toEqual(["delivered", "read", "sent"]);
  });

  it("gives up on a status after webhookMaxAttempts refusals", async () => {
    await control("/config", { webhookSignature: "invalid", webhookRetryBaseMs: 10, webhookMaxAttempts: 2 });
    const to = customerNumber();
    await customerWrites(to);
    await text(to);
    await waitFor(async () => (await control<{ pendingStatuses: unknown[] }>("/state")).json.pendingStatuses, (jobs) => jobs.length === 0);
    expect((await sentTo(to)).messages[0]!.statuses).toEqual([]);
  });

  it("pushes a chosen status on demand, e.g. read before sent", async () => {
    await control("/config", { statusDelaysMs: { sent: 60_000, delivered: 60_000, read: 60_000 } });
    const to = customerNumber();
    await customerWrites(to);
    const wamid = (await text(to)).json.messages![0]!.id;
    const pushed = await control<{ status: number }>("/status", { wamid, status: "read" });
    expect(pushed).toEqual({ status: 200, json: { status: 200, response: expect.anything() } });
    const failed = await control("/status", { wamid, status: "failed", errorCode: 131026 });
    expect(failed.status).toBe(200);
    expect((await sentTo(to)).messages[0]!.statuses).toEqual([
      { status: "read", at: expect.any(Number) },
      { status: "failed", at: expect.any(Number), errorCode: 131026 },
    ]);
    expect((await control("/status", { wamid: "wamid.desconocido", status: "read" })).status).toBe(404);
  });
});

describe("customer service window and reachability", () => {
  it("accepts free-form sends outside the 24 h window, then fails them with 131047", async () => {
    const to = customerNumber();
    await customerWrites(to, { timestamp: nowSec() - 25 * HOUR });
    const { status, json } = await text(to, "¿Sigues ahí?");
    expect(status).toBe(200);
    const sent = await statusesOf(to, json.messages![0]!.id, 1);
    await sleep(200);
    expect((await sentTo(to)).messages[0]!.statuses).toEqual([{ status: "failed", at: expect.any(Number), errorCode: 131047 }]);
    expect(sent.wamid).toBe(json.messages![0]!.id);
  });

  it("keeps the window open for 24 h after the customer's message timestamp", async () => {
    const to = customerNumber();
    await customerWrites(to, { timestamp: nowSec() - 23 * HOUR });
    const sent = await statusesOf(to, (await text(to)).json.messages![0]!.id, 1);
    expect(sent.statuses[0]!.status).toBe("sent");
  });

  it("treats numbers starting with 999 as not on WhatsApp: accepted, then failed 131026", async () => {
    const to = customerNumber("999");
    await customerWrites(to);
    const { status, json } = await text(to);
    expect(status).toBe(200);
    const sent = await statusesOf(to, json.messages![0]!.id, 1);
    expect(sent.statuses).toEqual([{ status: "failed", at: expect.any(Number), errorCode: 131026 }]);
  });
});

describe("faults", () => {
  it("a sync fault fails the next `count` sends with Meta's envelope and HTTP status, then clears", async () => {
    const to = customerNumber();
    await customerWrites(to);
    const expectations: Array<[Json, number, number]> = [
      [{ code: 131000 }, 500, 131000],
      [{ code: 2 }, 503, 2],
      [{ code: 131056 }, 400, 131056],
      [{ code: 190 }, 401, 190],
      [{ code: 130429, httpStatus: 400 }, 400, 130429],
    ];
    for (const [fault, httpStatus, code] of expectations) {
      expect((await control("/faults", fault)).status).toBe(200);
      const { status, json } = await text(to);
      expect(status, JSON.stringify(fault)).toBe(httpStatus);
      expect(json.error).toMatchObject({ code, message: expect.stringMatching(new RegExp(`^\\(#${code}\\) `)), error_data: { details: expect.any(String) } });
    }
    await control("/faults", { code: 130429, count: 2 });
    expect([(await text(to)).status, (await text(to)).status, (await text(to)).status]).toEqual([429, 429, 200]);
    expect((await sentTo(to)).messages).toHaveLength(1);
  });

  it("an async fault answers 200 with a wamid, then a failed status with that code", async () => {
    const to = customerNumber();
    await customerWrites(to);
    await control("/faults", { code: 131000, mode: "async" });
    await control("/faults", { code: 131049 }); // async by default, like Meta's marketing cap
    const first = await text(to);
    const second = await text(to);
    expect([first.status, second.status]).toEqual([200, 200]);
    const a = await statusesOf(to, first.json.messages![0]!.id, 1);
    const b = await statusesOf(to, second.json.messages![0]!.id, 1);
    expect([a.statuses[0], b.statuses[0]]).toEqual([
      { status: "failed", at: expect.any(Number), errorCode: 131000 },
      { status: "failed", at: expect.any(Number), errorCode: 131049 },
    ]);
  });

  it("a timeout fault records the send and lets its statuses flow, but answers too late for the client", async () => {
    const to = customerNumber();
    await customerWrites(to);
    await control("/faults", { code: 0, mode: "timeout", delayMs: 1_500 });
    const started = Date.now();
    const outcome = await send({ to, type: "text", text: { body: "¿Llegó?" } }, { signal: AbortSignal.timeout(200) }).catch((err: Error) => err);
    expect(outcome).toBeInstanceOf(Error);
    expect(Date.now() - started).toBeLessThan(1_400);
    const log = await waitFor(() => sentTo(to), (l) => l.messages[0]?.statuses.length === 3);
    expect(log.messages).toHaveLength(1);
    expect(log.messages[0]!.statuses.map((s) => s.status)).toEqual(["sent", "delivered", "read"]);
    const quick = Date.now();
    expect((await text(to)).status).toBe(200);
    expect(Date.now() - quick).toBeLessThan(1_000);
  });

  it("media faults fail the descriptor and download requests", async () => {
    const id = await upload(new Uint8Array([0x25, 0x50, 0x44, 0x46]), "application/pdf", "factura.pdf");
    await control("/faults", { code: 131016, target: "media" });
    const faulted = await graph(`${id}?phone_number_id=${PNID}`);
    expect(faulted.status).toBe(503);
    expect(((await faulted.json()) as { error: Json }).error).toMatchObject({ code: 131016 });
    const descriptor = await describeMedia(id);
    await control("/faults", { code: 131000, target: "download" });
    expect((await download(descriptor.url)).status).toBe(500);
    expect((await download(descriptor.url)).status).toBe(200);
  });
});

describe("rate limits", () => {
  it("enforces the pair rate limit (131056) and number throughput (130429), unless disabled", async () => {
    await control("/config", { rateLimits: { pairBurst: 2 } });
    const [a, b] = [customerNumber(), customerNumber()];
    expect([(await text(a)).status, (await text(a)).status]).toEqual([200, 200]);
    const limited = await text(a);
    expect(limited.status).toBe(400);
    expect(limited.json.error).toMatchObject({ code: 131056, message: "(#131056) (Business Account, Consumer Account) pair rate limit hit" });
    expect((await text(b)).status).toBe(200);

    await control("/config", { rateLimits: { perSecond: 1, pairBurst: 45 } });
    expect((await text(customerNumber())).status).toBe(200);
    const throttled = await text(customerNumber());
    expect(throttled.status).toBe(429);
    expect(throttled.json.error?.code).toBe(130429);

    await control("/config", { rateLimits: false });
    const statuses = await Promise.all(Array.from({ length: 6 }, () => text(a).then((r) => r.status)));
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
  });
});

async function upload(bytes: Uint8Array, mime: string, filename: string): Promise<string> {
  const form = new FormData();
  form.set("messaging_product", "whatsapp");
  form.set("type", mime);
  form.set("file", new File([bytes], filename, { type: mime }));
  const response = await graph(`${PNID}/media`, { method: "POST", body: form });
  const json = (await response.json()) as { id: string };
  expect(response.status, JSON.stringify(json)).toBe(200);
  return json.id;
}

interface Descriptor { messaging_product: string; url: string; mime_type: string; sha256: string; file_size: string; id: string }

async function describeMedia(id: string): Promise<Descriptor> {
  const response = await graph(`${id}?phone_number_id=${PNID}`);
  expect(response.status).toBe(200);
  return (await response.json()) as Descriptor;
}

/** Like GraphClient in simulator mode: only the path and query of the handed-out URL matter. */
function download(url: string, token: string | null = TOKEN): Promise<Response> {
  const { pathname, search } = new URL(url);
  return call(`${pathname}${search}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
}

async function sha256Hex(bytes: ArrayBuffer | Uint8Array): Promise<string> {
  return [...new Uint8Array(await crypto.subtle.digest("SHA-256", bytes))].map((b) => b.toString(16).padStart(2, "0")).join("");
}

const hex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
const base64ToHex = (b64: string) => hex(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));

describe("media", () => {
  it("uploads, describes, downloads (with the token) and deletes media like the Cloud API", async () => {
    const bytes = new TextEncoder().encode("Presupuesto: 120 € — válido 15 días\n");
    const id = await upload(bytes, "text/plain", "presupuesto.txt");
    expect(id).toMatch(/^\d{15,16}$/);
    const descriptor = await describeMedia(id);
    expect(descriptor).toEqual({
      messaging_product: "whatsapp",
      url: expect.stringMatching(/^https:\/\/lookaside\.sim\.local\/__sim\/graph\/whatsapp_business\/attachments\/\?mid=\d+&ext=\d+&hash=\w+$/),
      mime_type: "text/plain",
      sha256: await sha256Hex(bytes),
      file_size: String(bytes.byteLength),
      id,
    });
    const anonymous = await download(descriptor.url, null);
    expect(anonymous.status).toBe(401);
    const file = await download(descriptor.url);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("text/plain");
    expect(file.headers.get("content-length")).toBe(String(bytes.byteLength));
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(bytes);

    const deleted = await graph(id, { method: "DELETE" });
    expect(await deleted.json()).toEqual({ success: true });
    const gone = await graph(`${id}?phone_number_id=${PNID}`);
    expect(gone.status).toBe(400);
    expect(((await gone.json()) as { error: Json }).error).toMatchObject({ code: 100, error_subcode: 33 });
    expect((await download(descriptor.url)).status).toBe(404);
  });

  it("download URLs expire (404) after mediaUrlTtlMs; a fresh descriptor works again", async () => {
    // Long enough that a loaded CI machine still downloads a fresh URL in time, short enough to wait out.
    await control("/config", { mediaUrlTtlMs: 400 });
    const id = await upload(new Uint8Array([1, 2, 3]), "audio/aac", "nota.aac");
    const stale = await describeMedia(id);
    await sleep(500);
    expect((await download(stale.url)).status).toBe(404);
    expect((await download((await describeMedia(id)).url)).status).toBe(200);
  });

  it("refuses uploads of types WhatsApp does not accept, and unknown media ids", async () => {
    const form = new FormData();
    form.set("messaging_product", "whatsapp");
    form.set("file", new File([new Uint8Array([0x50, 0x4b])], "fotos.zip", { type: "application/zip" }));
    const refused = await graph(`${PNID}/media`, { method: "POST", body: form });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: Json }).error).toMatchObject({ code: 100, error_data: { details: expect.stringMatching(/application\/zip/) } });
    const unknown = await graph("1999999999999999");
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: Json }).error).toMatchObject({ code: 100, error_subcode: 33 });
  });

  it("accepts media sends that reference an uploaded id", async () => {
    const to = customerNumber();
    await customerWrites(to);
    const id = await upload(new Uint8Array([0xff, 0xd8, 0xff, 0xd9]), "image/jpeg", "receta.jpg");
    const { status } = await send({ to, type: "image", image: { id, caption: "Tu receta 📄" } });
    expect(status).toBe(200);
  });
});

type InboundAnswer = { status: number; response: Json; wamids: string[]; payload: { entry: Array<{ id: string; changes: Array<{ value: Json }> }> } };
const inbound = (body: Json) => control<InboundAnswer>("/inbound", body);
const firstValue = (answer: InboundAnswer) => answer.payload.entry[0]!.changes[0]!.value;
const firstMessage = (answer: InboundAnswer) => (firstValue(answer).messages as Json[])[0]!;

describe("inbound webhooks", () => {
  const quoted = "wamid.HBgLMzQ2MDAwMDAwMDEVAgARGBI5RjVGMjBBOERDQzlFNjVENDIA";
  const everyType: Json[] = [
    { type: "text", text: { body: "Hola, ¿tenéis cita mañana? 😊" } },
    { type: "text", text: { body: "Vi vuestro anuncio" }, referral: { source_url: "https://fb.me/3cr4Wqqkv", source_id: "120226305854810726", source_type: "ad", headline: "Agenda tu cita", media_type: "image", image_url: "https://scontent.xx.fbcdn.net/a.jpg", ctwa_clid: "Aff-n8ZTODi" } },
    { type: "text", text: { body: "Reenviado" }, context: { forwarded: true } },
    { type: "image", image: { caption: "Mi receta" } },
    { type: "audio", audio: {} },
    { type: "video", video: { caption: "Así suena el ruido" } },
    { type: "document", document: { caption: "Factura de marzo", filename: "factura-marzo.pdf" } },
    { type: "sticker", sticker: { animated: false } },
    { type: "location", location: { latitude: 40.4168, longitude: -3.7038, name: "Puerta del Sol", address: "Madrid" } },
    { type: "contacts", contacts: [{ name: { formatted_name: "Juan Pérez", first_name: "Juan" }, phones: [{ phone: "+34 600 999 887", wa_id: "34600999887", type: "CELL" }] }] },
    { type: "interactive", context: { from: "34911000001", id: quoted }, interactive: { type: "button_reply", button_reply: { id: "confirm:123", title: "Confirmar" } } },
    { type: "interactive", context: { from: "34911000001", id: quoted }, interactive: { type: "list_reply", list_reply: { id: "slot_10", title: "Lun 10:00", description: "Dra. Ruiz" } } },
    { type: "interactive", interactive: { type: "nfm_reply", nfm_reply: { name: "flow", body: "Sent", response_json: "{\"flow_token\":\"tok_1\"}" } } },
    { type: "button", context: { from: "34911000001", id: quoted }, button: { text: "Confirmar cita", payload: "CONFIRM:123" } },
    { type: "reaction", reaction: { message_id: quoted, emoji: "❤️" } },
    { type: "reaction", reaction: { message_id: quoted } },
    { type: "order", order: { catalog_id: "194836987003835", text: "Para el viernes", product_items: [{ product_retailer_id: "sku-42", quantity: 2, item_price: 30, currency: "EUR" }] } },
    { type: "system", system: { body: "El usuario cambió de número", wa_id: "34699000111", type: "user_changed_number" } },
    { type: "unsupported", unsupported: { type: "poll_creation" } },
    { type: "revoke", revoke: { original_message_id: quoted } },
    { type: "request_welcome" },
  ];

  it("delivers every inbound message type signed, and the Worker answers 200", async () => {
    const from = customerNumber();
    for (const message of everyType) {
      const answer = await inbound({ from, name: "Lucía Fernández", message });
      expect(answer.status).toBe(200);
      expect(answer.json.status, JSON.stringify(message).slice(0, 120)).toBe(200);
      expect(answer.json.wamids).toEqual([expect.stringMatching(WAMID)]);
    }
  });

  it("builds Meta's envelope: contacts with profile name, string timestamps, system messages without contacts", async () => {
    const from = customerNumber();
    const answer = (await inbound({ from, name: "Lucía Fernández", timestamp: 1767196800, text: "Hola" })).json;
    expect(answer.payload).toEqual({
      object: "whatsapp_business_account",
      entry: [{ id: "209876543210001", changes: [{ field: "messages", value: {
        messaging_product: "whatsapp",
        metadata: { display_phone_number: "34911000001", phone_number_id: PNID },
        contacts: [{ profile: { name: "Lucía Fernández" }, wa_id: from }],
        messages: [{ from, id: answer.wamids[0], timestamp: "1767196800", type: "text", text: { body: "Hola" } }],
      } }] }],
    });
    const system = (await inbound({ from, message: everyType.find((m) => m.type === "system")! })).json;
    expect(firstValue(system)).not.toHaveProperty("contacts");
    const unsupported = (await inbound({ from, message: { type: "unsupported" } })).json;
    expect(firstMessage(unsupported).errors).toEqual([expect.objectContaining({ code: 131051 })]);
  });

  it("puts several customers' messages in one delivery, each matched in contacts", async () => {
    const [ana, bruno] = [customerNumber(), customerNumber()];
    const answer = (await inbound({ batch: [
      { from: ana, name: "Ana Gómez", text: "Primera" },
      { from: bruno, name: "Bruno Díaz", text: "Hola desde otro móvil" },
      { from: ana, name: "Ana Gómez", message: { type: "image", image: { caption: "Segunda" } } },
    ] })).json;
    expect(answer.status).toBe(200);
    expect(answer.wamids).toHaveLength(3);
    const value = firstValue(answer);
    expect(value.contacts).toEqual([
      { profile: { name: "Ana Gómez" }, wa_id: ana },
      { profile: { name: "Bruno Díaz" }, wa_id: bruno },
    ]);
    expect((value.messages as Json[]).map((m) => m.from)).toEqual([ana, bruno, ana]);
    expect(answer.response).toMatchObject({ stored: 3 });
  });

  it("sends BSUID-only users with from \"\", from_user_id and contacts[].user_id", async () => {
    const userId = `ES.${customerNumber("9")}`;
    const answer = (await inbound({ from: "", userId, name: "Usuaria con alias", text: "Hola" })).json;
    expect(answer.status).toBe(200);
    expect(firstValue(answer).contacts).toEqual([{ profile: { name: "Usuaria con alias" }, wa_id: "", user_id: userId }]);
    expect(firstMessage(answer)).toMatchObject({ from: "", from_user_id: userId });
  });

  it("generates real small files for media, described and downloadable through the Graph API", async () => {
    const magic: Array<[Json, string, string]> = [
      [{ type: "image", image: {} }, "image/jpeg", "ffd8ff"],
      [{ type: "image", image: { mime_type: "image/png" } }, "image/png", "89504e47"],
      [{ type: "sticker", sticker: {} }, "image/webp", "52494646"],
      [{ type: "audio", audio: {} }, "audio/ogg; codecs=opus", "4f676753"],
      [{ type: "video", video: {} }, "video/mp4", "0000002066747970"],
      [{ type: "document", document: {} }, "application/pdf", "255044462d"],
    ];
    for (const [message, mime, prefix] of magic) {
      const answer = (await inbound({ from: customerNumber(), message })).json;
      const media = firstMessage(answer)[message.type as string] as { id: string; mime_type: string; sha256: string };
      expect(media.mime_type).toBe(mime);
      const descriptor = await describeMedia(media.id);
      expect(descriptor.sha256).toBe(base64ToHex(media.sha256));
      const bytes = new Uint8Array(await (await download(descriptor.url)).arrayBuffer());
      expect(hex(bytes).startsWith(prefix), `${mime}: ${hex(bytes.slice(0, 8))}`).toBe(true);
      expect(await sha256Hex(bytes)).toBe(descriptor.sha256);
    }
  });

  it("pads media to fileSize so the inbox's size limits can be tested", async () => {
    const answer = (await inbound({ from: customerNumber(), fileSize: 150_000, message: { type: "sticker", sticker: { animated: false } } })).json;
    const sticker = firstMessage(answer).sticker as { id: string };
    const descriptor = await describeMedia(sticker.id);
    expect(descriptor.file_size).toBe("150000");
    const file = await download(descriptor.url);
    expect(file.headers.get("content-length")).toBe("150000");
    const bytes = await file.arrayBuffer();
    expect(bytes.byteLength).toBe(150_000);
    expect(await sha256Hex(bytes)).toBe(descriptor.sha256);
  });

  it("the Worker rejects deliveries with an invalid or missing signature (401)", async () => {
    for (const signature of ["invalid", "none"]) {
      const answer = (await inbound({ from: customerNumber(), text: "Hola", signature })).json;
      expect(answer.status, signature).toBe(401);
    }
  });

  it("signs the escaped form, so raw UTF-8 bodies still verify through the Worker's fallback", async () => {
    for (const escape of [true, false]) {
      const answer = (await inbound({ from: customerNumber(), name: "Señora Núñez", text: "¿Mañana a las 9? 👋", escape })).json;
      expect(answer.status, `escape ${escape}`).toBe(200);
    }
  });

  it("re-delivering the same wamid (as Meta's retries do) is stored once by the Worker", async () => {
    const from = customerNumber();
    const first = (await inbound({ from, text: "¿Me confirmáis la cita?" })).json;
    const again = (await inbound({ from, text: "¿Me confirmáis la cita?", wamid: first.wamids[0] })).json;
    expect(again.wamids).toEqual(first.wamids);
    expect([first.response, again.response]).toMatchObject([{ stored: 1, duplicates: 0 }, { stored: 0, duplicates: 1 }]);
  });

  it("performs Meta's verification handshake: the challenge is echoed only for the right token", async () => {
    expect((await control("/verify", { challenge: "8844221" })).json).toEqual({ status: 200, body: "8844221" });
    expect((await control("/verify", { challenge: "8844221", verifyToken: "otro-token" })).json).toMatchObject({ status: 403 });
  });

  it("posts raw envelopes as-is", async () => {
    expect((await inbound({ raw: { object: "whatsapp_business_account", entry: [] } })).json.status).toBe(200);
    expect((await inbound({ raw: { object: "page", entry: [] } })).json.status).toBe(400);
  });
});

describe("the inbox end to end", () => {
  it("an inbound message reaches the inbox, and an agent's reply comes back read", async () => {
    const cookie = await login();
    const to = customerNumber();
    await customerWrites(to, { name: "Marta Castillo", text: "Hola, quiero cambiar mi cita del jueves" });
    type List = { items: Array<{ id: string; contactPhone: string | null; lastMessagePreview: string | null }> };
    const list = await waitFor(() => api<List>(cookie, "/conversations?limit=200"), (r) => r.json.items?.some((i) => i.contactPhone === `+${to}`));
    const conversation = list.json.items.find((i) => i.contactPhone === `+${to}`)!;
    expect(conversation.lastMessagePreview).toBe("Hola, quiero cambiar mi cita del jueves");

    const reply = await api<{ message: { id: string } }>(cookie, `/conversations/${conversation.id}/messages`, {
      method: "POST", body: JSON.stringify({ text: "Claro, ¿qué día te viene mejor?" }),
    });
    expect(reply.status).toBe(201);
    const sent = await waitFor(() => sentTo(to), (l) => l.messages[0]?.statuses.length === 3);
    expect(sent.messages[0]!.callbackData).toContain(reply.json.message.id);
    type Page = { messages: Array<{ id: string; status: string }> };
    const page = await waitFor(
      () => api<Page>(cookie, `/conversations/${conversation.id}/messages`),
      (r) => r.json.messages?.find((m) => m.id === reply.json.message.id)?.status === "read",
    );
    expect(page.status).toBe(200);
  });

  it("the Worker copies an inbound image through the simulated media API", async () => {
    const cookie = await login();
    const to = customerNumber();
    await customerWrites(to, { text: undefined, message: { type: "image", image: { caption: "Foto del recibo" } } });
    type List = { items: Array<{ id: string; contactPhone: string | null }> };
    const list = await waitFor(() => api<List>(cookie, "/conversations?limit=200"), (r) => r.json.items?.some((i) => i.contactPhone === `+${to}`));
    const id = list.json.items.find((i) => i.contactPhone === `+${to}`)!.id;
    type Page = { messages: Array<{ kind: string; media: { state: string } | null }> };
    const page = await waitFor(() => api<Page>(cookie, `/conversations/${id}/messages`), (r) => r.json.messages?.some((m) => m.media?.state === "stored"));
    expect(page.json.messages.find((m) => m.kind === "image")?.media?.state).toBe("stored");
  });
});

describe("control API", () => {
  it("validates control bodies and answers 400 with a reason", async () => {
    const cases: Array<[string, unknown, RegExp]> = [
      ["/faults", { code: "x" }, /code/],
      ["/faults", { code: 1, mode: "async", target: "media" }, /async faults only exist for sends/],
      ["/inbound", { text: "hola" }, /from/],
      ["/inbound", { from: "34600000001" }, /text or message/],
      ["/inbound", { batch: [] }, /batch/],
      ["/config", { statusDelaysMs: { sent: -1 } }, /statusDelaysMs\.sent/],
      ["/status", { wamid: "wamid.x", status: "bogus" }, /status/],
    ];
    for (const [path, body, reason] of cases) {
      const { status, json } = await control<{ error: string; message: string }>(path, body);
      expect(status, `${path} ${JSON.stringify(body)}`).toBe(400);
      expect(json.error).toBe("invalid_request");
      expect(json.message).toMatch(reason);
    }
    const notJson = await call("/__sim/inbound", { method: "POST", headers: { "content-type": "application/json" }, body: "{nope" });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ error: "invalid_json" });
  });

  it("reset clears the sent log, faults and config", async () => {
    const to = customerNumber();
    await text(to);
    await control("/faults", { code: 131000, count: 3 });
    await control("/config", { autoRead: false });
    await control("/reset", {});
    type State = { config: { autoRead: boolean; statusDelaysMs: { sent: number } }; faults: unknown[]; pendingStatuses: unknown[] };
    const { json } = await control<State>("/state");
    expect(json.faults).toEqual([]);
    expect(json.pendingStatuses).toEqual([]);
    expect(json.config.autoRead).toBe(true);
    expect(json.config.statusDelaysMs.sent).toBe(150);
    expect((await sentTo(to)).messages).toEqual([]);
  });

  it("answers 404 for everything under /__sim outside development", async () => {
    const production = { ...(env as Env), ENVIRONMENT: "production" };
    for (const [path, init] of [
      [`/graph/v25.0/${PNID}/messages`, { method: "POST", headers: { authorization: `Bearer ${TOKEN}` }, body: "{}" }],
      ["/sent", {}],
      ["/inbound", { method: "POST", body: JSON.stringify({ from: "34600000001", text: "hola" }) }],
    ] as Array<[string, RequestInit]>) {
      const response = await simRoutes.request(`http://x${path}`, init, production);
      expect(response.status, path).toBe(404);
      expect(await response.json()).toMatchObject({ error: "not_found" });
    }
  });
});
