// One constructor per kind of message a conversation stores: what the customer sent, what an agent sends (text,
// template, file), an internal note and an activity line. The rules call these; the Draft numbers and stores them.
import type { Actor, MediaInfo, Message, MessageStatus } from "../shared/model";
import type { InboundMessage } from "../shared/whatsapp-webhook";
import type { AttachmentInput } from "./conversation-api";

/** A message before the Draft numbers it (seq) and stamps it. */
export interface NewMessage {
  id: string;
  wamid: string | null;
  clientId: string | null;
  direction: Message["direction"];
  kind: Message["kind"];
  text: string | null;
  content: Message["content"];
  context: Message["context"];
  referral: Message["referral"];
  media: MediaInfo | null;
  status: MessageStatus;
  authorId: string | null;
  authorName: string | null;
  sentAt: number;
}

type Author = Pick<Actor, "agentId" | "name"> | null;
const by = (author: Author) => ({ authorId: author?.agentId ?? null, authorName: author?.name ?? null });
const none = { wamid: null, clientId: null, context: null, referral: null, media: null } as const;

/** A customer's message as WhatsApp delivered it; our id is derived from the wamid (a replay maps to the same row). */
export function inboundMessage(m: InboundMessage): NewMessage {
  const content = (m.errors.length ? { ...(m.content as object), errors: m.errors } : m.content) as Message["content"];
  return { ...none, id: `in:${m.wamid}`, wamid: m.wamid, direction: "in", kind: m.kind, text: m.text, content, context: m.context, referral: m.referral, media: m.media, status: "received", ...by(null), sentAt: m.sentAt };
}

/** A free-form text reply; `replyTo` quotes a message by its wamid. */
export function outboundText(author: Author, text: string, at: number, clientId: string | null, replyTo?: string): NewMessage {
  return {
    ...none, id: crypto.randomUUID(), clientId, direction: "out", kind: "text", text,
    content: { body: text, preview_url: /https?:\/\//.test(text) }, context: replyTo ? { replyTo } : null, status: "pending", ...by(author), sentAt: at,
  };
}

/** An approved template; `shown` is its body with the parameters filled in, for the agents' history. */
export function outboundTemplate(author: Author, shown: string, content: Message["content"], at: number, clientId: string | null, replyTo?: string): NewMessage {
  return { ...none, id: crypto.randomUUID(), clientId, direction: "out", kind: "template", text: shown, content, context: replyTo ? { replyTo } : null, status: "pending", ...by(author), sentAt: at };
}

/** A file an agent sends (already in R2). Documents show their file name when they have no caption. */
export function outboundFile(author: Author, input: AttachmentInput, caption: string | undefined, at: number): NewMessage {
  const media: MediaInfo = { mimeType: input.mimeType, size: input.size, filename: input.filename, caption, storageKey: input.storageKey, state: "stored" };
  return {
    ...none, id: crypto.randomUUID(), clientId: input.clientId ?? null, direction: "out", kind: input.kind,
    text: caption ?? (input.kind === "document" ? input.filename : null),
    content: { caption: caption ?? null, filename: input.filename, mime_type: input.mimeType }, media, status: "pending", ...by(author), sentAt: at,
  };
}

/** An internal note: stored and shown to the team, never sent. `extra` marks transfer notes, mentions… */
export function noteMessage(author: Author, text: string, extra: Record<string, Message["content"]>, at: number, clientId: string | null = null): NewMessage {
  return { ...none, id: crypto.randomUUID(), clientId, direction: "note", kind: "text", text, content: { body: text, ...extra }, status: "received", ...by(author), sentAt: at };
}

/** An activity line ("Ana took the conversation"); the inbox renders it from `content`. */
export function activityMessage(author: Author, content: Record<string, unknown>, at: number): NewMessage {
  return { ...none, id: crypto.randomUUID(), direction: "activity", kind: "activity", text: null, content: content as Message["content"], status: "received", ...by(author), sentAt: at };
}

/** An interactive message, a location or a reaction, with its Graph object as content; `shown` is what the inbox shows. */
export function outboundRich(author: Author, kind: "interactive" | "location" | "reaction", shown: string, content: Record<string, unknown>, at: number, clientId: string | null = null, replyTo?: string): NewMessage {
  return { ...none, id: crypto.randomUUID(), clientId, direction: "out", kind, text: shown, content: content as Message["content"], context: replyTo ? { replyTo } : null, status: "pending", ...by(author), sentAt: at };
}
