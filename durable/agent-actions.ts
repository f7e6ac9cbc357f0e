// What agents write into a conversation: replies, templates, files and internal notes (with @mentions), and reading
// it. Pure rules over a Draft: they return a Result and leave the messages, jobs and events to write in the Draft.
import { type Actor, BOT_AGENT_ID, type MediaInfo, type Message } from "../shared/model";
import { CAPTION_MAX_CHARS, TEXT_MAX_CHARS } from "../shared/whatsapp-limits";
import type { AttachmentInput, ReplyInput } from "./conversation-api";
import type { Draft } from "./conversation-draft";
import { isWindowOpen, windowClosesAt } from "./conversation-rules";
import { noteMessage, outboundFile, outboundRich, outboundTemplate, outboundText } from "./message-kinds";
import { kindOf, type RichMessage, shownText, toGraph } from "../shared/api/rich-messages";
import { claim } from "./ownership";
import { personReplied } from "./report-clock";
import { fail, ok, type Result } from "./result";

export type Sent = Result<{ message: Message; duplicate: boolean }>;

/** "Hola {{1}}, tu cita es el {{2}}" + ["Ana", "lunes"] → "Hola Ana, tu cita es el lunes" */
export function renderTemplate(body: string, params: string[]): string {
  return body.replace(/\{\{(\d+)\}\}/g, (whole, n: string) => params[Number(n) - 1] ?? whole);
}

export function templateContent(template: NonNullable<ReplyInput["template"]>): Message["content"] {
  const parameters = (values: string[]) => values.map((t) => ({ type: "text", text: t }));
  const media = template.headerMedia;
  // A media header's parameter names its file; the outbox adds Meta's media id once the file is uploaded.
  const file: Record<string, string> = media?.kind === "document" && media.filename ? { filename: media.filename } : {};
  const mediaHeader = media ? [{ type: "header", parameters: [{ type: media.kind, [media.kind]: file }] }] : [];
  return {
    name: template.name,
    language: { code: template.language },
    components: [
      ...mediaHeader,
      ...(template.headerParams.length ? [{ type: "header", parameters: parameters(template.headerParams) }] : []),
      ...(template.bodyParams.length ? [{ type: "body", parameters: parameters(template.bodyParams) }] : []),
    ],
  };
}

/** The header file a template message carries: uploaded by the outbox like an attachment, shown like one. */
export function templateMedia(template: NonNullable<ReplyInput["template"]>): { media: MediaInfo } | Record<string, never> {
  const media = template.headerMedia;
  if (!media) return {};
  return { media: { mimeType: media.mimeType, storageKey: media.storageKey, state: "stored", ...(media.filename ? { filename: media.filename } : {}) } };
}

const windowClosed = (d: Draft): Sent =>
  fail(422, "window_closed", "More than 24 hours have passed since the customer's last message. Send an approved template instead.", {
    windowClosedAt: windowClosesAt(d.current.lastInboundAt),
  });

/** A retried POST with the same clientId gets the first answer back: stored and sent once. */
function alreadySent(d: Draft, clientId: string | undefined): Sent | null {
  const existing = clientId ? d.message({ clientId }) : null;
  return existing ? ok({ message: existing, duplicate: true }) : null;
}

/** An internal note: stored and broadcast to the team, never sent to WhatsApp. Mentions notify people live. */
function writeNote(d: Draft, actor: Actor, text: string, input: ReplyInput): Sent {
  const state = d.current;
  const mentions = (input.mentions ?? []).filter((m) => m.id !== actor.agentId);
  const note = d.insert(noteMessage(actor, text, { mentions }, d.now, input.clientId ?? null));
  d.changeEvent("note", actor.agentId);
  if (mentions.length) {
    d.notice({ kind: "mention", messageId: note.id, agentIds: mentions.map((m) => m.id), byName: actor.name, text: text.slice(0, 280), at: d.now });
    d.patch({ participantIds: [...new Set([...state.participantIds, ...mentions.map((m) => m.id)])] });
  }
  return ok({ message: note, duplicate: false });
}

/**
 * A stored outbound message goes to the outbox; the customer is no longer waiting, the first answer of the
 * cycle is reported, and the conversation moves to the top of the list.
 */
