// What agents do to a conversation: reply, write a note, claim it, read it. Runs inside the conversation
// object's transaction (so two agents can never both win a claim), returns a Result and queues frames.
import type { Actor, Message } from "../shared/model";
import { CAPTION_MAX_CHARS, TEXT_MAX_CHARS } from "../shared/whatsapp-limits";
import { fail, ok, type ReplyInput, type Result } from "./conversation-api";
import { type ChangeContext, addActivity, commitState, reportEvent } from "./conversation-changes";
import { decideClaim, isWindowOpen, windowClosesAt } from "./conversation-rules";

const messageFrame = (message: Message) => ({ type: "message" as const, seq: message.updatedSeq, message });

/** "Hola {{1}}, tu cita es el {{2}}" + ["Ana", "lunes"] → "Hola Ana, tu cita es el lunes" */
export function renderTemplate(body: string, params: string[]): string {
  return body.replace(/\{\{(\d+)\}\}/g, (whole, n: string) => params[Number(n) - 1] ?? whole);
}

export function reply(c: ChangeContext, actor: Actor, input: ReplyInput): Result<{ message: Message; duplicate: boolean }> {
  const state = c.store.state()!;
  if (input.clientId) {
    const existing = c.store.message(state.id, { clientId: input.clientId });
    if (existing) return ok({ message: existing, duplicate: true });
  }
  const text = input.text?.trim() ?? "";
  if (!input.template && !text) return fail(400, "empty_message", "Write something before sending.");

  if (input.private) {
    const note = c.store.insertMessage(state.id, {
      id: crypto.randomUUID(), wamid: null, clientId: input.clientId ?? null, direction: "note", kind: "text",
      text, content: { body: text }, context: null, referral: null, media: null, status: "received",
      authorId: actor.agentId, authorName: actor.name, sentAt: c.now,
    }, c.now)!;
    c.frames.push(messageFrame(note));
    reportEvent(c, "note", actor.agentId);
    return ok({ message: note, duplicate: false });
  }

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
  const content = template
    ? {
        name: template.name,
        language: { code: template.language },
        components: [
          ...(template.headerParams.length ? [{ type: "header", parameters: template.headerParams.map((t) => ({ type: "text", text: t })) }] : []),
          ...(template.bodyParams.length ? [{ type: "body", parameters: template.bodyParams.map((t) => ({ type: "text", text: t })) }] : []),
        ],
      }
    : { body: text, preview_url: /https?:\/\//.test(text) };
  if (shown.length > CAPTION_MAX_CHARS && template) {
    return fail(400, "template_too_long", "The filled template is longer than WhatsApp allows.");
  }
  const message = c.store.insertMessage(state.id, {
    id: crypto.randomUUID(), wamid: null, clientId: input.clientId ?? null, direction: "out",
    kind: template ? "template" : "text", text: shown, content,
    context: input.replyTo ? { replyTo: input.replyTo } : null, referral: null, media: null, status: "pending",
    authorId: actor.agentId, authorName: actor.name, sentAt: c.now,
  }, c.now)!;
  c.frames.push(messageFrame(message));
  c.jobs.enqueue("send", `send:${message.id}`, c.now, { messageId: message.id });

  if (!state.firstResponseDone && state.awaitingSince !== null) {
    reportEvent(c, "first_response", actor.agentId, c.now - state.awaitingSince);
  }
  c.store.addReportEvent(`${state.id}:${message.seq}:message_out`, "message_out", c.now, actor.agentId, null, { kind: message.kind });
  commitState(c, {
    lastMessageAt: c.now,
    lastMessagePreview: shown,
    lastMessageKind: message.kind,
    lastMessageDirection: "out",
    awaitingSince: null,
    firstResponseDone: true,
    unreadCount: 0,
  });
  return ok({ message, duplicate: false });
}

export function claim(c: ChangeContext, actor: Actor): Result<{ assigneeId: string }> {
  const state = c.store.state()!;
  const decision = decideClaim(state, actor);
  if (!decision.ok) {
    return fail(409, "already_claimed", `${decision.owner.name ?? "Another agent"} already has this conversation.`, {
      owner: decision.owner,
    });
  }
  if (decision.changed) {
    addActivity(c, actor, { action: "claimed", agentId: actor.agentId, agentName: actor.name });
    reportEvent(c, "assigned", actor.agentId, null, { by: actor.agentId, how: "claim" });
    commitState(c, { assigneeId: actor.agentId, assigneeName: actor.name, status: state.status === "pending" ? "open" : state.status });
  }
  return ok({ assigneeId: actor.agentId });
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
