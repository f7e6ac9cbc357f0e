// The domain model every side agrees on: the Worker's API, the Durable Objects and the SolidJS inbox.
// Plain types only (no runtime code), so the web bundle imports them for free with `import type`.

export type Role = "admin" | "supervisor" | "agent";

/** Service-level targets (rules in shared/sla.ts). */
export type SlaKind = "first_response" | "next_response" | "resolution";

/** One running target: shown as a countdown; warned at `warnAt`, breached at `dueAt`. */
export interface SlaClock {
  kind: SlaKind;
  policyId: string;
  startedAt: number;
  warnAt: number;
  dueAt: number;
}


/** Anything JSON can carry (what Meta sends us, what we store as-is). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Who did something: a person, the AI bot, or the system (timers, webhooks). */
export interface Actor {
  agentId: string;
  workspaceId: string;
  role: Role;
  name: string;
  /** Teams the person belongs to: agents see their teams' conversations. */
  teamIds: readonly string[];
  /** The workspace lets agents see every conversation. */
  seeAll: boolean;
}

/** The AI assistant owns a conversation as this reserved id (status "pending" while it handles it). */
export const BOT_AGENT_ID = "bot";

export type ConversationStatus = "open" | "pending" | "snoozed" | "resolved";
export type Priority = "low" | "normal" | "high" | "urgent";

/** in: from the customer; out: to the customer; note: internal, never sent; activity: "Ana took the conversation". */
export type MessageDirection = "in" | "out" | "note" | "activity";

/** WhatsApp message types we understand (Meta's `messages[].type`), plus `template` for our own sends. */
export type MessageKind =
  | "text"
  | "image"
  | "audio"
  | "video"
  | "document"
  | "sticker"
  | "location"
  | "contacts"
  | "interactive"
  | "button"
  | "reaction"
  | "order"
  | "system"
  | "unsupported"
  | "revoke"
  | "request_welcome"
  | "template"
  | "activity";

export const MEDIA_KINDS = ["image", "audio", "video", "document", "sticker"] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

/**
 * Delivery state. Inbound messages are `received`. Outbound ones move forward only:
 * pending (stored, not yet accepted by Meta) → accepted (Graph answered 200 with a wamid) → sent → delivered → read → played.
 * `failed` wins over everything and carries a reason.
 */
export type MessageStatus = "received" | "pending" | "accepted" | "sent" | "delivered" | "read" | "played" | "failed";

export interface MessageContext {
  /** wamid of the quoted message (a reply), if any. */
  replyTo?: string;
  /** `from` of the quoted message: our number or the customer's. */
  replyToFrom?: string;
  forwarded?: boolean;
  frequentlyForwarded?: boolean;
  referredProduct?: { catalogId: string; productRetailerId: string };
}

/** Click-to-WhatsApp ad the customer came from (Meta's `referral`). */
export interface Referral {
  sourceUrl?: string;
  sourceId?: string;
  sourceType?: string;
  headline?: string;
  body?: string;
  mediaType?: string;
  imageUrl?: string;
  videoUrl?: string;
  thumbnailUrl?: string;
  ctwaClid?: string;
}

export interface MediaInfo {
  /** Meta's media id: from the webhook (inbound), or once our upload to the Graph API succeeded (outbound). */
  providerId?: string;
  /** Where the file lives in our R2 bucket, once stored. */
  storageKey?: string;
  mimeType: string;
  sha256?: string;
  filename?: string;
  caption?: string;
  voice?: boolean;
  animated?: boolean;
  size?: number;
  /** pending: not copied yet; stored: in R2, served by GET /api/conversations/:id/messages/:messageId/media; failed: see `error`. */
  state: "pending" | "stored" | "failed";
  error?: string;
}

export interface Message {
  /** Our id: `in:<wamid>` for inbound, a random id for what we create. */
  id: string;
  conversationId: string;
  /** Per-conversation insertion order. */
  seq: number;
  /** Sequence number of the last change to this message (for gap-free catch-up). */
  updatedSeq: number;
  direction: MessageDirection;
  kind: MessageKind;
  wamid: string | null;
  /** Human-readable text: body, caption, button title, or a summary; what previews and search use. */
  text: string | null;
  /** The type-specific object exactly as Meta sent it (or as we sent it), for faithful rendering. */
  content: JsonValue | null;
  context: MessageContext | null;
  referral: Referral | null;
  media: MediaInfo | null;
  status: MessageStatus;
  errorCode: number | null;
  errorReason: string | null;
  /** Agent who wrote an outbound message or note. */
  authorId: string | null;
  authorName: string | null;
  /** Provider time for inbound (Meta's timestamp), creation time for ours; ms since epoch. Used for ordering. */
  sentAt: number;
  createdAt: number;
  clientId: string | null;
}

