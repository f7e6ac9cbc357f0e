// How inbound messages, delivery statuses and agent actions change a conversation's storage.
// Each function runs inside the object's transaction and returns the frames to broadcast once it commits.
import type { ConversationServerFrame } from "../shared/protocol";
import type { Actor, Message, MessageStatus } from "../shared/model";
import type { InboundMessage, StatusUpdate } from "../shared/whatsapp-webhook";
import type { ConversationRef, IngestResult } from "./conversation-api";
import { advanceStatus, statusAfterInbound } from "./conversation-rules";
import { type ConversationStore, publicState, type StateUpdate } from "./conversation-store";
import type { JobQueue } from "./job-queue";
import type { RouteReason } from "./workspace-api";

export type Frame = ConversationServerFrame;



export interface ChangeContext {
  store: ConversationStore;
  jobs: JobQueue;
  now: number;
  frames: Frame[];
}

const messageFrame = (message: Message): Frame => ({ type: "message", seq: message.updatedSeq, message });

/**
 * The workspace object hears about every change right after it commits (the object runs the job at once);
 * the job's due time is only the safety net for when that attempt is cut short.
 */
export const NOTIFY_SAFETY_MS = 2_000;
export function queueNotify(c: ChangeContext): void {
  c.jobs.enqueue("notify", "notify", c.now + NOTIFY_SAFETY_MS);
}

/**
 * Ends a change: stamps the state (one seq), queues the workspace notification (live lists, routing, and the D1
 * projection the workspace object writes) and adds the frame.
 */
export function commitState(c: ChangeContext, update: StateUpdate): void {
  const seq = c.store.updateState(update);
  queueNotify(c);
  const state = c.store.state()!;
  c.frames.push({ type: "conversation", seq, conversation: publicState(state) });
}

/** Asks the workspace object to route this conversation (rules, queue, assignment). */
export function requestRouting(c: ChangeContext, reason: RouteReason, text: string | null = null, referral: { sourceId?: string } | null = null): void {
  const state = c.store.state()!;
  c.store.addNotice({ kind: "route", reason, text, phone: state.contact.phone, referral, at: c.now });
  queueNotify(c);
}

/** A reporting event with a stable id (re-sending it never double-counts); it travels with the next notification. */
export function recordEvent(c: ChangeContext, id: string, kind: string, agentId: string | null, value: number | null = null, data: unknown = null): void {
  c.store.addReportEvent(id, kind, c.now, agentId, value, data);
  queueNotify(c);
}

/** An event of the conversation's current change (its id is the change's seq). */
export function reportEvent(c: ChangeContext, kind: string, agentId: string | null, value: number | null = null, data: unknown = null): void {
  const state = c.store.state()!;
  recordEvent(c, `${state.id}:${state.seq}:${kind}`, kind, agentId, value, data);
}

