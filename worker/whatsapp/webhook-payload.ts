// Parses a verified WhatsApp Cloud API webhook body into normalized inbound messages and status updates.
// Every level is an array (entry × changes × messages/statuses/errors). Unknown message types become
// `unsupported` (never dropped); structurally broken items make the whole body a 400 so nothing half-valid is stored.
import type { ContactSnapshot, MediaInfo, MessageContext, MessageKind, Referral } from "../../shared/model";
import { normalizeLanguage, TEMPLATE_CATEGORIES, TEMPLATE_QUALITIES } from "../../shared/template-rules";
import type { ChannelChange, DeliveryStatus, InboundMessage, ParsedWebhook, StatusUpdate, TemplateKey, TemplateUpdate, WhatsAppError } from "../../shared/whatsapp-webhook";

export type { ChannelChange, DeliveryStatus, InboundMessage, ParsedWebhook, StatusUpdate, TemplateUpdate, WhatsAppError };
export type ParseResult = { ok: true; webhook: ParsedWebhook } | { ok: false; errors: string[] };

const KNOWN_KINDS = new Set<MessageKind>([
  "text", "image", "audio", "video", "document", "sticker", "location", "contacts", "interactive",
  "button", "reaction", "order", "system", "unsupported", "revoke", "request_welcome",
]);
const MEDIA = new Set(["image", "audio", "video", "document", "sticker"]);
const DELIVERY = new Set<DeliveryStatus>(["sent", "delivered", "read", "played", "failed"]);
const MAX_ERRORS_REPORTED = 20;
const WA_ID = /^\d{4,20}$/;
/** Meta's message ids: "wamid." and base64 (we dedupe on them, so junk must not pass for one). */
const WAMID = /^wamid\.[A-Za-z0-9+/=_-]{1,250}$/;
const BSUID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,159}$/;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === "string" ? v : null);
const nonEmpty = (v: unknown): string | null => (typeof v === "string" && v.length > 0 ? v : null);

/** WhatsApp's Business API did not exist before 2009: anything earlier is not a Meta timestamp. */
const EARLIEST_MS = Date.UTC(2009, 0, 1);
/** Clocks drift, but a message from more than a day ahead is junk (1e306 s would even become Infinity ms). */
const MAX_AHEAD_MS = 24 * 60 * 60 * 1000;

/** Meta timestamps are Unix seconds as strings; accept numbers too. Returns ms, or null when absent or malformed. */
function timestampMs(v: unknown): number | null {
  const n = typeof v === "string" && /^\d{1,12}$/.test(v) ? Number(v) : typeof v === "number" ? v : NaN;
  return Number.isFinite(n) && n > 0 ? Math.round(n * 1000) : null;
}

/** The timestamp in ms, or the reason it cannot be stored. */
function checkedTimestamp(v: unknown, path: string, errors: string[]): number | null {
  const ms = timestampMs(v);
  if (ms === null) return void errors.push(`${path}: required, Unix seconds`), null;
  if (ms < EARLIEST_MS || ms > Date.now() + MAX_AHEAD_MS) {
    return void errors.push(`${path}: out of range (Unix seconds after 2009 and at most a day ahead)`), null;
  }
  return ms;
}

function parseErrors(v: unknown): WhatsAppError[] {
  if (!Array.isArray(v)) return [];
  return v.filter(isObject).map((e) => {
    const data = isObject(e.error_data) ? e.error_data : {};
    return {
      code: typeof e.code === "number" ? e.code : Number(e.code) || 0,
      title: str(e.title) ?? "",
      message: str(e.message) ?? str(e.title) ?? "",
      details: str(data.details),
    };
  });
}

function parseContext(v: unknown): MessageContext | null {
  if (!isObject(v)) return null;
  const ctx: MessageContext = {};
  if (nonEmpty(v.id)) ctx.replyTo = v.id as string;
  if (nonEmpty(v.from)) ctx.replyToFrom = v.from as string;
  if (v.forwarded === true) ctx.forwarded = true;
  if (v.frequently_forwarded === true) ctx.frequentlyForwarded = true;
  if (isObject(v.referred_product)) {
    ctx.referredProduct = {
      catalogId: String(v.referred_product.catalog_id ?? ""),
      productRetailerId: String(v.referred_product.product_retailer_id ?? ""),
    };
  }
  return Object.keys(ctx).length ? ctx : null;
}