export interface ContactSnapshot {
  /** Stable key inside a channel: the business-scoped user id when Meta gives one, else the wa_id. */
  key: string;
  waId: string | null;
  userId: string | null;
  name: string | null;
  /** The WhatsApp profile name, when an agent gave the contact another `name`. */
  profileName?: string | null;
  phone: string | null;
  username: string | null;
}

export interface ConversationState {
  id: string;
  workspaceId: string;
  channelId: string;
  phoneNumberId: string;
  /** The CRM contact (changes when duplicates are merged). */
  contactId: string;
  /** `contact.name` is what agents see: a name an agent gave, else the WhatsApp profile name. */
  contact: ContactSnapshot;
  status: ConversationStatus;
  assigneeId: string | null;
  assigneeName: string | null;
  teamId: string | null;
  priority: Priority;
  /** Until when a snoozed conversation sleeps (it wakes earlier if the customer writes). */
  snoozedUntil: number | null;
  tagIds: string[];
  /** People mentioned in notes: they may open the conversation even if it is not theirs. */
  participantIds: string[];
  /** The customer has been waiting for a human answer since (null when answered). */
  waitingSince: number | null;
  /** The service-level target due first (shared/sla.ts), null when none runs. */
  sla: SlaClock | null;
  /** Last customer message (provider time): the 24-hour customer-service window runs from here. */
  lastInboundAt: number | null;
  lastMessageAt: number | null;
  lastMessagePreview: string | null;
  lastMessageKind: MessageKind | null;
  lastMessageDirection: MessageDirection | null;
  unreadCount: number;
  createdAt: number;
  /** Last change sequence number in this conversation. */
  seq: number;
}

/** One row of the conversation list (D1 index, and the live list frames). */
export interface ConversationSummary {
  id: string;
  workspaceId: string;
  channelId: string;
  contactId: string;
  contactName: string | null;
  contactPhone: string | null;
  status: ConversationStatus;
  assigneeId: string | null;
  assigneeName: string | null;
  teamId: string | null;
  priority: Priority;
  tagIds: string[];
  /** People mentioned in notes: the conversation shows in their list too. */
  participantIds: string[];
  snoozedUntil: number | null;
  waitingSince: number | null;
  /** The service-level target due first (shared/sla.ts), null when none runs. */
  sla: SlaClock | null;
  lastMessageAt: number | null;
  lastMessagePreview: string | null;
  lastMessageKind: MessageKind | null;
  lastMessageDirection: MessageDirection | null;
  lastInboundAt: number | null;
  unreadCount: number;
  /** The conversation's seq when this summary was taken; newer wins. */
  version: number;
}

export interface TemplateParameterSpec {
  /** Component the parameters belong to. */
  component: "header" | "body";
  count: number;
}

/** Every status Meta reports for a template; only APPROVED can be sent. */
export const TEMPLATE_STATUSES = ["APPROVED", "PENDING", "REJECTED", "PAUSED", "DISABLED", "IN_APPEAL", "PENDING_DELETION", "DELETED", "ARCHIVED", "LIMIT_EXCEEDED"] as const;
export type TemplateStatus = (typeof TEMPLATE_STATUSES)[number];

export interface WhatsAppTemplate {
  id: string;
  channelId: string;
  name: string;
  language: string;
  category: "MARKETING" | "UTILITY" | "AUTHENTICATION";
  status: TemplateStatus;
  /** Body text with {{1}} … placeholders, shown to agents. */
  body: string;
  header: string | null;
  parameters: TemplateParameterSpec[];
  /** Meta's quality rating: new templates start UNKNOWN. */
  quality: "GREEN" | "YELLOW" | "RED" | "UNKNOWN";
  /** Why Meta rejected, paused or disabled it (its reason code or other_info title); null otherwise. */
  reason: string | null;
  /** Meta's components (HEADER, BODY, FOOTER, BUTTONS) as it holds them; null for templates never synced. */
  components: unknown[] | null;
  /** Meta's template id (null until created or synced). */
  metaId: string | null;
  /** A media header's kept sample, sent as the header with every message; null when none is kept. */
  headerSample?: { mimeType: string; filename: string | null } | null;
  updatedAt: number | null;
}

/** The customer-service window: free-form replies are allowed for 24 h after the customer's last message. */
export const SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;
