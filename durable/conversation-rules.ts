// The conversation's rules as plain functions over state: who may see or claim it, how delivery statuses move,
// whether a free-form reply is inside WhatsApp's 24-hour window. The Durable Object calls these; tests call them directly.
import type { Actor, ConversationState, ConversationStatus, MessageStatus } from "../shared/model";
import { BOT_AGENT_ID, SERVICE_WINDOW_MS } from "../shared/model";

const RANK: Record<Exclude<MessageStatus, "failed" | "received">, number> = {
  pending: 0,
  accepted: 1,
  sent: 2,
  delivered: 3,
  read: 4,
  played: 5,
};

/**
 * The status a message moves to when `incoming` arrives, or null when nothing changes.
 * Statuses only move forward (Meta reorders and repeats them); `failed` wins and is final.
 */
export function advanceStatus(current: MessageStatus, incoming: MessageStatus): MessageStatus | null {
  if (current === incoming || current === "failed" || current === "received") return null;
  if (incoming === "failed") return "failed";
  if (incoming === "received") return null;
  return RANK[incoming] > RANK[current] ? incoming : null;
}

export function isWindowOpen(lastInboundAt: number | null, now: number): boolean {
  return lastInboundAt !== null && now - lastInboundAt < SERVICE_WINDOW_MS;
}

export function windowClosesAt(lastInboundAt: number | null): number | null {
  return lastInboundAt === null ? null : lastInboundAt + SERVICE_WINDOW_MS;
}

type Visibility = Pick<ConversationState, "workspaceId" | "assigneeId" | "teamId"> & { participantIds?: string[] };

/**
 * Supervisors and admins see everything. Agents see their own conversations, unassigned ones, their teams'
 * and those they were mentioned in — or everything when the workspace allows it.
 */
export function canSee(state: Visibility, actor: Actor): boolean {
  if (state.workspaceId !== actor.workspaceId) return false;
  if (actor.role !== "agent" || actor.seeAll) return true;
  if (state.assigneeId === null || state.assigneeId === actor.agentId) return true;
  if (state.teamId !== null && actor.teamIds.includes(state.teamId)) return true;
  return state.participantIds?.includes(actor.agentId) ?? false;
}

export const isSupervisor = (actor: Actor): boolean => actor.role === "admin" || actor.role === "supervisor";

/** Release or transfer: the owner, anyone when nobody owns it, or a supervisor. */
export function canHandOver(state: Pick<ConversationState, "assigneeId">, actor: Actor): boolean {
  return isSupervisor(actor) || state.assigneeId === null || state.assigneeId === actor.agentId;
}

export type ClaimDecision =
  | { ok: true; changed: boolean }
  | { ok: false; owner: { id: string; name: string | null } };

/**
 * First claim wins; claiming what you already own is a no-op success; a person may always take over from the
 * AI assistant. Decided synchronously inside the object, so N simultaneous claims have exactly one winner.
 */
export function decideClaim(state: Pick<ConversationState, "assigneeId" | "assigneeName">, actor: Actor): ClaimDecision {
  if (state.assigneeId === null || state.assigneeId === BOT_AGENT_ID) return { ok: true, changed: true };
  if (state.assigneeId === actor.agentId) return { ok: true, changed: false };
  return { ok: false, owner: { id: state.assigneeId, name: state.assigneeName } };
}

/** A customer message brings a resolved or snoozed conversation back to the open queue. */
export function statusAfterInbound(status: ConversationStatus): ConversationStatus {
  return status === "resolved" || status === "snoozed" ? "open" : status;
}
