// What agents write into a conversation: replies, templates and internal notes (with @mentions), and reading it.
// Runs inside the conversation object's transaction, returns a Result and queues frames and jobs.
import type { Actor, MediaKind, Message } from "../shared/model";
import { CAPTION_MAX_CHARS, TEXT_MAX_CHARS } from "../shared/whatsapp-limits";
import { type AttachmentInput, fail, ok, type ReplyInput, type Result } from "./conversation-api";
import { type ChangeContext, commitState, recordEvent, reportEvent } from "./conversation-changes";
import { isWindowOpen, windowClosesAt } from "./conversation-rules";

const messageFrame = (message: Message) => ({ type: "message" as const, seq: message.updatedSeq, message });

/** "Hola {{1}}, tu cita es el {{2}}" + ["Ana", "lunes"] → "Hola Ana, tu cita es el lunes" */
export function renderTemplate(body: string, params: string[]): string {
  return body.replace(/\{\{(\d+)\}\}/g, (whole, n: string) => params[Number(n) - 1] ?? whole);
}

function templateContent(template: NonNullable<ReplyInput["template"]>) {
  const parameters = (values: string[]) => values.map((t) => ({ type: "text", text: t }));
  return {
    name: template.name,
    language: { code: template.language },
    components: [
      ...(template.headerParams.length ? [{ type: "header", parameters: parameters(template.headerParams) }] : []),
      ...(template.bodyParams.length ? [{ type: "body", parameters: parameters(template.bodyParams) }] : []),
    ],
  };
}

/** An internal note: stored and broadcast to the team, never sent to WhatsApp. Mentions notify people live. */
function writeNote(c: ChangeContext, actor: Actor, text: string, input: ReplyInput): Result<{ message: Message; duplicate: boolean }> {
  const state = c.store.state()!;
  const mentions = (input.mentions ?? []).filter((m) => m.id !== actor.agentId);
  const note = c.store.insertMessage(state.id, {
    id: crypto.randomUUID(), wamid: null, clientId: input.clientId ?? null, direction: "note", kind: "text",
    text, content: { body: text, mentions }, context: null, referral: null, media: null, status: "received",
    authorId: actor.agentId, authorName: actor.name, sentAt: c.now,
  }, c.now)!;
  c.frames.push(messageFrame(note));
  reportEvent(c, "note", actor.agentId);
  if (mentions.length) {
    const participants = [...new Set([...state.participantIds, ...mentions.map((m) => m.id)])];
    c.store.addNotice({ kind: "mention", messageId: note.id, agentIds: mentions.map((m) => m.id), byName: actor.name, text: text.slice(0, 280), at: c.now });
    commitState(c, { participantIds: participants });
  }
  return ok({ message: note, duplicate: false });
}

/**
 * A stored outbound message goes to the outbox; the customer is no longer waiting, the first answer of the
 * cycle is reported, and the conversation moves to the top of the list.
 */
function queueOutbound(c: ChangeContext, actor: Actor, message: Message): Result<{ message: Message; duplicate: boolean }> {
  const state = c.store.state()!;
  c.frames.push(messageFrame(message));
  c.jobs.enqueue("send", `send:${message.id}`, c.now, { messageId: message.id });
  if (!state.firstResponseDone && state.waitingSince !== null) reportEvent(c, "first_response", actor.agentId, c.now - state.waitingSince);
  recordEvent(c, `${state.id}:${message.seq}:message_out`, "message_out", actor.agentId, null, { kind: message.kind });
  commitState(c, {
    lastMessageAt: c.now,
    lastMessagePreview: message.text,
    lastMessageKind: message.kind,
    lastMessageDirection: "out",
    waitingSince: null,
    firstResponseDone: true,
    unreadCount: 0,
  });
  return ok({ message, duplicate: false });
}

