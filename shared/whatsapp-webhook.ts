// WhatsApp Cloud API webhook items after parsing: what the Worker's parser produces and the conversation object
// stores. Types only, so both sides (and tests) import them without depending on the parser.
import type { ContactSnapshot, MediaInfo, MessageContext, MessageKind, Referral } from "./model";

export interface InboundMessage {
  wamid: string;
  kind: MessageKind;
  /** Meta's own `type` string (kept when we map an unknown type to `unsupported`). */
  providerType: string;
  sentAt: number;
  text: string | null;
  content: unknown;
  context: MessageContext | null;
  referral: Referral | null;
  media: MediaInfo | null;
  errors: WhatsAppError[];
  contact: ContactSnapshot;
}

export type DeliveryStatus = "sent" | "delivered" | "read" | "played" | "failed";

export interface StatusUpdate {
  wamid: string;
  status: DeliveryStatus;
  at: number;
  recipientId: string | null;
  recipientUserId: string | null;
  /** Echo of `biz_opaque_callback_data` we set on the send: `<conversationId>|<messageId>`. */
  callbackData: string | null;
  errors: WhatsAppError[];
}

export interface WhatsAppError {
  code: number;
  title: string;
  message: string;
  details: string | null;
}

export interface ChannelChange {
  wabaId: string;
  phoneNumberId: string;
  displayPhoneNumber: string;
  messages: InboundMessage[];
  statuses: StatusUpdate[];
  /** Account-level errors (`value.errors`), e.g. 130429 throughput reached. */
  errors: WhatsAppError[];
}

/** A template's review status (`message_template_status_update`): `event` as Meta names it (APPROVED, PAUSED…). */
export interface TemplateKey {
  /** The WhatsApp Business Account (`entry[].id`): templates belong to it, not to one number. */
  wabaId: string;
  /** Meta's template id, as a string (it arrives as a JSON number). */
  metaId: string | null;
  name: string;
  /** Normalised: `en-US` from webhooks becomes `en_US` as on creation. */
  language: string;
}

export type TemplateUpdate =
  | (TemplateKey & { kind: "status"; event: string; reason: string | null; category: "MARKETING" | "UTILITY" | "AUTHENTICATION" | null })
  | (TemplateKey & { kind: "quality"; quality: "GREEN" | "YELLOW" | "RED" | "UNKNOWN" })
  | (TemplateKey & { kind: "category"; category: "MARKETING" | "UTILITY" | "AUTHENTICATION" });

export interface ParsedWebhook {
  changes: ChannelChange[];
  /** Template status, quality and category changes, in delivery order. */
  templates: TemplateUpdate[];
  /** `changes[].field` values we do not handle; answered 200 so Meta does not retry them. */
  ignoredFields: string[];
  /** Status values we do not know (Meta adds some over time); kept out, reported in logs. */
  ignoredStatuses: string[];
}

