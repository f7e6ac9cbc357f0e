// Meta-shaped webhook bodies for the demo number, signed like Meta (HMAC-SHA256 of the exact bytes, non-ASCII
// escaped as \uXXXX), plus the product's derived conversation ids. Mirrors test/worker/support/whatsapp.ts.
import { createHash, createHmac } from "node:crypto";

export const APP_SECRET = "dev-app-secret";
export const PHONE_NUMBER_ID = "109876543210001";
export const CHANNEL_ID = "ch_demo_wa";
const WABA_ID = "209876543210001";

let counter = 0;
const runTag = Date.now().toString(36);
export const newWamid = (tag = "b") => `wamid.HBgL${tag}${runTag}${(++counter).toString(36)}${Math.random().toString(36).slice(2, 8)}`;
export const nowSeconds = () => Math.floor(Date.now() / 1000);

export const conversationIdFor = (waId) => "cv_" + createHash("sha256").update(`${CHANNEL_ID}\n${waId}`).digest("hex").slice(0, 24);

export const escapeNonAscii = (text) => text.replace(/[^\x00-\x7e]/g, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
export const sign = (body) => "sha256=" + createHmac("sha256", APP_SECRET).update(body).digest("hex");

export function textMessage(waId, text, { id = newWamid(), timestamp = nowSeconds() } = {}) {
  return { from: waId, id, timestamp: String(timestamp), type: "text", text: { body: text } };
}

export function statusItem(wamid, status, recipient, { callbackData, timestamp = nowSeconds() } = {}) {
  return { id: wamid, status, timestamp: String(timestamp), recipient_id: recipient, ...(callbackData ? { biz_opaque_callback_data: callbackData } : {}) };
}

/** One delivery: `contacts` are {waId, name}; messages/statuses as Meta shapes them. */
export function envelope({ contacts = [], messages, statuses }) {
  return {
    object: "whatsapp_business_account",
    entry: [{
      id: WABA_ID,
      changes: [{
        field: "messages",
        value: {
          messaging_product: "whatsapp",
          metadata: { display_phone_number: "34911000001", phone_number_id: PHONE_NUMBER_ID },
          ...(contacts.length ? { contacts: contacts.map((c) => ({ profile: { name: c.name }, wa_id: c.waId })) } : {}),
          ...(messages ? { messages } : {}),
          ...(statuses ? { statuses } : {}),
        },
      }],
    }],
  };
}

/** { body, headers } ready to POST to /webhooks/whatsapp. */
export function signed(payload) {
  const body = escapeNonAscii(JSON.stringify(payload));
  return { body, headers: { "content-type": "application/json", "x-hub-signature-256": sign(body) } };
}

/** A signed one-text webhook from a customer. */
export function customerText(waId, name, text, opts) {
  return signed(envelope({ contacts: [{ waId, name }], messages: [textMessage(waId, text, opts)] }));
}

/** Customer numbers in a range reserved per metric so metrics never share conversations. */
export const customer = (block, i) => `3461${String(block).padStart(2, "0")}${String(i).padStart(5, "0")}`;

/** The sustained-ingest webhook number `i` over `conversations` customers: the product and the floor get the same bodies. */
export const ingestWebhook = (i, conversations = 1000, block = 4) =>
  customerText(customer(block, i % conversations), `Cliente ${i % conversations}`, `Pedido ${i}: ¿cuándo llega? 📦`);

/** The first message of customer `i` of an ingest block (creates the conversation, or the floor's object). */
export const ingestFirst = (i, block = 4) => customerText(customer(block, i), `Cliente ${i}`, "Hola");

/** The sequential ack series' webhook number `i` (one existing conversation); the floor gets the same bodies. */
export const ackWebhook = (i, waId = customer(1, 1)) => customerText(waId, "Lucía Fernández", `¿Tenéis cita mañana a las ${i % 24}:00? Gracias 🙏`);
