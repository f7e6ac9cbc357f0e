// A conversation's lifecycle and labels: open, snoozed (woken by its alarm or by the customer), resolved
// (reopened by the customer), priority, tags, and its link to the CRM contact (name, merges).
// Every change is an activity line and/or a reporting event.
import { type Actor, BOT_AGENT_ID, type ConversationStatus, type Priority } from "../shared/model";
import { fail, ok, type Result } from "./conversation-api";
import { type ChangeContext, addActivity, commitState, reportEvent, requestRouting } from "./conversation-changes";

export function setStatus(c: ChangeContext, actor: Actor, status: Exclude<ConversationStatus, "pending">, snoozedUntil?: number): Result<{ status: ConversationStatus }> {
  const state = c.store.state()!;
  if (status === "snoozed") {
    if (!snoozedUntil || snoozedUntil <= c.now) return fail(400, "snooze_in_past", "Choose a time in the future to snooze until.");
    addActivity(c, actor, { action: "snoozed", until: snoozedUntil });
    reportEvent(c, "snoozed", actor.agentId, null, { until: snoozedUntil });
    commitState(c, { status: "snoozed", snoozedUntil });
    c.jobs.enqueue("wake", "wake", snoozedUntil);
    return ok({ status });
  }
  if (state.status === status) return ok({ status });
  if (status === "resolved") {
    addActivity(c, actor, { action: "resolved" });
    reportEvent(c, "resolved", actor.agentId, c.now - state.cycleStartedAt, { assigneeId: state.assigneeId });
    commitState(c, { status: "resolved", snoozedUntil: null, waitingSince: null });
    c.jobs.completeByKey("wake");
    return ok({ status });
  }
  // open: reopened by hand (from resolved, snoozed or the assistant's pending — then people take it over)
  const fromBot = state.assigneeId === BOT_AGENT_ID;
  addActivity(c, actor, { action: "reopened" });
  reportEvent(c, "reopened", actor.agentId);
  commitState(c, {
    status: "open",
    snoozedUntil: null,
    ...(state.status === "resolved" ? { cycleStartedAt: c.now, firstResponseDone: false } : {}),
    ...(fromBot ? { assigneeId: null, assigneeName: null, assignedAt: null } : {}),
  });
  c.jobs.completeByKey("wake");
  if (state.assigneeId === null || fromBot) requestRouting(c, "reopened");
  return ok({ status: "open" });
}

/** The snooze alarm: wake the conversation if it is still asleep and its time has come. */
export function wake(c: ChangeContext): void {
  const state = c.store.state()!;
  if (state.status !== "snoozed" || (state.snoozedUntil ?? 0) > c.now) return;
  addActivity(c, null, { action: "woke" });
  commitState(c, { status: "open", snoozedUntil: null });
  if (state.assigneeId === null) requestRouting(c, "woke");
}

export function setPriority(c: ChangeContext, actor: Actor, priority: Priority): Result<{ priority: Priority }> {
  const state = c.store.state()!;
  if (state.priority === priority) return ok({ priority });
  addActivity(c, actor, { action: "priority", from: state.priority, to: priority });
  commitState(c, { priority });
  return ok({ priority });
}

export function changeTags(c: ChangeContext, actor: Actor, add: Array<{ id: string; name: string }>, remove: Array<{ id: string; name: string }>): Result<{ tagIds: string[] }> {
  const state = c.store.state()!;
  const removing = new Set(remove.map((t) => t.id));
  const added = add.filter((t) => !state.tagIds.includes(t.id));
  const removed = remove.filter((t) => state.tagIds.includes(t.id));
  if (!added.length && !removed.length) return ok({ tagIds: state.tagIds });
  const tagIds = [...state.tagIds.filter((id) => !removing.has(id)), ...added.map((t) => t.id)];
  addActivity(c, actor, { action: "tags", added: added.map((t) => t.name), removed: removed.map((t) => t.name) });
  commitState(c, { tagIds });
  return ok({ tagIds });
}

/** The CRM contact changed: an agent renamed it (null: back to the WhatsApp name) or merged it into another. */
export function linkContact(c: ChangeContext, update: { contactId?: string; name?: string | null }): Result<true> {
  const state = c.store.state()!;
  const changes: { contactId?: string; contactName?: string | null } = {};
  if (update.contactId !== undefined && update.contactId !== state.contactId) changes.contactId = update.contactId;
  if (update.name !== undefined) changes.contactName = update.name?.trim() || null;
  if (Object.keys(changes).length) commitState(c, changes);
  return ok(true);
}
