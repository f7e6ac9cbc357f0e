// Every inbound type of meta-api.md §1.4 is stored, with context (replies, forwards) and referral (ads).
import { describe, expect, it } from "vitest";
import { apiJson, conversationOf } from "./support/api";
import { customerNumber, envelope, inboundMessage, postWebhook, wamid } from "./support/whatsapp";

const customer = { waId: customerNumber(), name: "Ana Gómez 🌸" };
const quoted = wamid("quoted");

const fixtures: Array<{ name: string; content: Record<string, unknown>; kind: string; text: string | null }> = [
  { name: "text", kind: "text", text: "Hola, ¿tienen cita mañana?", content: { type: "text", text: { body: "Hola, ¿tienen cita mañana?" } } },
  { name: "image with caption", kind: "image", text: "Mi receta", content: { type: "image", image: { caption: "Mi receta", mime_type: "image/jpeg", sha256: "SfInY0gG", id: "1003383421387256" } } },
  { name: "voice note", kind: "audio", text: null, content: { type: "audio", audio: { mime_type: "audio/ogg; codecs=opus", sha256: "x", id: "2001", voice: true } } },
  { name: "video", kind: "video", text: "mira", content: { type: "video", video: { caption: "mira", mime_type: "video/mp4", sha256: "x", id: "2002" } } },
  { name: "document", kind: "document", text: "factura.pdf", content: { type: "document", document: { filename: "factura.pdf", mime_type: "application/pdf", sha256: "x", id: "2003" } } },
  { name: "sticker", kind: "sticker", text: null, content: { type: "sticker", sticker: { mime_type: "image/webp", sha256: "x", id: "2004", animated: false } } },
  { name: "location", kind: "location", text: "Clínica Norte, Cra 15 #100-20, Bogotá", content: { type: "location", location: { latitude: 4.6533, longitude: -74.0836, name: "Clínica Norte", address: "Cra 15 #100-20, Bogotá" } } },
  { name: "contacts", kind: "contacts", text: "Juan Pérez", content: { type: "contacts", contacts: [{ name: { formatted_name: "Juan Pérez", first_name: "Juan" }, phones: [{ phone: "+57 300 999 8877", wa_id: "573009998877", type: "CELL" }] }] } },
  { name: "interactive button reply", kind: "interactive", text: "Confirmar", content: { type: "interactive", context: { from: "34911000001", id: quoted }, interactive: { type: "button_reply", button_reply: { id: "confirm:123", title: "Confirmar" } } } },
  { name: "interactive list reply", kind: "interactive", text: "Lun 10:00", content: { type: "interactive", interactive: { type: "list_reply", list_reply: { id: "slot_1", title: "Lun 10:00", description: "Dra. Ruiz" } } } },
  { name: "template quick-reply button", kind: "button", text: "Confirmar cita", content: { type: "button", context: { from: "34911000001", id: quoted }, button: { text: "Confirmar cita", payload: "CONFIRM:123" } } },
  { name: "reaction", kind: "reaction", text: "👍", content: { type: "reaction", reaction: { message_id: quoted, emoji: "👍" } } },
  { name: "reaction removed", kind: "reaction", text: null, content: { type: "reaction", reaction: { message_id: quoted } } },
  { name: "order", kind: "order", text: "Para el viernes", content: { type: "order", order: { catalog_id: "194836987003835", text: "Para el viernes", product_items: [{ product_retailer_id: "sku-42", quantity: 2, item_price: 30, currency: "EUR" }] } } },
  { name: "system", kind: "system", text: "User Ana changed from 1 to 2", content: { type: "system", system: { body: "User Ana changed from 1 to 2", wa_id: "573114445566", type: "user_changed_number" } } },
  { name: "unsupported", kind: "unsupported", text: null, content: { type: "unsupported", unsupported: { type: "poll_creation" }, errors: [{ code: 131051, title: "Message type unknown", message: "Message type unknown", error_data: { details: "Message type is currently not supported." } }] } },
  { name: "legacy unknown", kind: "unsupported", text: null, content: { type: "unknown", errors: [{ code: 131051, title: "Message type unknown" }] } },
  { name: "a type Meta invents tomorrow", kind: "unsupported", text: null, content: { type: "hologram", hologram: { depth: 3 } } },
  { name: "revoke", kind: "revoke", text: null, content: { type: "revoke", revoke: { original_message_id: quoted } } },
  { name: "request_welcome", kind: "request_welcome", text: null, content: { type: "request_welcome" } },
  { name: "forwarded text", kind: "text", text: "reenviado", content: { type: "text", context: { forwarded: true }, text: { body: "reenviado" } } },
  { name: "text from a click-to-WhatsApp ad", kind: "text", text: "Quiero info", content: { type: "text", text: { body: "Quiero info" }, referral: { source_url: "https://fb.me/x", source_id: "1202", source_type: "ad", headline: "Agenda tu cita", media_type: "image", image_url: "https://x/y.jpg", ctwa_clid: "Aff-1" } } },
];

