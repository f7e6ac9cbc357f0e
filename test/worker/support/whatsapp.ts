// Builds Meta-shaped webhook deliveries (meta-api.md §1) and posts them signed, as Meta would.
import { exports } from "cloudflare:workers";
import { escapeNonAscii, signBody } from "../../../worker/whatsapp/signature";
import { DEMO_CHANNEL } from "../../../worker/dev/demo-fixture";

export const APP_SECRET = "dev-app-secret";
export const PHONE_NUMBER_ID = DEMO_CHANNEL.phoneNumberId;

let counter = 0;
/** A wamid-shaped unique id. */
export function wamid(tag = "t"): string {
  counter++;
  return `wamid.HBgL${btoa(`${tag}-${Date.now()}-${counter}-${Math.random()}`).replace(/=+$/, "")}`;
}

/** A customer number unique to the test, so tests in one file do not share conversations. */
export function customerNumber(): string {
  return `34${Math.floor(600_000_000 + Math.random() * 99_999_999)}`;
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);

export interface Customer {
  waId: string;
  name: string;
  userId?: string;
}

export function inboundMessage(from: Customer, content: Record<string, unknown>, opts: { id?: string; timestamp?: number } = {}) {
  return { from: from.waId, ...(from.userId ? { from_user_id: from.userId } : {}), id: opts.id ?? wamid(), timestamp: String(opts.timestamp ?? nowSeconds()), ...content };
}

export function textMessage(from: Customer, body: string, opts: { id?: string; timestamp?: number } = {}) {
  return inboundMessage(from, { type: "text", text: { body } }, opts);
}

export function envelope(
  value: { messages?: unknown[]; statuses?: unknown[]; contacts?: Customer[]; errors?: unknown[] },
  opts: { phoneNumberId?: string } = {},
) {
  return {
    object: "whatsapp_business_account",
    entry: [
      {
        id: DEMO_CHANNEL.wabaId,
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: "34911000001", phone_number_id: opts.phoneNumberId ?? PHONE_NUMBER_ID },
              ...(value.contacts ? { contacts: value.contacts.map((c) => ({ profile: { name: c.name }, wa_id: c.waId, ...(c.userId ? { user_id: c.userId } : {}) })) } : {}),
              ...(value.messages ? { messages: value.messages } : {}),
              ...(value.statuses ? { statuses: value.statuses } : {}),
              ...(value.errors ? { errors: value.errors } : {}),
            },
          },
        ],
      },
    ],
  };
}

export function statusUpdate(id: string, status: string, recipient: string, opts: { callbackData?: string; errors?: unknown[]; timestamp?: number } = {}) {
  return {
    id,
    status,
    timestamp: String(opts.timestamp ?? nowSeconds()),
    recipient_id: recipient,
    ...(opts.callbackData ? { biz_opaque_callback_data: opts.callbackData } : {}),
    ...(opts.errors ? { errors: opts.errors } : {}),
  };
}

/** POSTs a body to /webhooks/whatsapp signed like Meta (non-ASCII escaped), or with the given signature. */
export async function postWebhook(payload: unknown, opts: { signature?: string | null; raw?: string } = {}): Promise<Response> {
  const body = opts.raw ?? escapeNonAscii(JSON.stringify(payload));
  const signature = opts.signature === undefined ? await signBody(body, APP_SECRET) : opts.signature;
  return exports.default.fetch("http://colmena.test/webhooks/whatsapp", {
    method: "POST",
    headers: { "content-type": "application/json", ...(signature ? { "x-hub-signature-256": signature } : {}) },
    body,
  });
}

/** Sends one text from a customer and returns the 200 body. */
export async function customerSays(customer: Customer, body: string, opts: { id?: string; timestamp?: number } = {}) {
  const res = await postWebhook(envelope({ contacts: [customer], messages: [textMessage(customer, body, opts)] }));
  if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as { stored: number; duplicates: number };
}
