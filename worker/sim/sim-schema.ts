// The simulator's control protocol (/__sim/*): zod schemas for every JSON body, the config with its defaults,
// and the types shared by the routes (which validate) and the GraphSimulator object (which trusts them).
import { z } from "zod";
import { TEMPLATE_EVENTS } from "./template-webhooks";

const digits = z.string().regex(/^\d{5,20}$/, "must be 5–20 digits (a wa_id, no +)");
/** BSUIDs look like "CO.1502576394655843"; Meta says to treat them as opaque. */
const bsuid = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{1,150}$/, "must look like a BSUID (e.g. CO.1502576394655843)");
const wamid = z.string().min(1).max(300);

export const statusName = z.enum(["sent", "delivered", "read", "played", "failed"]);
export type StatusName = z.infer<typeof statusName>;

const MEDIA_MAX_DECLARED = 200 * 1024 * 1024;

/** One customer message: everything of Meta's message object except from/id/timestamp, which the simulator fills. */
export const inboundItem = z
  .object({
    phoneNumberId: z.string().regex(/^\d{1,20}$/).optional(),
    from: z.union([digits, z.literal("")]).optional(),
    userId: bsuid.optional(),
    name: z.string().max(200).optional(),
    timestamp: z.number().int().positive().max(99_999_999_999).optional(),
    wamid: wamid.optional(),
    text: z.string().max(65_536).optional(),
    message: z.looseObject({ type: z.string().min(1).max(64) }).optional(),
    /** Pretend the file is this many bytes (downloads are zero-padded) to exercise size limits. */
    fileSize: z.number().int().positive().max(MEDIA_MAX_DECLARED).optional(),
  })
  .refine((i) => Boolean(i.from) || Boolean(i.userId), { message: "from (wa_id) or userId (BSUID) is required", path: ["from"] })
  .refine((i) => i.text !== undefined || i.message !== undefined, { message: "text or message is required", path: ["message"] })
  .refine((i) => !(i.text !== undefined && i.message !== undefined), { message: "give text or message, not both", path: ["text"] });
export type InboundItem = z.infer<typeof inboundItem>;

const deliveryOptions = {
  signature: z.enum(["valid", "invalid", "none"]).default("valid"),
  /** false: send raw UTF-8 but sign the escaped form, so the Worker must use its fallback to verify. */
  escape: z.boolean().default(true),
};

const rawInbound = z.object({ raw: z.looseObject({}), ...deliveryOptions });
const batchInbound = z.object({ batch: z.array(inboundItem).min(1).max(1000), ...deliveryOptions });
const singleInbound = z.intersection(inboundItem, z.object(deliveryOptions));

/** A union would hide the reason behind "invalid input": pick the shape by its key, then validate it. */
export function parseInboundBody(body: unknown) {
  const has = (key: string) => typeof body === "object" && body !== null && key in body;
  if (has("raw")) return rawInbound.safeParse(body);
  if (has("batch")) return batchInbound.safeParse(body);
  return singleInbound.safeParse(body);
}
export type InboundBody = z.infer<typeof rawInbound> | z.infer<typeof batchInbound> | z.infer<typeof singleInbound>;
export type DeliveryOptions = { signature: "valid" | "invalid" | "none"; escape: boolean };

export const pushStatusBody = z
  .object({
    wamid,
    status: statusName,
    errorCode: z.number().int().nonnegative().optional(),
  })
  .refine((b) => b.status === "failed" || b.errorCode === undefined, { message: "errorCode only goes with status failed", path: ["errorCode"] });
export type PushStatusBody = z.infer<typeof pushStatusBody>;

export const faultTarget = z.enum(["messages", "read", "media", "download", "upload"]);
export type FaultTarget = z.infer<typeof faultTarget>;

export const faultBody = z
  .object({
    code: z.number().int().nonnegative().max(9_999_999),
    count: z.number().int().min(1).max(10_000).default(1),
    httpStatus: z.number().int().min(400).max(599).optional(),
    mode: z.enum(["sync", "async", "timeout"]).optional(),
    delayMs: z.number().int().min(0).max(120_000).optional(),
    target: faultTarget.default("messages"),
  })
  .refine((f) => f.mode !== "async" || f.target === "messages", { message: "async faults only exist for sends (target messages)", path: ["mode"] });
export type FaultBody = z.infer<typeof faultBody>;

const rateLimits = z.object({
  enabled: z.boolean().optional(),
  /** Per (business number, customer) bucket: Meta allows bursts of 45, then 1 message per 6 s. */
  pairBurst: z.number().int().min(1).max(100_000).optional(),
  pairRefillMs: z.number().int().min(1).max(3_600_000).optional(),
  /** Per business number: 80 messages per second by default. */
  perSecond: z.number().int().min(1).max(100_000).optional(),
});