describe("inbound message types", () => {
  it("stores every type once, in one batched delivery, with its text, raw content, context and referral", async () => {
    const start = Math.floor(Date.now() / 1000) - fixtures.length;
    const messages = fixtures.map((f, i) => inboundMessage(customer, f.content, { timestamp: start + i }));
    const res = await postWebhook(envelope({ contacts: [customer], messages }));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ stored: fixtures.length, duplicates: 0 });

    const id = await conversationOf(customer.waId);
    const { status, body } = await apiJson("admin", "GET", `/api/conversations/${id}/messages?limit=100`);
    expect(status).toBe(200);
    expect(body.messages).toHaveLength(fixtures.length);
    fixtures.forEach((f, i) => {
      const m = body.messages[i];
      expect(m.wamid, f.name).toBe(messages[i]!.id);
      expect(m.kind, f.name).toBe(f.kind);
      expect(m.text, f.name).toBe(f.text);
      expect(m.direction, f.name).toBe("in");
    });
    const byName = (name: string) => body.messages[fixtures.findIndex((f) => f.name === name)];
    expect(byName("interactive button reply").context).toEqual({ replyTo: quoted, replyToFrom: "34911000001" });
    expect(byName("forwarded text").context).toEqual({ forwarded: true });
    expect(byName("text from a click-to-WhatsApp ad").referral).toMatchObject({ sourceType: "ad", headline: "Agenda tu cita", ctwaClid: "Aff-1" });
    expect(byName("image with caption").media).toMatchObject({ providerId: "1003383421387256", mimeType: "image/jpeg", caption: "Mi receta" });
    expect(byName("voice note").media).toMatchObject({ voice: true });
    expect(byName("order").content).toMatchObject({ product_items: [{ product_retailer_id: "sku-42", quantity: 2 }] });
    expect(byName("unsupported").content).toMatchObject({ errors: [{ code: 131051 }] });
    expect(byName("a type Meta invents tomorrow").content).toMatchObject({ type: "hologram" });
  });

  it("orders the history by Meta's timestamp, not by arrival", async () => {
    const c = { waId: customerNumber(), name: "Pedro" };
    const t = Math.floor(Date.now() / 1000);
    await postWebhook(envelope({ contacts: [c], messages: [inboundMessage(c, { type: "text", text: { body: "segundo" } }, { timestamp: t })] }));
    await postWebhook(envelope({ contacts: [c], messages: [inboundMessage(c, { type: "text", text: { body: "primero" } }, { timestamp: t - 30 })] }));
    const { body } = await apiJson("admin", "GET", `/api/conversations/${await conversationOf(c.waId)}/messages`);
    expect(body.messages.map((m: { text: string }) => m.text)).toEqual(["primero", "segundo"]);
    expect(body.messages[0].sentAt).toBe((t - 30) * 1000);
  });

  it("keys a username-only customer (empty from) by the business-scoped user id", async () => {
    const userId = `ES.${Date.now()}${Math.floor(Math.random() * 1e6)}`;
    const msg = { from: "", from_user_id: userId, id: wamid(), timestamp: String(Math.floor(Date.now() / 1000)), type: "text", text: { body: "hola" } };
    const payload = envelope({ messages: [msg] });
    (payload.entry[0]!.changes[0]!.value as Record<string, unknown>).contacts = [{ profile: { name: "Sin número", username: "@sinnumero" }, wa_id: "", user_id: userId }];
    const res = await postWebhook(payload);
    expect(res.status).toBe(200);
    const { body } = await apiJson("admin", "GET", `/api/conversations/${await conversationOf(userId)}`);
    expect(body.conversation.contact).toMatchObject({ key: userId, userId, waId: null, name: "Sin número", username: "@sinnumero" });
  });
});

describe("payloads we cannot classify", () => {
  it.each([
    ["not an object", []],
    ["another object type", { object: "page", entry: [] }],
    ["entry not an array", { object: "whatsapp_business_account", entry: {} }],
    ["message without id", envelope({ messages: [{ from: "34600000000", timestamp: "1767196800", type: "text", text: { body: "x" } }] })],
    ["message without timestamp", envelope({ messages: [{ from: "34600000000", id: "wamid.x", type: "text", text: { body: "x" } }] })],
    // 1e306 s would be Infinity ms and break the D1 projection; 12 digits is the year 33658; 2001 predates WhatsApp.
    ["message with an absurd timestamp", envelope({ messages: [{ from: "34600000000", id: "wamid.big", timestamp: 1e306, type: "text", text: { body: "x" } }] })],
    ["message from the far future", envelope({ messages: [{ from: "34600000000", id: "wamid.future", timestamp: "999999999999", type: "text", text: { body: "x" } }] })],
    ["message from before 2009", envelope({ messages: [{ from: "34600000000", id: "wamid.old", timestamp: "1000000000", type: "text", text: { body: "x" } }] })],
    ["status a day and more ahead", envelope({ statuses: [{ id: "wamid.st", status: "delivered", recipient_id: "34600000000", timestamp: String(Math.floor(Date.now() / 1000) + 2 * 86_400) }] })],
    ["template update without name", { object: "whatsapp_business_account", entry: [{ id: "1", changes: [{ field: "message_template_status_update", value: { event: "APPROVED" } }] }] }],
    ["text without its text object", envelope({ messages: [{ from: "34600000000", id: "wamid.y", timestamp: "1767196800", type: "text" }] })],
    ["missing phone_number_id", { object: "whatsapp_business_account", entry: [{ id: "1", changes: [{ field: "messages", value: { messages: [] } }] }] }],
  ])("answers 400 with a reason for %s, storing nothing", async (_name, payload) => {
    const res = await postWebhook(payload);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; message: string };
    expect(body.error).toMatch(/invalid_payload/);
    expect(body.message.length).toBeGreaterThan(10);
  });

  it("answers 400 to signed bytes that are not JSON", async () => {
    const res = await postWebhook(null, { raw: "{not json" });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: "invalid_json" });
  });

  it("answers 200 to fields it does not handle, so Meta does not retry them for 7 days", async () => {
    const res = await postWebhook({ object: "whatsapp_business_account", entry: [{ id: "1", changes: [{ field: "account_update", value: { event: "VERIFIED_ACCOUNT" } }] }] });
    expect(res.status).toBe(200);
  });
});