function parseReferral(v: unknown): Referral | null {
  if (!isObject(v)) return null;
  const pick = (k: string) => str(v[k]) ?? undefined;
  return {
    sourceUrl: pick("source_url"), sourceId: pick("source_id"), sourceType: pick("source_type"),
    headline: pick("headline"), body: pick("body"), mediaType: pick("media_type"), imageUrl: pick("image_url"),
    videoUrl: pick("video_url"), thumbnailUrl: pick("thumbnail_url"), ctwaClid: pick("ctwa_clid"),
  };
}

function parseMedia(kind: string, content: Json): MediaInfo {
  return {
    providerId: str(content.id) ?? undefined,
    mimeType: str(content.mime_type) ?? "application/octet-stream",
    sha256: str(content.sha256) ?? undefined,
    filename: str(content.filename) ?? undefined,
    caption: str(content.caption) ?? undefined,
    voice: kind === "audio" ? content.voice === true : undefined,
    animated: kind === "sticker" ? content.animated === true : undefined,
    // A media message without an id cannot be downloaded: say so instead of retrying forever.
    state: nonEmpty(content.id) ? "pending" : "failed",
    error: nonEmpty(content.id) ? undefined : "Meta sent no media id for this file",
  };
}

/** The searchable, previewable text of a message; null when it has none (a sticker, a voice note). */
function textOf(kind: string, c: Json): string | null {
  switch (kind) {
    case "text":
      return str(c.body);
    case "image":
    case "video":
      return str(c.caption);
    case "document":
      return str(c.caption) ?? str(c.filename);
    case "location":
      return [str(c.name), str(c.address)].filter(Boolean).join(", ") || null;
    case "interactive": {
      const reply = isObject(c[String(c.type)]) ? (c[String(c.type)] as Json) : {};
      return str(reply.title) ?? str(reply.body) ?? str(reply.response) ?? null;
    }
    case "button":
      return str(c.text) ?? str(c.payload);
    case "reaction":
      return str(c.emoji);
    case "order":
      return str(c.text);
    case "system":
      return str(c.body);
    default:
      return null;
  }
}

function contactsText(list: unknown): string | null {
  if (!Array.isArray(list)) return null;
  const names = list.filter(isObject).map((c) => (isObject(c.name) ? str(c.name.formatted_name) : null));
  return names.filter(Boolean).join(", ") || null;
}

function contactFor(from: string, fromUserId: string | null, contacts: Json[]): ContactSnapshot {
  const match =
    contacts.find((c) => fromUserId && c.user_id === fromUserId) ??
    contacts.find((c) => from && c.wa_id === from) ??
    (contacts.length === 1 ? contacts[0] : undefined);
  const profile = match && isObject(match.profile) ? match.profile : {};
  const waId = nonEmpty(from) ?? nonEmpty(match?.wa_id);
  const userId = fromUserId ?? nonEmpty(match?.user_id);
  return {
    key: (userId ?? waId) as string,
    waId,
    userId,
    name: nonEmpty(profile.name),
    phone: waId ? "+" + waId : null,
    username: nonEmpty(profile.username),
  };
}

