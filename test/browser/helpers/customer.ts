// The customer's side for browser tests: messages in through the Graph simulator (/__sim/inbound) or, where the
// simulator is absent, a webhook signed like Meta's; what the business sent, from /__sim/sent.
import { createHmac, randomUUID } from "node:crypto";

const PHONE_NUMBER_ID = "109876543210001";
const APP_SECRET = "dev-app-secret";

/** A unique Spanish mobile number per test, so tests never share a conversation. */
export function customerNumber(): string {
  return `346${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
}

export interface InboundInput {
  from: string;
  name: string;
  text?: string;
  message?: Record<string, unknown>;
  /** Unix seconds (defaults to now). */
  timestamp?: number;
}

export async function simulatorAvailable(baseUrl: string): Promise<boolean> {
  const r = await fetch(`${baseUrl}/__sim/sent?to=0`);
  return r.ok;
}

/** Delivers one customer message; resolves to its wamid once the Worker answered 200. */
export async function sendInbound(baseUrl: string, input: InboundInput): Promise<string> {
  if (await simulatorAvailable(baseUrl)) {
    const r = await fetch(`${baseUrl}/__sim/inbound`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(input) });
    const body = (await r.json()) as { status?: number; wamids?: string[]; message?: string };
    if (!r.ok || body.status !== 200) throw new Error(`simulator inbound failed: ${r.status} ${JSON.stringify(body)}`);
    return body.wamids![0]!;
  }
  return signedWebhook(baseUrl, input);
}

async function signedWebhook(baseUrl: string, input: InboundInput): Promise<string> {
  const wamid = `wamid.TEST${randomUUID().replace(/-/g, "")}`;
  const message = input.message ?? { type: "text", text: { body: input.text ?? "" } };
  const payload = {
    object: "whatsapp_business_account",
    entry: [
      {
        id: "209876543210001",
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: "34911000001", phone_number_id: PHONE_NUMBER_ID },
              contacts: [{ profile: { name: input.name }, wa_id: input.from }],
              messages: [{ from: input.from, id: wamid, timestamp: String(input.timestamp ?? Math.floor(Date.now() / 1000)), ...message }],
            },
          },
        ],
      },
    ],
  };
  const raw = JSON.stringify(payload);
  const signature = createHmac("sha256", APP_SECRET).update(raw).digest("hex");
  const r = await fetch(`${baseUrl}/webhooks/whatsapp`, { method: "POST", headers: { "content-type": "application/json", "x-hub-signature-256": `sha256=${signature}` }, body: raw });
  if (!r.ok) throw new Error(`webhook failed: ${r.status} ${await r.text()}`);
  return wamid;
}

export interface SentMessage {
  wamid: string;
  type: string;
  body: Record<string, unknown>;
  statuses: Array<{ status: string }>;
}

export async function sentTo(baseUrl: string, number: string): Promise<SentMessage[]> {
  const r = await fetch(`${baseUrl}/__sim/sent?to=${number}`);
  if (!r.ok) throw new Error(`/__sim/sent answered ${r.status}`);
  return ((await r.json()) as { messages: SentMessage[] }).messages;
}
