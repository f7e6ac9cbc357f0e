// Builds WhatsApp webhook bodies exactly as Meta does (meta-api.md §1) and pushes them, signed, to the Worker's
// /webhooks/whatsapp through the loopback binding. Used for customer messages and for status updates.
import { DEMO_CHANNEL } from "../dev/demo-fixture";
import { escapeNonAscii, signBody } from "../whatsapp/signature";
import type { StatusError } from "./graph-errors";
import type { DeliveryOptions, DeliveryResult, StatusName } from "./sim-schema";

type Json = Record<string, unknown>;

export interface Pricing {
  billable: boolean;
  pricing_model: "PMP";
  type: "regular" | "free_customer_service";
  category: string;
}

/** Meta's message ids: "wamid." + base64 of a small record holding the customer's number and a random id. */
export function newWamid(customer: string, direction: "in" | "out"): string {
  const enc = new TextEncoder();
  const phone = enc.encode(customer.slice(0, 60));
  const idHex = [...crypto.getRandomValues(new Uint8Array(direction === "out" ? 9 : 10))].map((b) => b.toString(16).padStart(2, "0")).join("").toUpperCase();
  const id = enc.encode(idHex);
  const bytes = [0x1c, 0x18, phone.length, ...phone, 0x15, 0x02, 0x00, direction === "out" ? 0x11 : 0x12, 0x18, id.length, ...id, 0x00];
  return "wamid." + btoa(String.fromCharCode(...bytes));
}

/** The WABA and display number Meta puts in `entry[].id` and `metadata` for a phone number id. */
export function numberMetadata(phoneNumberId: string): { wabaId: string; displayPhoneNumber: string } {
  if (phoneNumberId === DEMO_CHANNEL.phoneNumberId) {
    return { wabaId: DEMO_CHANNEL.wabaId, displayPhoneNumber: DEMO_CHANNEL.displayNumber.replace(/\D/g, "") };
  }
  return { wabaId: `2${phoneNumberId.slice(1)}`, displayPhoneNumber: "15550100" + phoneNumberId.slice(-3).padStart(3, "0") };
}

function changeFor(phoneNumberId: string, value: Json): Json {
  const { displayPhoneNumber } = numberMetadata(phoneNumberId);
  return { field: "messages", value: { messaging_product: "whatsapp", metadata: { display_phone_number: displayPhoneNumber, phone_number_id: phoneNumberId }, ...value } };
}

/** One entry per WABA, one change per number: Meta's nesting, with every level an array. */
export function envelope(values: Array<{ phoneNumberId: string; value: Json }>): Json {
  const byWaba = new Map<string, Json[]>();
  for (const { phoneNumberId, value } of values) {
    const { wabaId } = numberMetadata(phoneNumberId);
    byWaba.set(wabaId, [...(byWaba.get(wabaId) ?? []), changeFor(phoneNumberId, value)]);
  }
  return { object: "whatsapp_business_account", entry: [...byWaba].map(([id, changes]) => ({ id, changes })) };
}

export interface InboundMessageSpec {
  phoneNumberId: string;
  from: string;
  userId: string | null;
  name: string;
  timestampSec: number;
  wamid: string;
  /** Meta's message content: `type` plus the object of that name, `context`, `referral`, `errors`… */
  message: Json & { type: string };
}

/** Meta's unsupported messages always carry a 131051 error (meta-api.md §1.4). */
const UNSUPPORTED_ERROR = {
  code: 131051,
  title: "Message type unknown",
  message: "Message type unknown",
  error_data: { details: "Message type is currently not supported." },
};

function messageObject(spec: InboundMessageSpec): Json {
  const { type, ...content } = spec.message;
  const extra: Json = {};
  if (type === "unsupported") {
    if (!content.unsupported) extra.unsupported = { type: "poll_creation" };
    if (!content.errors) extra.errors = [UNSUPPORTED_ERROR];
  }
  return {
    from: spec.from,
    ...(spec.userId ? { from_user_id: spec.userId } : {}),
    id: spec.wamid,
    timestamp: String(spec.timestampSec),
    type,
    ...content,
    ...extra,
  };
}

/** Customer messages grouped per number, with one `contacts[]` entry per sender (none for system messages). */
export function inboundEnvelope(specs: InboundMessageSpec[]): Json {
  const perNumber = new Map<string, { contacts: Map<string, Json>; messages: Json[] }>();
  for (const spec of specs) {
    let group = perNumber.get(spec.phoneNumberId);
    if (!group) perNumber.set(spec.phoneNumberId, (group = { contacts: new Map(), messages: [] }));
    group.messages.push(messageObject(spec));
    if (spec.message.type !== "system") {
      const contact: Json = { profile: { name: spec.name }, wa_id: spec.from, ...(spec.userId ? { user_id: spec.userId } : {}) };
      group.contacts.set(`${spec.from}|${spec.userId ?? ""}`, contact);
    }
  }
  return envelope(
    [...perNumber].map(([phoneNumberId, g]) => ({
      phoneNumberId,
      value: g.contacts.size ? { contacts: [...g.contacts.values()], messages: g.messages } : { messages: g.messages },
    })),
  );
}

export interface StatusSpec {
  wamid: string;
  status: StatusName;
  timestampSec: number;
  /** The recipient: a wa_id (digits) or a BSUID. */
  toKey: string;
  callbackData: string | null;
  pricing?: Pricing;
  error?: StatusError;
}

/** A `statuses[]` item; v24+ has no `conversation` object outside free-entry-point windows. */
export function statusObject(spec: StatusSpec): Json {
  const isPhone = /^\d+$/.test(spec.toKey);
  return {
    id: spec.wamid,
    status: spec.status,
    timestamp: String(spec.timestampSec),
    recipient_id: isPhone ? spec.toKey : "",
    ...(isPhone ? {} : { recipient_user_id: spec.toKey }),
    ...(spec.callbackData ? { biz_opaque_callback_data: spec.callbackData } : {}),
    ...(spec.pricing && spec.status !== "failed" ? { pricing: spec.pricing } : {}),
    ...(spec.status === "failed" ? { errors: [spec.error] } : {}),
  };
}

export function statusEnvelope(phoneNumberId: string, statuses: Json[]): Json {
  return envelope([{ phoneNumberId, value: { statuses } }]);
}

export type Loopback = (request: Request) => Promise<Response>;

/**
 * POSTs a webhook like Meta: non-ASCII escaped as \uXXXX and the signature over that text. With `escape:false`
 * the bytes are raw UTF-8 but the signature still covers the escaped form, as some real deliveries arrive.
 */
export async function pushWebhook(loopback: Loopback, appSecret: string, payload: unknown, options: DeliveryOptions): Promise<DeliveryResult> {
  const json = JSON.stringify(payload);
  const escaped = escapeNonAscii(json);
  const headers = new Headers({ "content-type": "application/json", "user-agent": "facebookexternalua" });
  if (options.signature !== "none") {
    headers.set("x-hub-signature-256", await signBody(escaped, options.signature === "valid" ? appSecret : `${appSecret}-rotated`));
  }
  const response = await loopback(new Request("http://loopback/webhooks/whatsapp", { method: "POST", headers, body: options.escape ? escaped : json }));
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: report the text as the Worker answered it.
  }
  return { status: response.status, response: body };
}
