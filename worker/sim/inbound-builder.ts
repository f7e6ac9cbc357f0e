// Turns a /__sim/inbound request into Meta's inbound webhook: fills ids, timestamps and contacts, and stores a
// small real file for media messages that name none. Also lists what each delivery tells the 24 h window.
import { DEMO_CHANNEL } from "../dev/demo-fixture";
import type { MediaStore } from "./media-store";
import { sampleFile } from "./sample-media";
import type { InboundBody, InboundItem } from "./sim-schema";
import { type InboundMessageSpec, inboundEnvelope, newWamid } from "./webhook-builder";

type Json = Record<string, unknown>;

const MEDIA_TYPES = new Set(["image", "audio", "video", "document", "sticker"]);
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** A customer message as the window sees it: who wrote to which number, and when (ms). */
export interface InboundRecord {
  wamid: string;
  phoneNumberId: string;
  waId: string | null;
  userId: string | null;
  sentAtMs: number;
}

function hexToBase64(hex: string): string {
  return btoa(String.fromCharCode(...(hex.match(/../g) ?? []).map((h) => parseInt(h, 16))));
}

/** Media without an `id` gets a stored sample file; webhooks carry `sha256` as base64 (the GET descriptor as hex). */
async function fillMedia(message: Json & { type: string }, phoneNumberId: string, media: MediaStore, now: number, fileSize?: number): Promise<void> {
  const type = message.type;
  if (!MEDIA_TYPES.has(type)) return;
  const content: Json = isObject(message[type]) ? (message[type] as Json) : {};
  message[type] = content;
  if (typeof content.id === "string") return;
  const file = sampleFile(type, typeof content.mime_type === "string" ? content.mime_type : undefined);
  if (!file) return;
  const record = await media.put(phoneNumberId, file.mimeType, file.bytes, now, fileSize);
  content.mime_type = file.mimeType;
  content.sha256 = hexToBase64(record.sha256Hex);
  content.id = record.id;
  if (type === "document" && content.filename === undefined && file.filename) content.filename = file.filename;
  if (type === "audio" && content.voice === undefined) content.voice = file.mimeType.startsWith("audio/ogg");
}

async function specFor(item: InboundItem, media: MediaStore, now: number): Promise<InboundMessageSpec> {
  const phoneNumberId = item.phoneNumberId ?? DEMO_CHANNEL.phoneNumberId;
  const from = item.from ?? "";
  const userId = item.userId ?? null;
  const customer = from || userId || "";
  const message: Json & { type: string } =
    item.text !== undefined ? { type: "text", text: { body: item.text } } : structuredClone(item.message ?? { type: "text", text: { body: "" } });
  await fillMedia(message, phoneNumberId, media, now, item.fileSize);
  return {
    phoneNumberId,
    from,
    userId,
    name: item.name ?? `Cliente ${customer.slice(-4)}`,
    timestampSec: item.timestamp ?? Math.floor(now / 1000),
    wamid: item.wamid ?? newWamid(customer, "in"),
    message,
  };
}

/** Customer messages in any envelope (for `raw` posts), read leniently: raw bodies may be deliberately broken. */
function recordsOf(payload: unknown): InboundRecord[] {
  const records: InboundRecord[] = [];
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  for (const entry of list((payload as Json).entry)) {
    for (const change of list(isObject(entry) ? entry.changes : undefined)) {
      const value = isObject(change) && isObject(change.value) ? change.value : {};
      const phoneNumberId = isObject(value.metadata) ? String(value.metadata.phone_number_id ?? "") : "";
      for (const m of list(value.messages)) {
        if (!isObject(m) || typeof m.id !== "string") continue;
        const seconds = Number(m.timestamp);
        records.push({
          wamid: m.id,
          phoneNumberId,
          waId: typeof m.from === "string" && m.from ? m.from : null,
          userId: typeof m.from_user_id === "string" ? m.from_user_id : null,
          sentAtMs: Number.isFinite(seconds) ? seconds * 1000 : 0,
        });
      }
    }
  }
  return records;
}

export async function buildInbound(body: InboundBody, media: MediaStore, now: number): Promise<{ payload: unknown; wamids: string[]; inbound: InboundRecord[] }> {
  if ("raw" in body) {
    const records = recordsOf(body.raw);
    return { payload: body.raw, wamids: records.map((r) => r.wamid), inbound: records };
  }
  const items: InboundItem[] = "batch" in body ? body.batch : [body];
  const specs: InboundMessageSpec[] = [];
  for (const item of items) specs.push(await specFor(item, media, now));
  const inbound = specs
    // System messages (number changes) are not the customer writing: they do not open the window.
    .filter((s) => s.message.type !== "system")
    .map((s) => ({ wamid: s.wamid, phoneNumberId: s.phoneNumberId, waId: s.from || null, userId: s.userId, sentAtMs: s.timestampSec * 1000 }));
  return { payload: inboundEnvelope(specs), wamids: specs.map((s) => s.wamid), inbound };
}