/** Stores inbound messages exactly once and applies statuses; creates the conversation on its first message. */
export function ingestBatch(c: ChangeContext, ref: ConversationRef, messages: InboundMessage[], statuses: StatusUpdate[]): IngestResult {
  const result: IngestResult = { stored: 0, duplicates: 0, statusesApplied: 0, statusesDeferred: 0 };
  let state = c.store.state();
  const created = !state && messages.length > 0;
  if (created) {
    c.store.create({ ...ref, id: ref.conversationId }, c.now);
    reportEvent(c, "conversation_created", null);
    state = c.store.state()!;
  }
  if (state && messages.length > 0) {
    const update: StateUpdate = {};
    let reopened = false;
    let firstStored: { text: string | null; referral: { sourceId?: string } | null } | null = null;
    // Meta does not order deliveries; store by provider time so the history reads in the customer's order.
    for (const m of [...messages].sort((a, b) => a.sentAt - b.sentAt)) {
      const stored = c.store.insertMessage(state.id, {
        id: `in:${m.wamid}`,
        wamid: m.wamid,
        clientId: null,
        direction: "in",
        kind: m.kind,
        text: m.text,
        content: m.errors.length ? { ...(m.content as object), errors: m.errors } : m.content,
        context: m.context,
        referral: m.referral,
        media: m.media,
        status: "received",
        authorId: null,
        authorName: null,
        sentAt: m.sentAt,
      }, c.now);
      if (!stored) {
        result.duplicates++;
        continue;
      }
      result.stored++;
      firstStored ??= { text: stored.text, referral: stored.referral ? { sourceId: stored.referral.sourceId } : null };
      c.frames.push(messageFrame(stored));
      if (stored.media?.state === "pending") c.jobs.enqueue("media", `media:${stored.id}`, c.now, { messageId: stored.id });
      recordEvent(c, `${state.id}:${stored.seq}:message_in`, "message_in", null, null, { kind: stored.kind });

      const current = { ...state, ...update };
      // Reactions and system notices do not wait for an answer, reopen, nor move the list.
      if (m.kind === "reaction" || m.kind === "system" || m.kind === "revoke") continue;
      const nextStatus = statusAfterInbound(current.status);
      if (nextStatus !== current.status) {
        update.status = nextStatus;
        update.snoozedUntil = null;
        update.cycleStartedAt = c.now;
        update.firstResponseDone = false;
        reopened = true;
      }
      update.unreadCount = (current.unreadCount ?? 0) + 1;
      if (current.waitingSince === null || current.waitingSince === undefined) update.waitingSince = m.sentAt;
      if ((current.lastInboundAt ?? 0) < m.sentAt) update.lastInboundAt = m.sentAt;
      if ((current.lastMessageAt ?? 0) <= m.sentAt) {
        update.lastMessageAt = m.sentAt;
        update.lastMessagePreview = stored.text;
        update.lastMessageKind = stored.kind;
        update.lastMessageDirection = "in";
      }
    }
    // The WhatsApp profile name changed (an agent-given name, if any, still wins in what agents see).
    const profileName = state.contact.profileName ?? state.contact.name;
    if (ref.contact.name && ref.contact.name !== profileName) update.contact = { ...ref.contact, key: state.contact.key };
    if (created && firstStored) requestRouting(c, "new", firstStored.text, firstStored.referral);
    if (reopened) {
      reportEvent(c, "reopened", null);
      addActivity(c, null, { action: "reopened" });
      requestRouting(c, "reopened", firstStored?.text ?? null, firstStored?.referral ?? null);
    }
    if (Object.keys(update).length) commitState(c, update);
  }
  for (const s of statuses) {
    if (applyStatus(c, s.wamid, s.status, s.errors[0]?.code ?? null, failureReason(s), s.callbackData)) result.statusesApplied++;
    else result.statusesDeferred++;
  }
  return result;
}

function failureReason(s: StatusUpdate): string | null {
  const e = s.errors[0];
  return e ? e.details || e.message || e.title || `error ${e.code}` : null;
}

/**
 * Moves a message's delivery status forward. A status for a wamid we do not know yet is kept for later —
 * unless its callback data names one of our pending messages (a send whose answer we never saw): then it
 * tells us the wamid, and the send is settled without sending twice.
 */
export function applyStatus(
  c: ChangeContext,
  wamid: string,
  status: MessageStatus,
  errorCode: number | null,
  errorReason: string | null,
  callbackData: string | null,
): boolean {
  const state = c.store.state();
  let message = state ? c.store.message(state.id, { wamid }) : null;
  if (!message && state && callbackData) {
    const [conversationId, messageId] = callbackData.split("|");
    const pending = conversationId === state.id && messageId ? c.store.message(state.id, { id: messageId }) : null;
    if (pending && pending.wamid === null && pending.direction === "out") {
      message = c.store.updateMessage(state.id, pending.id, { wamid, status: "accepted" });
      c.jobs.completeByKey(`send:${pending.id}`);
      c.frames.push(messageFrame(message));
      applyEarlyStatuses(c, message);
      message = c.store.message(state.id, { id: pending.id });
    }
  }
  if (!message || !state) {
    c.store.keepEarlyStatus(wamid, status, c.now, errorCode, errorReason);
    return false;
  }
  const next = advanceStatus(message.status, status);
  if (next) {
    const updated = c.store.updateMessage(state.id, message.id, {
      status: next,
      ...(next === "failed" ? { errorCode, errorReason: errorReason ?? "WhatsApp could not deliver this message" } : {}),
    });
    c.frames.push(messageFrame(updated));
  }
  return true;
}

/** Applies statuses that overtook the send's own answer. */
export function applyEarlyStatuses(c: ChangeContext, message: Message): void {
  if (!message.wamid) return;
  for (const early of c.store.takeEarlyStatuses(message.wamid)) {
    applyStatus(c, message.wamid, early.status, early.errorCode, early.errorReason, null);
  }
}

/** An activity line in the history ("Ana took the conversation"); rendered by the inbox from `content`. */
export function addActivity(c: ChangeContext, actor: Actor | null, content: Record<string, unknown>): void {
  const state = c.store.state()!;
  const activity = c.store.insertMessage(state.id, {
    id: crypto.randomUUID(),
    wamid: null,
    clientId: null,
    direction: "activity",
    kind: "activity",
    text: null,
    content,
    context: null,
    referral: null,
    media: null,
    status: "received",
    authorId: actor?.agentId ?? null,
    authorName: actor?.name ?? null,
    sentAt: c.now,
  }, c.now);
  if (activity) c.frames.push(messageFrame(activity));
}