export const configBody = z.object({
  statusDelaysMs: z
    .object({ sent: z.number().int().min(0).max(600_000), delivered: z.number().int().min(0).max(600_000), read: z.number().int().min(0).max(600_000) })
    .partial()
    .optional(),
  autoRead: z.boolean().optional(),
  rateLimits: z.union([z.boolean(), rateLimits]).optional(),
  mediaUrlTtlMs: z.number().int().min(1).max(3_600_000).optional(),
  /** "invalid" signs status webhooks with a wrong secret (a rotated app secret), so the Worker answers 401. */
  webhookSignature: z.enum(["valid", "invalid"]).optional(),
  webhookRetryBaseMs: z.number().int().min(1).max(3_600_000).optional(),
  webhookMaxAttempts: z.number().int().min(1).max(100).optional(),
  /** How long Meta's review of a new template takes before its APPROVED/REJECTED webhook. */
  templateReviewMs: z.number().int().min(0).max(24 * 3_600_000).optional(),
});
export type ConfigBody = z.infer<typeof configBody>;

export interface SimConfig {
  statusDelaysMs: { sent: number; delivered: number; read: number };
  autoRead: boolean;
  rateLimits: { enabled: boolean; pairBurst: number; pairRefillMs: number; perSecond: number };
  mediaUrlTtlMs: number;
  webhookSignature: "valid" | "invalid";
  webhookRetryBaseMs: number;
  webhookMaxAttempts: number;
  templateReviewMs: number;
}

export const DEFAULT_CONFIG: SimConfig = {
  statusDelaysMs: { sent: 150, delivered: 600, read: 1500 },
  autoRead: true,
  rateLimits: { enabled: true, pairBurst: 45, pairRefillMs: 6_000, perSecond: 80 },
  mediaUrlTtlMs: 5 * 60_000,
  webhookSignature: "valid",
  webhookRetryBaseMs: 1_000,
  webhookMaxAttempts: 10,
  templateReviewMs: 3_000,
};

export function mergeConfig(current: SimConfig, patch: ConfigBody): SimConfig {
  const limits = typeof patch.rateLimits === "boolean" ? { enabled: patch.rateLimits } : (patch.rateLimits ?? {});
  return {
    statusDelaysMs: { ...current.statusDelaysMs, ...patch.statusDelaysMs },
    autoRead: patch.autoRead ?? current.autoRead,
    rateLimits: { ...current.rateLimits, ...limits },
    mediaUrlTtlMs: patch.mediaUrlTtlMs ?? current.mediaUrlTtlMs,
    webhookSignature: patch.webhookSignature ?? current.webhookSignature,
    webhookRetryBaseMs: patch.webhookRetryBaseMs ?? current.webhookRetryBaseMs,
    webhookMaxAttempts: patch.webhookMaxAttempts ?? current.webhookMaxAttempts,
    templateReviewMs: patch.templateReviewMs ?? current.templateReviewMs,
  };
}

export const sentQuery = z.object({
  to: z.string().max(200).optional(),
  phoneNumberId: z.string().max(30).optional(),
});

export const verifyBody = z.object({
  /** Defaults to the Worker's WA_VERIFY_TOKEN; pass another to see the handshake refused. */
  verifyToken: z.string().max(500).optional(),
  challenge: z.string().min(1).max(200).default("1158201444"),
});

/** POST /__sim/templates/event: what Meta decides about a template, pushed as its webhook(s). */
export const templateEventBody = z.object({
  name: z.string().regex(/^[a-z0-9_]{1,512}$/, "must be a template name (lowercase letters, digits, _)"),
  language: z.string().regex(/^[A-Za-z]{2,3}([-_][A-Za-z]{2,4})?$/, "must be a language code such as es or en_US"),
  event: z.enum(TEMPLATE_EVENTS),
  reason: z.enum(["NONE", "ABUSIVE_CONTENT", "INCORRECT_CATEGORY", "INVALID_FORMAT", "PROMOTIONAL", "SCAM", "TAG_CONTENT_MISMATCH"]).optional(),
  quality: z.enum(["GREEN", "YELLOW", "RED"]).optional(),
});
export type TemplateEventBody = z.infer<typeof templateEventBody>;

export const webhooksQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

/** What the simulator says about an accepted send in GET /__sim/sent. */
export interface SentMessageView {
  wamid: string;
  phoneNumberId: string;
  to: string;
  type: string;
  body: unknown;
  at: number;
  statuses: Array<{ status: StatusName; at: number; errorCode?: number }>;
  callbackData: string | null;
}

export interface SentLogView {
  messages: SentMessageView[];
  reads: Array<{ messageId: string; at: number; typing: boolean }>;
}

/** The Worker's answer to a webhook the simulator pushed. */
export interface DeliveryResult {
  status: number;
  response: unknown;
}
