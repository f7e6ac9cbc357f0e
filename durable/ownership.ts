// Who owns a conversation — nobody, a person, or the AI assistant — and every way that changes: claim, release,
// transfer, supervisor assignment, the router's auto-assignment, return to queue, bot→human handoff.
// Pure rules over a Draft; the object applies each decision in one transaction, so racing actors agree on one owner.
import { type Actor, BOT_AGENT_ID } from "../shared/model";
import type { Draft } from "./conversation-draft";
import { requestRouting } from "./routing-request";
import { noteMessage } from "./message-kinds";
import { canHandOver, decideClaim, isSupervisor } from "./conversation-rules";
import { fail, ok, type Result } from "./result";
import type { RoutingDecision } from "./workspace-api";

export interface Person {
  id: string;
  name: string;
}

export interface Team {
  id: string;
  name: string;
}

function note(d: Draft, actor: Actor, text: string, extra: Record<string, boolean>): void {
  d.insert(noteMessage(actor, text, extra, d.now));
}

export function claim(d: Draft, actor: Actor): Result<{ assigneeId: string }> {
  const state = d.current;
  const decision = decideClaim(state, actor);
  if (!decision.ok) {
    return fail(409, "already_claimed", `${decision.owner.name ?? "Another agent"} already has this conversation.`, { owner: decision.owner });
  }
  if (decision.changed) {
    const fromBot = state.assigneeId === BOT_AGENT_ID;
    d.activity(actor, { action: fromBot ? "took_over_from_bot" : "claimed", agentId: actor.agentId, agentName: actor.name });
    d.changeEvent("assigned", actor.agentId, null, { how: fromBot ? "takeover" : "claim" });
    d.patch({ assigneeId: actor.agentId, assigneeName: actor.name, assignedAt: d.now, status: state.status === "pending" ? "open" : state.status });
  }
  return ok({ assigneeId: actor.agentId });
}

export function release(d: Draft, actor: Actor): Result<{ assigneeId: null }> {
  const state = d.current;
  if (!canHandOver(state, actor)) return fail(403, "not_owner", "Only the owner or a supervisor can release this conversation.");
  if (state.assigneeId === null) return ok({ assigneeId: null });
  d.activity(actor, { action: "released", agentId: state.assigneeId, agentName: state.assigneeName });
  d.changeEvent("unassigned", actor.agentId, null, { how: "release" });
  d.patch({ assigneeId: null, assigneeName: null, assignedAt: null });
  requestRouting(d, "released");
  return ok({ assigneeId: null });
}

/** Hands the conversation to a person or a team; an optional note travels with it (as an internal note). */
export function transfer(d: Draft, actor: Actor, to: { agent?: Person; team?: Team }, text?: string): Result<{ assigneeId: string | null; teamId: string | null }> {
  const state = d.current;
  if (!canHandOver(state, actor)) return fail(403, "not_owner", "Only the owner or a supervisor can transfer this conversation.");
  if (!to.agent && !to.team) return fail(400, "no_target", "Choose a person or a team.");
  const teamId = to.team?.id ?? state.teamId;
  d.activity(actor, {
    action: "transferred",
    fromAgentId: state.assigneeId, fromAgentName: state.assigneeName,
    toAgentId: to.agent?.id ?? null, toAgentName: to.agent?.name ?? null,
    toTeamId: to.team?.id ?? null, toTeamName: to.team?.name ?? null,
  });
  if (text?.trim()) note(d, actor, text.trim(), { transfer: true });
  d.changeEvent("transferred", actor.agentId, null, { toAgentId: to.agent?.id ?? null, toTeamId: to.team?.id ?? null });
  if (to.agent) {
    d.patch({ assigneeId: to.agent.id, assigneeName: to.agent.name, assignedAt: d.now, teamId, status: state.status === "pending" ? "open" : state.status });
  } else {
    d.patch({ assigneeId: null, assigneeName: null, assignedAt: null, teamId, status: state.status === "pending" ? "open" : state.status });
    requestRouting(d, "transferred");
  }
  return ok({ assigneeId: to.agent?.id ?? null, teamId });
}