function parseMessage(m: unknown, contacts: Json[], path: string, errors: string[]): InboundMessage | null {
  if (!isObject(m)) return void errors.push(`${path}: must be an object`), null;
  const rawId = nonEmpty(m.id);
  const wamid = rawId && WAMID.test(rawId) ? rawId : null;
  const providerType = nonEmpty(m.type);
  const from = str(m.from) ?? "";
  const fromUserId = nonEmpty(m.from_user_id);
  if (!wamid) errors.push(rawId ? `${path}.id: not a WhatsApp message id (wamid.…)` : `${path}.id: required (the wamid)`);
  if (!providerType) errors.push(`${path}.type: required`);
  const sentAt = checkedTimestamp(m.timestamp, `${path}.timestamp`, errors);
  if (!from && !fromUserId) errors.push(`${path}.from: required (or from_user_id)`);
  if (m.from !== undefined && typeof m.from !== "string") errors.push(`${path}.from: must be a string`);
  // Meta sends a wa_id (digits) or, for username-only customers, a business-scoped id in from_user_id.
  const badFrom = Boolean(from) && !WA_ID.test(from);
  const badUserId = fromUserId !== null && !BSUID.test(fromUserId);
  if (badFrom) errors.push(`${path}.from: must be the customer's wa_id (digits only)`);
  if (badUserId) errors.push(`${path}.from_user_id: not a business-scoped user id`);
  if (!wamid || !providerType || sentAt === null || (!from && !fromUserId) || typeof (m.from ?? "") !== "string" || badFrom || badUserId) return null;

  const known = providerType !== "unknown" && KNOWN_KINDS.has(providerType as MessageKind);
  const kind: MessageKind = known ? (providerType as MessageKind) : "unsupported";
  const raw = m[providerType];
  if (known && kind !== "request_welcome" && kind !== "unsupported" && kind !== "contacts" && !isObject(raw)) {
    errors.push(`${path}.${providerType}: required object for type "${providerType}"`);
    return null;
  }
  // Unknown types keep Meta's type name and payload, so nothing is lost when we learn to render them.
  const content: Json = !known ? { type: providerType, raw: raw ?? null } : kind === "contacts" ? { contacts: raw } : isObject(raw) ? raw : {};
  return {
    wamid,
    kind,
    providerType,
    sentAt,
    text: kind === "contacts" ? contactsText(raw) : textOf(kind, content),
    content,
    context: parseContext(m.context),
    referral: parseReferral(m.referral),
    media: MEDIA.has(kind) ? parseMedia(kind, content) : null,
    errors: parseErrors(m.errors),
    contact: contactFor(from, fromUserId, contacts),
  };
}

function parseStatus(s: unknown, path: string, errors: string[], ignored: string[]): StatusUpdate | null {
  if (!isObject(s)) return void errors.push(`${path}: must be an object`), null;
  const rawId = nonEmpty(s.id);
  const wamid = rawId && WAMID.test(rawId) ? rawId : null;
  const status = nonEmpty(s.status);
  if (!wamid) errors.push(rawId ? `${path}.id: not a WhatsApp message id (wamid.…)` : `${path}.id: required (the wamid)`);
  if (!status) errors.push(`${path}.status: required`);
  const at = checkedTimestamp(s.timestamp, `${path}.timestamp`, errors);
  if (!wamid || !status || at === null) return null;
  if (!DELIVERY.has(status as DeliveryStatus)) {
    ignored.push(status);
    return null;
  }
  return {
    wamid,
    status: status as DeliveryStatus,
    at,
    recipientId: nonEmpty(s.recipient_id),
    recipientUserId: nonEmpty(s.recipient_user_id),
    callbackData: nonEmpty(s.biz_opaque_callback_data),
    errors: parseErrors(s.errors),
  };
}

/** The `changes[].field` values about templates (meta-api.md §11.2). */
const TEMPLATE_FIELDS = new Set(["message_template_status_update", "message_template_quality_update", "template_category_update"]);
const oneOf = <T extends string>(list: readonly T[], v: unknown): T | null => (typeof v === "string" && (list as readonly string[]).includes(v) ? (v as T) : null);

/** Which template a change is about: Meta's id (a JSON number; a string is accepted) and its name and language. */
function templateKey(wabaId: string, value: Json, path: string, errors: string[]): TemplateKey | null {
  const rawId = value.message_template_id;
  const metaId = typeof rawId === "number" && Number.isSafeInteger(rawId) && rawId > 0 ? String(rawId) : typeof rawId === "string" && /^\d{1,25}$/.test(rawId) ? rawId : null;
  // Ids beyond 2^53 lose digits in JSON.parse; the name and language still identify the template.
  const name = nonEmpty(value.message_template_name);
  const language = nonEmpty(value.message_template_language);
  if (!name) errors.push(`${path}.message_template_name: required`);
  if (!language) errors.push(`${path}.message_template_language: required`);
  if (!wabaId) errors.push(`${path}: entry.id (the WhatsApp Business Account) is required`);
  if (!name || !language || !wabaId) return null;
  return { wabaId, metaId, name: name.slice(0, 512), language: normalizeLanguage(language).slice(0, 20) };
}

