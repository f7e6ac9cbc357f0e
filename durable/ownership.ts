// Who owns a conversation — nobody, a person, or the AI assistant — and every way that changes: claim, release,
// transfer, supervisor assignment, the router's auto-assignment, return to queue, bot→human handoff.
// Each runs inside the conversation object's transaction, so racing actors always agree on one owner.
import { type Actor, BOT_AGENT_ID } from "../shared/model";
import { fail, ok, type Result } from "./conversation-api";
import { type ChangeContext, addActivity, commitState, reportEvent, requestRouting } from "./conversation-changes";
import { canHandOver, decideClaim, isSupervisor } from "./conversation-rules";
import type { RoutingDecision } from "./workspace-api";

export interface Person {
  id: string;
  name: string;
}

export interface Team {
  id: string;
  name: string;
}

function note(c: ChangeContext, actor: Actor, text: string, extra: Record<string, unknown>): void {
  const state = c.store.state()!;
  const message = c.store.insertMessage(state.id, {
    id: crypto.randomUUID(), wamid: null, clientId: null, direction: "note", kind: "text", text,
    content: { body: text, ...extra }, context: null, referral: null, media: null, status: "received",
    authorId: actor.agentId, authorName: actor.name, sentAt: c.now,
  }, c.now);
  if (message) c.frames.push({ type: "message", seq: message.updatedSeq, message });
}

export function claim(c: ChangeContext, actor: Actor): Result<{ assigneeId: string }> {
  const state = c.store.state()!;
  const decision = decideClaim(state, actor);
  if (!decision.ok) {
    return fail(409, "already_claimed", `${decision.owner.name ?? "Another agent"} already has this conversation.`, { owner: decision.owner });
  }
  if (decision.changed) {
    const fromBot = state.assigneeId === BOT_AGENT_ID;
    addActivity(c, actor, { action: fromBot ? "took_over_from_bot" : "claimed", agentId: actor.agentId, agentName: actor.name });
    reportEvent(c, "assigned", actor.agentId, null, { how: fromBot ? "takeover" : "claim" });
    commitState(c, { assigneeId: actor.agentId, assigneeName: actor.name, assignedAt: c.now, status: state.status === "pending" ? "open" : state.status });
  }
  return ok({ assigneeId: actor.agentId });
}

export function release(c: ChangeContext, actor: Actor): Result<{ assigneeId: null }> {
  const state = c.store.state()!;
  if (!canHandOver(state, actor)) return fail(403, "not_owner", "Only the owner or a supervisor can release this conversation.");
  if (state.assigneeId === null) return ok({ assigneeId: null });
  addActivity(c, actor, { action: "released", agentId: state.assigneeId, agentName: state.assigneeName });
  reportEvent(c, "unassigned", actor.agentId, null, { how: "release" });
  commitState(c, { assigneeId: null, assigneeName: null, assignedAt: null });
  requestRouting(c, "released");
  return ok({ assigneeId: null });
}

/** Hands the conversation to a person or a team; an optional note travels with it (as an internal note). */
export function transfer(c: ChangeContext, actor: Actor, to: { agent?: Person; team?: Team }, text?: string): Result<{ assigneeId: string | null; teamId: string | null }> {
  const state = c.store.state()!;
  if (!canHandOver(state, actor)) return fail(403, "not_owner", "Only the owner or a supervisor can transfer this conversation.");
  if (!to.agent && !to.team) return fail(400, "no_target", "Choose a person or a team.");
  const teamId = to.team?.id ?? state.teamId;
  addActivity(c, actor, {
    action: "transferred",
    fromAgentId: state.assigneeId, fromAgentName: state.assigneeName,
    toAgentId: to.agent?.id ?? null, toAgentName: to.agent?.name ?? null,
    toTeamId: to.team?.id ?? null, toTeamName: to.team?.name ?? null,
  });
  if (text?.trim()) note(c, actor, text.trim(), { transfer: true });
  reportEvent(c, "transferred", actor.agentId, null, { toAgentId: to.agent?.id ?? null, toTeamId: to.team?.id ?? null });
  if (to.agent) {
    commitState(c, { assigneeId: to.agent.id, assigneeName: to.agent.name, assignedAt: c.now, teamId, status: state.status === "pending" ? "open" : state.status });
  } else {
    commitState(c, { assigneeId: null, assigneeName: null, assignedAt: null, teamId, status: state.status === "pending" ? "open" : state.status });
    requestRouting(c, "transferred");
  }
  return ok({ assigneeId: to.agent?.id ?? null, teamId });
}

