// The conversation object's RPC surface as types: what the Worker sends in and what comes back.
// Domain failures come back as values (never thrown), so the Worker maps them to HTTP without guessing.
import type { RichMessage } from "../shared/api/rich-messages";
import type { SurveyPolicy } from "../shared/csat";
import type { SlaConfig } from "../shared/sla";
import type { BotPolicy } from "../shared/bot-policy";
import type { Actor, ContactSnapshot, ConversationState, ConversationStatus, MediaKind, Message, Priority } from "../shared/model";
import type { InboundMessage, StatusUpdate } from "../shared/whatsapp-webhook";
import type { ConversationViewResponse as ConversationView, MessagePage } from "../shared/api/conversations";
import type { Result } from "./result";
import type { CampaignTag } from "./campaign/campaign-ids";
import type { RoutableConversation } from "./workspace-api";

export { fail, ok, type DomainError, type Result } from "./result";

/** Which conversation, in which workspace and channel: resolved by the Worker from phone_number_id. */
export interface ConversationRef {
  conversationId: string;
  workspaceId: string;
  channelId: string;
  phoneNumberId: string;
  /** Name of the secret holding the channel's access token, or `sealed:<text>` (durable/channel-token.ts). */
  tokenRef: string;
  contact: ContactSnapshot;
}

export interface IngestBatch {
  ref: ConversationRef;
  messages: InboundMessage[];
  statuses: StatusUpdate[];
  /** The number's bot policy when these messages arrived; null or absent while the bot does not answer. */
  bot?: BotPolicy | null;
  /** The number's satisfaction survey (null: off; absent: unknown, keep what the conversation has). */
  survey?: SurveyPolicy | null;
  /** The workspace's SLA policies, hours and zone (null: none; absent: keep what the conversation has). */
  sla?: SlaConfig | null;
  /** The workspace's opt-out keywords (null: the defaults of shared/opt-out.ts). */
  optOutKeywords?: string[] | null;
}

export interface IngestResult {
  stored: number;
  duplicates: number;
  statusesApplied: number;
  /** Statuses for a wamid not recorded yet: kept and applied when the message is. */
  statusesDeferred: number;
}


export interface TemplateSend {
  name: string;
  language: string;
  /** Body text with {{n}} placeholders, to show the agent what was sent. */
  body: string;
  headerParams: string[];
  bodyParams: string[];
  /** An IMAGE/VIDEO/DOCUMENT header's file (the template's sample in R2): uploaded to Meta and sent as the header. */
  headerMedia?: TemplateHeaderMedia;
}

export interface TemplateHeaderMedia {
  kind: "image" | "video" | "document";
  storageKey: string;
  mimeType: string;
  filename: string | null;
}

/** A campaign's template to one contact (durable/campaign/campaign-message.ts). */
export interface CampaignSend {
  ref: ConversationRef;
  /** The D1 contact the recipient was chosen from (an imported contact's id). */
  contactId: string;
  campaign: CampaignTag & { name: string };
  template: TemplateSend;
}

export type CampaignSent = Result<{ messageId: string; conversationId: string; duplicate: boolean }>;

export interface ReplyInput {
  text?: string;
  private?: boolean;
  /** Makes a retried POST idempotent: the same clientId stores and sends once. */
  clientId?: string;
  template?: TemplateSend;
  /** wamid of a message to quote. */
  replyTo?: string;
  /** People @mentioned in a note (validated by the Worker against the workspace). */
  mentions?: Array<{ id: string; name: string }>;
  /** Buttons, a list, a link button, a location request, a location or a reaction (checked by the Worker). */
  rich?: RichMessage;
}

export interface AttachmentInput {
  kind: MediaKind;
  mimeType: string;
  size: number;
  filename: string;
  caption?: string;
  /** Where the Worker stored the file in R2. */
  storageKey: string;
  clientId?: string;
}

/** What an agent opening the conversation gets, and a page of its history: the API's own response types. */
export type { ConversationView, MessagePage };