/** A template change, or null when it is malformed (reported in `errors`) or carries values we do not know. */
function parseTemplateChange(field: string, wabaId: string, value: Json, path: string, errors: string[], ignored: string[]): TemplateUpdate | null {
  const key = templateKey(wabaId, value, path, errors);
  if (!key) return null;
  if (field === "message_template_status_update") {
    const event = nonEmpty(value.event);
    if (!event) return void errors.push(`${path}.event: required`), null;
    const other = isObject(value.other_info) ? value.other_info : {};
    // "NONE" is Meta's way of saying there is no reason; a pause or unlock explains itself in other_info.title.
    const reason = (value.reason !== "NONE" ? nonEmpty(value.reason) : null) ?? nonEmpty(other.title);
    return { ...key, kind: "status", event: event.slice(0, 40), reason: reason?.slice(0, 200) ?? null, category: oneOf(TEMPLATE_CATEGORIES, value.message_template_category) };
  }
  if (field === "message_template_quality_update") {
    const quality = oneOf(TEMPLATE_QUALITIES, value.new_quality_score);
    if (!quality) return void ignored.push(`quality:${String(value.new_quality_score).slice(0, 20)}`), null;
    return { ...key, kind: "quality", quality };
  }
  // template_category_update: `new_category` is the category in force (also in the 24 h notice, where
  // `correct_category` is the one coming).
  const category = oneOf(TEMPLATE_CATEGORIES, value.new_category);
  if (!category) return void ignored.push(`category:${String(value.new_category).slice(0, 20)}`), null;
  return { ...key, kind: "category", category };
}

function arrayAt(v: Json, key: string, path: string, errors: string[]): unknown[] {
  const value = v[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return errors.push(`${path}.${key}: must be an array`), [];
  return value;
}

export function parseWhatsAppWebhook(body: unknown): ParseResult {
  const errors: string[] = [];
  const webhook: ParsedWebhook = { changes: [], templates: [], ignoredFields: [], ignoredStatuses: [] };
  if (!isObject(body)) return { ok: false, errors: ["body: must be a JSON object"] };
  if (body.object !== "whatsapp_business_account") {
    return { ok: false, errors: [`object: expected "whatsapp_business_account", got ${JSON.stringify(body.object ?? null)}`] };
  }
  if (!Array.isArray(body.entry)) return { ok: false, errors: ["entry: must be an array"] };

  body.entry.forEach((entry, i) => {
    const ep = `entry[${i}]`;
    if (!isObject(entry)) return void errors.push(`${ep}: must be an object`);
    arrayAt(entry, "changes", ep, errors).forEach((change, j) => {
      const cp = `${ep}.changes[${j}]`;
      if (!isObject(change)) return void errors.push(`${cp}: must be an object`);
      const field = String(change.field);
      if (field !== "messages" && !TEMPLATE_FIELDS.has(field)) return void webhook.ignoredFields.push(field);
      const value = change.value;
      if (!isObject(value)) return void errors.push(`${cp}.value: must be an object`);
      if (TEMPLATE_FIELDS.has(field)) {
        const update = parseTemplateChange(field, String(entry.id ?? ""), value, `${cp}.value`, errors, webhook.ignoredStatuses);
        if (update) webhook.templates.push(update);
        return;
      }
      const metadata = isObject(value.metadata) ? value.metadata : {};
      const phoneNumberId = nonEmpty(metadata.phone_number_id);
      if (!phoneNumberId) return void errors.push(`${cp}.value.metadata.phone_number_id: required`);
      const contacts = arrayAt(value, "contacts", `${cp}.value`, errors).filter(isObject);
      const parsed: ChannelChange = {
        wabaId: String(entry.id ?? ""),
        phoneNumberId,
        displayPhoneNumber: str(metadata.display_phone_number) ?? "",
        messages: [],
        statuses: [],
        errors: parseErrors(value.errors),
      };
      arrayAt(value, "messages", `${cp}.value`, errors).forEach((m, k) => {
        const msg = parseMessage(m, contacts, `${cp}.value.messages[${k}]`, errors);
        if (msg) parsed.messages.push(msg);
      });
      arrayAt(value, "statuses", `${cp}.value`, errors).forEach((s, k) => {
        const st = parseStatus(s, `${cp}.value.statuses[${k}]`, errors, webhook.ignoredStatuses);
        if (st) parsed.statuses.push(st);
      });
      webhook.changes.push(parsed);
    });
  });
  if (errors.length) return { ok: false, errors: errors.slice(0, MAX_ERRORS_REPORTED) };
  return { ok: true, webhook };
}
