// A conversation's lifecycle and labels: open, snoozed (woken by its alarm or by the customer), resolved
// (reopened by the customer), priority, tags, and its link to the CRM contact (name, merges).
// Every change is an activity line and/or a reporting event.
import { type Actor, BOT_AGENT_ID, type ConversationStatus, type Priority } from "../shared/model";
import type { Draft } from "./conversation-draft";
import { offerSurvey } from "./csat-survey";
import { openIntervals, startCycle, totalMs } from "./report-clock";
import { requestRouting } from "./routing-request";
import { fail, ok, type Result } from "./result";

export function setStatus(d: Draft, actor: Actor, status: Exclude<ConversationStatus, "pending">, snoozedUntil?: number): Result<{ status: ConversationStatus }> {
  const state = d.current;
  if (status === "snoozed") {
    if (!snoozedUntil || snoozedUntil <= d.now) return fail(400, "snooze_in_past", "Choose a time in the future to snooze until.");
    d.activity(actor, { action: "snoozed", until: snoozedUntil });
    d.changeEvent("snoozed", actor.agentId, null, { until: snoozedUntil });
    d.patch({ status: "snoozed", snoozedUntil });
    d.job("wake", "wake", snoozedUntil);
    return ok({ status });
  }
  if (state.status === status) return ok({ status });
  if (status === "resolved") {
    d.activity(actor, { action: "resolved" });
    // Resolution time is the cycle's open time: snoozed and bot-owned stretches are not in it.
    const open = openIntervals(state.clock, d.now);
    d.changeEvent("resolved", actor.agentId, totalMs(open), { assigneeId: state.assigneeId, open }, { startedAt: state.cycleStartedAt });
    d.patch({ status: "resolved", snoozedUntil: null, waitingSince: null });
    d.jobDone("wake");
    offerSurvey(d);
    return ok({ status });
  }
  // open: reopened by hand (from resolved, snoozed or the assistant's pending — then people take it over)
  const fromBot = state.assigneeId === BOT_AGENT_ID;
  reopenByHand(d, actor, { leaveBot: fromBot });
  if (state.assigneeId === null || fromBot) requestRouting(d, "reopened");
  return ok({ status: "open" });
}

/**
 * Open again by a person (the status menu, or writing first): a resolved conversation starts a new cycle for the
 * reports, a snoozed one just wakes; `leaveBot` takes it from the assistant. Routing is the caller's choice.
 */
export function reopenByHand(d: Draft, actor: Actor, opts: { leaveBot?: boolean } = {}): void {
  const state = d.current;
  d.activity(actor, { action: "reopened" });
  const newCycle = state.status === "resolved";
  if (newCycle) d.changeEvent("reopened", actor.agentId);
  const owner = opts.leaveBot ? { assigneeId: null, assigneeName: null, assignedAt: null } : {};
  d.patch({
    status: "open",
    snoozedUntil: null,
    ...(newCycle ? { cycleStartedAt: d.now, clock: startCycle({ status: "open", assigneeId: opts.leaveBot ? null : state.assigneeId }, d.now) } : {}),
    ...owner,
  });
  d.jobDone("wake");
}

/** The snooze alarm: wake the conversation if it is still asleep and its time has come. */
export function wake(d: Draft): void {
  const state = d.current;
  if (state.status !== "snoozed" || (state.snoozedUntil ?? 0) > d.now) return;
  d.activity(null, { action: "woke" });
  d.patch({ status: "open", snoozedUntil: null });
  if (state.assigneeId === null) requestRouting(d, "woke");
}

export function setPriority(d: Draft, actor: Actor, priority: Priority): Result<{ priority: Priority }> {
  const state = d.current;
  if (state.priority === priority) return ok({ priority });
  d.activity(actor, { action: "priority", from: state.priority, to: priority });
  d.patch({ priority });
  return ok({ priority });
}

export function changeTags(d: Draft, actor: Actor, add: Array<{ id: string; name: string }>, remove: Array<{ id: string; name: string }>): Result<{ tagIds: string[] }> {
  const state = d.current;
  const removing = new Set(remove.map((t) => t.id));
  const added = add.filter((t) => !state.tagIds.includes(t.id));
  const removed = remove.filter((t) => state.tagIds.includes(t.id));
  if (!added.length && !removed.length) return ok({ tagIds: state.tagIds });
  const tagIds = [...state.tagIds.filter((id) => !removing.has(id)), ...added.map((t) => t.id)];
  d.activity(actor, { action: "tags", added: added.map((t) => t.name), removed: removed.map((t) => t.name) });
  d.patch({ tagIds });
  return ok({ tagIds });
}

/** The CRM contact changed: an agent renamed it (null: back to the WhatsApp name) or merged it into another. */
export function linkContact(d: Draft, update: { contactId?: string; name?: string | null }): Result<true> {
  const state = d.current;
  const changes: { contactId?: string; agentContactName?: string | null } = {};
  if (update.contactId !== undefined && update.contactId !== state.contactId) changes.contactId = update.contactId;
  if (update.name !== undefined && (update.name?.trim() || null) !== state.agentContactName) changes.agentContactName = update.name?.trim() || null;
  if (Object.keys(changes).length) d.patch(changes);
  return ok(true);
}