export function queueOutbound(d: Draft, actor: Pick<Actor, "agentId">, message: Message): Sent {
  const state = d.current;
  d.job("send", `send:${message.id}`, d.now, { messageId: message.id });
  const byBot = actor.agentId === BOT_AGENT_ID;
  // The bot's messages are their own kind, so "sent by people" and "sent by the bot" stay apart in every rollup.
  const kind = byBot ? "bot_message_out" : "message_out";
  d.event(`${state.id}:${message.seq}:${kind}`, kind, actor.agentId, null, { kind: message.kind });
  // A person's reply ends the customer's wait (the bot's answers are counted apart: bot_reply).
  const measured = byBot ? null : personReplied(state.clock, d.now);
  if (measured?.measured) {
    const { kind, startedAt, fromAssignment } = measured.measured;
    d.changeEvent(kind, actor.agentId, d.now - startedAt, null, { startedAt });
    if (fromAssignment !== null) d.changeEvent("first_response_from_assignment", actor.agentId, d.now - fromAssignment, null, { startedAt: fromAssignment });
  }
  d.patch({
    ...(measured ? { clock: measured.clock } : {}),
    lastMessageAt: d.now,
    lastMessagePreview: message.text,
    lastMessageKind: message.kind,
    lastMessageDirection: "out",
    waitingSince: null,
    unreadCount: 0,
  });
  return ok({ message, duplicate: false });
}

export function reply(d: Draft, actor: Actor, input: ReplyInput): Sent {
  const again = alreadySent(d, input.clientId);
  if (again) return again;
  if (input.rich) return sendRich(d, actor, input.rich, input);
  const text = input.text?.trim() ?? "";
  if (!input.template && !text) return fail(400, "empty_message", "Write something before sending.");
  if (input.private) return writeNote(d, actor, text, input);
  if (text.length > TEXT_MAX_CHARS) {
    return fail(400, "text_too_long", `WhatsApp messages are limited to ${TEXT_MAX_CHARS} characters (this one has ${text.length}).`);
  }
  if (!input.template && !isWindowOpen(d.current.lastInboundAt, d.now)) return windowClosed(d);
  const template = input.template;
  const shown = template ? renderTemplate(template.body, template.bodyParams) : text;
  if (template && shown.length > CAPTION_MAX_CHARS) return fail(400, "template_too_long", "The filled template is longer than WhatsApp allows.");
  const clientId = input.clientId ?? null;
  const message = d.insert(
    template ? { ...outboundTemplate(actor, shown, templateContent(template), d.now, clientId, input.replyTo), ...templateMedia(template) } : outboundText(actor, text, d.now, clientId, input.replyTo),
  );
  takeOverFromBot(d, actor);
  return queueOutbound(d, actor, message);
}

/**
 * Buttons, a list, a link button, a location request or a location (an answer, like a text) — or a reaction to one
 * of the customer's messages, which answers nothing: it neither ends a wait nor moves the conversation in the list.
 */
function sendRich(d: Draft, actor: Actor, rich: RichMessage, input: ReplyInput): Sent {
  if (!isWindowOpen(d.current.lastInboundAt, d.now)) return windowClosed(d);
  const clientId = input.clientId ?? null;
  if (rich.type === "reaction") {
    const target = d.message({ id: rich.messageId });
    if (!target || target.direction !== "in" || !target.wamid) return fail(422, "reaction_target", "Reactions go on a message the customer sent.");
    const message = d.insert(outboundRich(actor, "reaction", rich.emoji, toGraph(rich, target.wamid), d.now, clientId));
    d.job("send", `send:${message.id}`, d.now, { messageId: message.id });
    return ok({ message, duplicate: false });
  }
  const message = d.insert(outboundRich(actor, kindOf(rich), shownText(rich), toGraph(rich), d.now, clientId, input.replyTo));
  takeOverFromBot(d, actor);
  return queueOutbound(d, actor, message);
}

/** A person answering the bot's conversation takes it over: the bot must not answer the customer's next message. */
function takeOverFromBot(d: Draft, actor: Actor): void {
  if (d.current.assigneeId === BOT_AGENT_ID) claim(d, actor);
}

/** A file an agent sends (already checked against WhatsApp's limits and stored in R2 by the Worker). */
export function sendAttachment(d: Draft, actor: Actor, input: AttachmentInput): Sent {
  const again = alreadySent(d, input.clientId);
  if (again) return again;
  if (!isWindowOpen(d.current.lastInboundAt, d.now)) return windowClosed(d);
  const caption = input.caption?.trim() || undefined;
  if (caption && (input.kind === "audio" || input.kind === "sticker")) return fail(400, "caption_not_allowed", `WhatsApp does not show captions on ${input.kind === "audio" ? "audio" : "stickers"}.`);
  if (caption && caption.length > CAPTION_MAX_CHARS) return fail(400, "caption_too_long", `Captions are limited to ${CAPTION_MAX_CHARS} characters.`);
  const message = d.insert(outboundFile(actor, input, caption, d.now));
  takeOverFromBot(d, actor);
  return queueOutbound(d, actor, message);
}

/** The agent opened the conversation: clear the unread badge and tell WhatsApp (blue ticks on the customer's phone). */
export function markRead(d: Draft): Result<{ unreadCount: 0 }> {
  if (d.current.unreadCount > 0) {
    d.patch({ unreadCount: 0 });
    d.job("read", "read", d.now);
  }
  return ok({ unreadCount: 0 });
}