export function reply(c: ChangeContext, actor: Actor, input: ReplyInput): Result<{ message: Message; duplicate: boolean }> {
  const state = c.store.state()!;
  if (input.clientId) {
    const existing = c.store.message(state.id, { clientId: input.clientId });
    if (existing) return ok({ message: existing, duplicate: true });
  }
  const text = input.text?.trim() ?? "";
  if (!input.template && !text) return fail(400, "empty_message", "Write something before sending.");
  if (input.private) return writeNote(c, actor, text, input);

  if (text.length > TEXT_MAX_CHARS) {
    return fail(400, "text_too_long", `WhatsApp messages are limited to ${TEXT_MAX_CHARS} characters (this one has ${text.length}).`);
  }
  if (!input.template && !isWindowOpen(state.lastInboundAt, c.now)) {
    return fail(422, "window_closed", "More than 24 hours have passed since the customer's last message. Send an approved template instead.", {
      windowClosedAt: windowClosesAt(state.lastInboundAt),
    });
  }
  const template = input.template;
  const shown = template ? renderTemplate(template.body, template.bodyParams) : text;
  if (template && shown.length > CAPTION_MAX_CHARS) return fail(400, "template_too_long", "The filled template is longer than WhatsApp allows.");

  const message = c.store.insertMessage(state.id, {
    id: crypto.randomUUID(), wamid: null, clientId: input.clientId ?? null, direction: "out",
    kind: template ? "template" : "text", text: shown,
    content: template ? templateContent(template) : { body: text, preview_url: /https?:\/\//.test(text) },
    context: input.replyTo ? { replyTo: input.replyTo } : null, referral: null, media: null, status: "pending",
    authorId: actor.agentId, authorName: actor.name, sentAt: c.now,
  }, c.now)!;
  return queueOutbound(c, actor, message);
}


/** A file an agent sends (already checked against WhatsApp's limits and stored in R2 by the Worker). */
export function sendAttachment(c: ChangeContext, actor: Actor, input: AttachmentInput): Result<{ message: Message; duplicate: boolean }> {
  const state = c.store.state()!;
  if (input.clientId) {
    const existing = c.store.message(state.id, { clientId: input.clientId });
    if (existing) return ok({ message: existing, duplicate: true });
  }
  if (!isWindowOpen(state.lastInboundAt, c.now)) {
    return fail(422, "window_closed", "More than 24 hours have passed since the customer's last message. Send an approved template instead.", {
      windowClosedAt: windowClosesAt(state.lastInboundAt),
    });
  }
  const caption = input.caption?.trim() || undefined;
  if (caption && (input.kind === "audio" || input.kind === "sticker")) return fail(400, "caption_not_allowed", `WhatsApp does not show captions on ${input.kind === "audio" ? "audio" : "stickers"}.`);
  if (caption && caption.length > CAPTION_MAX_CHARS) return fail(400, "caption_too_long", `Captions are limited to ${CAPTION_MAX_CHARS} characters.`);
  const message = c.store.insertMessage(state.id, {
    id: crypto.randomUUID(), wamid: null, clientId: input.clientId ?? null, direction: "out", kind: input.kind,
    text: caption ?? (input.kind === "document" ? input.filename : null),
    content: { caption: caption ?? null, filename: input.filename, mime_type: input.mimeType },
    context: null, referral: null, status: "pending", authorId: actor.agentId, authorName: actor.name, sentAt: c.now,
    media: { mimeType: input.mimeType, size: input.size, filename: input.filename, caption, storageKey: input.storageKey, state: "stored" },
  }, c.now)!;
  return queueOutbound(c, actor, message);
}

/** The agent opened the conversation: clear the unread badge and tell WhatsApp (blue ticks on the customer's phone). */
export function markRead(c: ChangeContext): Result<{ unreadCount: 0 }> {
  const state = c.store.state()!;
  if (state.unreadCount > 0) {
    commitState(c, { unreadCount: 0 });
    c.jobs.enqueue("read", "read", c.now);
  }
  return ok({ unreadCount: 0 });
}
