// What WhatsApp tells a conversation: customer messages (stored exactly once, in the customer's order; they reopen a
// resolved or snoozed conversation and ask for routing) and delivery statuses (forward only; early ones kept until
// their message is known). Pure: reads through the Draft, writes into it.
import type { MessageStatus } from "../shared/model";
import type { InboundMessage, StatusUpdate } from "../shared/whatsapp-webhook";
import type { ConversationRef, IngestResult } from "./conversation-api";
import type { Draft, StateUpdate } from "./conversation-draft";
import { advanceStatus, statusAfterInbound } from "./conversation-rules";
import { inboundMessage } from "./message-kinds";
import { takeSurveyReply } from "./csat-survey";
import { takeOptOut } from "./opt-out-rules";
import { noteCampaignReply } from "./campaign/campaign-message";
import { customerWrote, startCycle } from "./report-clock";
import { requestRouting } from "./routing-request";
import type { RouteReason } from "./workspace-api";

/** Who hears that a cycle started or the customer spoke (the bot, durable/bot-turn.ts; by default routing). */
export interface InboundHooks {
  cycleStarted(reason: Extract<RouteReason, "new" | "reopened">, text: string | null, referral: { sourceId?: string } | null): void;
  customerSpoke(): void;
}

const routeOnly = (d: Draft): InboundHooks => ({
  cycleStarted: (reason, text, referral) => requestRouting(d, reason, text, referral),
  customerSpoke: () => {},
});

/** Stores inbound messages exactly once and applies statuses; creates the conversation on its first message. */
export function ingest(d: Draft, ref: ConversationRef, messages: InboundMessage[], statuses: StatusUpdate[], hooks: InboundHooks = routeOnly(d), optOutKeywords?: string[] | null): IngestResult {
  const result: IngestResult = { stored: 0, duplicates: 0, statusesApplied: 0, statusesDeferred: 0 };
  const created = !d.state && messages.length > 0;
  if (created) {
    d.create({ ...ref, id: ref.conversationId });
    d.changeEvent("conversation_created", null);
  }
  if (d.state && messages.length > 0) {
    const start = d.current;
    const update: StateUpdate = {};
    let reopened = false;
    let newCycle = false;
    let spoke = false;
    let firstStored: { text: string | null; referral: { sourceId?: string } | null } | null = null;
    // Meta does not order deliveries; store by provider time so the history reads in the customer's order.
    for (const m of [...messages].sort((a, b) => a.sentAt - b.sentAt)) {
      // A wamid seen before (Meta retries, batches, replays) is a duplicate: decided inside the object, which
      // serializes every delivery, and enforced again by the unique index when the decision is written.
      if (d.message({ wamid: m.wamid })) {
        result.duplicates++;
        continue;
      }
      const stored = d.insert(inboundMessage(m));
      result.stored++;
      firstStored ??= { text: stored.text, referral: stored.referral ? { sourceId: stored.referral.sourceId } : null };
      if (stored.media?.state === "pending") d.job("media", `media:${stored.id}`, d.now, { messageId: stored.id });
      const current = { ...start, ...update };
      d.event(`${start.id}:${stored.seq}:message_in`, "message_in", current.assigneeId, null, { kind: stored.kind }, { waAt: m.sentAt });
      // Reactions and system notices do not wait for an answer, reopen, nor move the list.
      if (m.kind === "reaction" || m.kind === "system" || m.kind === "revoke") continue;
      if ((current.lastInboundAt ?? 0) < m.sentAt) update.lastInboundAt = m.sentAt;
      // "BAJA" / "ALTA": recorded and confirmed, not a question for the team.
      if (takeOptOut(d, stored, optOutKeywords)) continue;
      // A rating of the satisfaction survey (or the comment after it) is stored and reported, not a new cycle.
      if (current.status === "resolved" && takeSurveyReply(d, stored)) continue;
      spoke = true;
      const nextStatus = statusAfterInbound(current.status);
      if (nextStatus !== current.status) {
        update.status = nextStatus;
        update.snoozedUntil = null;
        // A resolved conversation starts a new cycle; a snoozed one just wakes (its cycle goes on).
        if (current.status === "resolved") {
          update.cycleStartedAt = d.now;
          update.clock = startCycle({ status: nextStatus, assigneeId: current.assigneeId }, d.now);
          newCycle = true;
        }
        reopened = true;
      }
      update.unreadCount = current.unreadCount + 1;
      update.clock = customerWrote(update.clock ?? current.clock, current.assigneeId, m.sentAt);
      if (current.waitingSince === null) update.waitingSince = m.sentAt;
      if ((current.lastMessageAt ?? 0) <= m.sentAt) {
        update.lastMessageAt = m.sentAt;
        update.lastMessagePreview = stored.text;
        update.lastMessageKind = stored.kind;
        update.lastMessageDirection = "in";
      }
    }
    // The WhatsApp profile name changed (an agent-given name, if any, still wins in what agents see).
    const profileName = start.contact.profileName ?? start.contact.name;
    if (ref.contact.name && ref.contact.name !== profileName && !created) update.contact = { ...ref.contact, key: start.contact.key };
    if (Object.keys(update).length) d.patch(update);
    if (reopened) {
      if (newCycle) d.changeEvent("reopened", null);
      d.activity(null, { action: "reopened" });
    }
    // After the patch: whoever takes the cycle (routing or the bot) sees it open.
    if (created && firstStored) hooks.cycleStarted("new", firstStored.text, firstStored.referral);
    else if (reopened) hooks.cycleStarted("reopened", firstStored?.text ?? null, firstStored?.referral ?? null);
    if (spoke) {
      noteCampaignReply(d);
      hooks.customerSpoke();
    }
  }
  for (const s of statuses) {
    if (applyStatus(d, s.wamid, s.status, s.errors[0]?.code ?? null, failureReason(s), s.callbackData)) result.statusesApplied++;
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
export function applyStatus(d: Draft, wamid: string, status: MessageStatus, errorCode: number | null, errorReason: string | null, callbackData: string | null): boolean {
  let message = d.state ? d.message({ wamid }) : null;
  if (!message && d.state && callbackData) {
    const [conversationId, messageId] = callbackData.split("|");
    const pending = conversationId === d.state.id && messageId ? d.message({ id: messageId }) : null;
    if (pending && pending.wamid === null && pending.direction === "out") {
      message = settleSend(d, pending.id, wamid);
    }
  }
  if (!message || !d.state) {
    d.keepEarly({ wamid, status, at: d.now, errorCode, errorReason });
    return false;
  }
  const next = advanceStatus(message.status, status);
  if (next) {
    d.update(message.id, {
      status: next,
      ...(next === "failed" ? { errorCode, errorReason: errorReason ?? "WhatsApp could not deliver this message" } : {}),
    });
  }
  return true;
}

/** Our send got its wamid (from the Graph answer or a status webhook's callback data): accepted, early statuses applied. */
export function settleSend(d: Draft, messageId: string, wamid: string) {
  d.update(messageId, { wamid, status: "accepted" });
  d.jobDone(`send:${messageId}`);
  for (const early of d.takeEarly(wamid)) applyStatus(d, wamid, early.status, early.errorCode, early.errorReason, null);
  return d.message({ id: messageId });
}