/** A supervisor gives the conversation to someone (or to nobody), whoever has it now. */
export function assign(c: ChangeContext, actor: Actor, agent: Person | null): Result<{ assigneeId: string | null }> {
  const state = c.store.state()!;
  if (!isSupervisor(actor)) return fail(403, "forbidden", "Only supervisors and admins can assign conversations.");
  if (state.assigneeId === (agent?.id ?? null)) return ok({ assigneeId: state.assigneeId });
  addActivity(c, actor, { action: agent ? "assigned" : "unassigned", agentId: agent?.id ?? null, agentName: agent?.name ?? null, fromAgentName: state.assigneeName });
  reportEvent(c, agent ? "assigned" : "unassigned", agent?.id ?? null, null, { how: "supervisor", by: actor.agentId });
  commitState(c, { assigneeId: agent?.id ?? null, assigneeName: agent?.name ?? null, assignedAt: agent ? c.now : null, status: state.status === "pending" ? "open" : state.status });
  if (!agent) requestRouting(c, "unassigned");
  return ok({ assigneeId: agent?.id ?? null });
}

/** The router's assignment: refused if someone claimed it or it stopped being open meanwhile. */
export function autoAssign(c: ChangeContext, agent: Person, how: string): Result<{ assigneeId: string }> {
  const state = c.store.state()!;
  if (state.assigneeId !== null) return fail(409, "already_claimed", "Someone took it first.", { owner: { id: state.assigneeId, name: state.assigneeName } });
  if (state.status !== "open") return fail(409, "not_open", `The conversation is ${state.status}.`);
  addActivity(c, null, { action: "auto_assigned", agentId: agent.id, agentName: agent.name, how });
  reportEvent(c, "assigned", agent.id, null, { how });
  commitState(c, { assigneeId: agent.id, assigneeName: agent.name, assignedAt: c.now });
  return ok({ assigneeId: agent.id });
}

/** Back to the queue — only if `expected` still owns it (a stale timer or a late offline signal changes nothing). */
export function returnToQueue(c: ChangeContext, expected: string, reason: "no_answer" | "offline" | "deactivated"): Result<{ returned: boolean }> {
  const state = c.store.state()!;
  if (state.assigneeId !== expected) return ok({ returned: false });
  if (reason === "no_answer" && state.waitingSince === null) return ok({ returned: false });
  addActivity(c, null, { action: "returned", reason, agentId: state.assigneeId, agentName: state.assigneeName });
  reportEvent(c, "unassigned", state.assigneeId, null, { how: reason });
  commitState(c, { assigneeId: null, assigneeName: null, assignedAt: null });
  requestRouting(c, "returned");
  return ok({ returned: true });
}

/** The AI assistant hands over to people: the conversation becomes open and unassigned, and is routed. */
export function handoff(c: ChangeContext, reason: string, team: Team | null): Result<{ status: "open" }> {
  const state = c.store.state()!;
  if (state.assigneeId !== BOT_AGENT_ID) return fail(409, "not_bot_owned", "Only a conversation the assistant owns can be handed off.");
  addActivity(c, null, { action: "handoff", reason, teamId: team?.id ?? null, teamName: team?.name ?? null });
  reportEvent(c, "handoff", null, null, { reason });
  commitState(c, { assigneeId: null, assigneeName: null, assignedAt: null, status: "open", teamId: team?.id ?? state.teamId });
  requestRouting(c, "handoff");
  return ok({ status: "open" });
}

/** Gives the conversation to the AI assistant (status pending while it handles it). */
export function giveToBot(c: ChangeContext, actor: Actor | null): Result<{ assigneeId: string }> {
  const state = c.store.state()!;
  if (state.assigneeId !== null && state.assigneeId !== BOT_AGENT_ID && !(actor && canHandOver(state, actor))) {
    return fail(409, "already_claimed", "A person owns this conversation.", { owner: { id: state.assigneeId, name: state.assigneeName } });
  }
  addActivity(c, actor, { action: "bot_assigned" });
  commitState(c, { assigneeId: BOT_AGENT_ID, assigneeName: "Asistente IA", assignedAt: c.now, status: "pending" });
  return ok({ assigneeId: BOT_AGENT_ID });
}

/** Applies what a routing rule decided: team, tags, priority. */
export function applyRouting(c: ChangeContext, decision: RoutingDecision, ruleName: string): Result<true> {
  const state = c.store.state()!;
  const tagIds = decision.tagIds?.length ? [...new Set([...state.tagIds, ...decision.tagIds])] : state.tagIds;
  addActivity(c, null, { action: "rule_applied", ruleName, teamId: decision.teamId ?? null, teamName: decision.teamName ?? null, priority: decision.priority ?? null, tagIds: decision.tagIds ?? [] });
  commitState(c, { teamId: decision.teamId ?? state.teamId, tagIds, priority: decision.priority ?? state.priority });
  return ok(true);
}