/**
 * The object's RPC methods as the Worker sees them. Declared by hand (and implemented by the class) because
 * the runtime's inferred stub types are too deep for TypeScript on these payloads.
 */
export interface ConversationRpc extends RoutableConversation {
  ingest(batch: IngestBatch): Promise<IngestResult>;
  view(actor: Actor): Promise<Result<ConversationView>>;
  messages(actor: Actor, before: { sentAt: number; seq: number } | null, limit: number): Promise<Result<MessagePage>>;
  message(actor: Actor, id: string): Promise<Result<Message>>;
  reply(actor: Actor, input: ReplyInput): Promise<Result<{ message: Message; duplicate: boolean }>>;
  /** An agent writes first with a template: the conversation is created if needed and becomes the sender's. */
  start(actor: Actor, ref: ConversationRef, input: ReplyInput): Promise<Result<{ created: boolean; message: Message; duplicate: boolean; conversation: ConversationState }>>;
  sendAttachment(actor: Actor, input: AttachmentInput): Promise<Result<{ message: Message; duplicate: boolean }>>;
  claim(actor: Actor): Promise<Result<{ assigneeId: string }>>;
  release(actor: Actor): Promise<Result<{ assigneeId: null }>>;
  transfer(actor: Actor, to: { agent?: { id: string; name: string }; team?: { id: string; name: string } }, note?: string): Promise<Result<{ assigneeId: string | null; teamId: string | null }>>;
  assign(actor: Actor, agent: { id: string; name: string } | null): Promise<Result<{ assigneeId: string | null }>>;
  setStatus(actor: Actor, status: "open" | "snoozed" | "resolved", snoozedUntil?: number): Promise<Result<{ status: ConversationStatus }>>;
  setPriority(actor: Actor, priority: Priority): Promise<Result<{ priority: Priority }>>;
  changeTags(actor: Actor, add: Array<{ id: string; name: string }>, remove: Array<{ id: string; name: string }>): Promise<Result<{ tagIds: string[] }>>;
  markRead(actor: Actor): Promise<Result<{ unreadCount: 0 }>>;
  authorize(actor: Actor): Promise<boolean>;
  handoff(reason: string, team: { id: string; name: string } | null): Promise<Result<{ status: "open" }>>;
  giveToBot(actor: Actor | null): Promise<Result<{ assigneeId: string }>>;
  linkContact(update: { contactId?: string; name?: string | null }): Promise<Result<true>>;
  /** A campaign's template to this contact (idempotent per recipient and attempt). */
  campaignSend(input: CampaignSend): Promise<CampaignSent>;
  /** Data rights (system calls from the Worker, no actor): the whole history for an export, a page at a time. */
  exportHistory(afterSeq: number, limit: number): Promise<HistoryExport | null>;
  /** Erases everything this object holds (rows, jobs, alarm, files in R2) and closes its sockets. */
  erase(): Promise<Erased>;
  /** Retention: a resolved conversation quiet since before `cutoff` loses its messages and files (the shell stays). */
  purgeHistory(cutoff: number): Promise<Erased & { purged: boolean }>;
}

/** One page of a conversation's history for an export: every message and note, oldest first. */
export interface HistoryExport {
  conversation: ConversationState;
  messages: Message[];
  /** Pass as `afterSeq` for the next page; null: this was the last. */
  nextAfterSeq: number | null;
}

/** What an erasure or a retention purge deleted (counts and the R2 keys removed). */
export interface Erased {
  existed: boolean;
  messages: number;
  files: number;
}


/** Header the Worker stamps on socket upgrades after authenticating the session. Clients cannot set it. */
export const ACTOR_HEADER = "x-colmena-actor";

// Names carry accents ("Sofía"); header values must stay ASCII.
export const encodeActor = (actor: Actor): string => encodeURIComponent(JSON.stringify(actor));
export function decodeActor(value: string | null): Actor | null {
  if (!value) return null;
  try {
    return JSON.parse(decodeURIComponent(value)) as Actor;
  } catch {
    return null;
  }
}
export type { Actor };