/** A supervisor gives the conversation to someone (or to nobody), whoever has it now. */
export function assign(d: Draft, actor: Actor, agent: Person | null): Result<{ assigneeId: string | null }> {
  const state = d.current;
  if (!isSupervisor(actor)) return fail(403, "forbidden", "Only supervisors and admins can assign conversations.");
  if (state.assigneeId === (agent?.id ?? null)) return ok({ assigneeId: state.assigneeId });
  d.activity(actor, { action: agent ? "assigned" : "unassigned", agentId: agent?.id ?? null, agentName: agent?.name ?? null, fromAgentName: state.assigneeName });
  d.changeEvent(agent ? "assigned" : "unassigned", agent?.id ?? null, null, { how: "supervisor", by: actor.agentId });
  d.patch({ assigneeId: agent?.id ?? null, assigneeName: agent?.name ?? null, assignedAt: agent ? d.now : null, status: state.status === "pending" ? "open" : state.status });
  if (!agent) requestRouting(d, "unassigned");
  return ok({ assigneeId: agent?.id ?? null });
}

/** The router's assignment: refused if someone claimed it or it stopped being open meanwhile. */
export function autoAssign(d: Draft, agent: Person, how: string): Result<{ assigneeId: string }> {
  const state = d.current;
  if (state.assigneeId !== null) return fail(409, "already_claimed", "Someone took it first.", { owner: { id: state.assigneeId, name: state.assigneeName } });
  if (state.status !== "open") return fail(409, "not_open", `The conversation is ${state.status}.`);
  d.activity(null, { action: "auto_assigned", agentId: agent.id, agentName: agent.name, how });
  d.changeEvent("assigned", agent.id, null, { how });
  d.patch({ assigneeId: agent.id, assigneeName: agent.name, assignedAt: d.now });
  return ok({ assigneeId: agent.id });
}

/** Back to the queue — only if `expected` still owns it (a stale timer or a late offline signal changes nothing). */
export function returnToQueue(d: Draft, expected: string, reason: "no_answer" | "offline" | "deactivated"): Result<{ returned: boolean }> {
  const state = d.current;
  if (state.assigneeId !== expected) return ok({ returned: false });
  if (reason === "no_answer" && state.waitingSince === null) return ok({ returned: false });
  d.activity(null, { action: "returned", reason, agentId: state.assigneeId, agentName: state.assigneeName });
  d.changeEvent("unassigned", state.assigneeId, null, { how: reason });
  d.patch({ assigneeId: null, assigneeName: null, assignedAt: null });
  requestRouting(d, "returned");
  return ok({ returned: true });
}

/** The AI assistant hands over to people: the conversation becomes open and unassigned, and is routed. */
export function handoff(d: Draft, reason: string, team: Team | null): Result<{ status: "open" }> {
  const state = d.current;
  if (state.assigneeId !== BOT_AGENT_ID) return fail(409, "not_bot_owned", "Only a conversation the assistant owns can be handed off.");
  d.activity(null, { action: "handoff", reason, teamId: team?.id ?? null, teamName: team?.name ?? null });
  d.changeEvent("handoff", null, null, { reason });
  // From the handoff on, the customer waits for a person (the bot's goodbye did not answer them).
  d.patch({ assigneeId: null, assigneeName: null, assignedAt: null, status: "open", teamId: team?.id ?? state.teamId, clock: { ...state.clock, waitStart: d.now } });
  requestRouting(d, "handoff");
  return ok({ status: "open" });
}

/** Gives the conversation to the AI assistant (status pending while it handles it). */
export function giveToBot(d: Draft, actor: Actor | null): Result<{ assigneeId: string }> {
  const state = d.current;
  if (state.assigneeId !== null && state.assigneeId !== BOT_AGENT_ID && !(actor && canHandOver(state, actor))) {
    return fail(409, "already_claimed", "A person owns this conversation.", { owner: { id: state.assigneeId, name: state.assigneeName } });
  }
  d.activity(actor, { action: "bot_assigned" });
  if (state.assigneeId !== BOT_AGENT_ID) d.changeEvent("bot_assigned", BOT_AGENT_ID);
  d.patch({ assigneeId: BOT_AGENT_ID, assigneeName: "Asistente IA", assignedAt: d.now, status: "pending" });
  return ok({ assigneeId: BOT_AGENT_ID });
}

/** Applies what a routing rule decided: team, tags, priority. */
export function applyRouting(d: Draft, decision: RoutingDecision, ruleName: string): Result<true> {
  const state = d.current;
  const tagIds = decision.tagIds?.length ? [...new Set([...state.tagIds, ...decision.tagIds])] : state.tagIds;
  d.activity(null, { action: "rule_applied", ruleName, teamId: decision.teamId ?? null, teamName: decision.teamName ?? null, priority: decision.priority ?? null, tagIds: decision.tagIds ?? [] });
  d.patch({ teamId: decision.teamId ?? state.teamId, tagIds, priority: decision.priority ?? state.priority });
  return ok(true);
}
