// Pure routing choices: who may take a conversation and who gets it. No storage, no I/O — the workspace object
// feeds it presence, capacity and rotation state, and tests drive it directly.
import type { RoutablePerson } from "./workspace-config";

export type Policy = "manual" | "round_robin" | "least_busy";

export interface RoutingState {
  /** Only online people who are not away get new conversations. */
  available: (agentId: string) => boolean;
  openCount: (agentId: string) => number;
  /** When this person last got a conversation from the router (0 = never): round robin picks the longest ago. */
  lastAssignedAt: (agentId: string) => number;
}

/**
 * Who may take it: available, under capacity, and — when the conversation belongs to a team — in that team.
 * Without a team, agents take it; supervisors and admins only take their teams' conversations.
 */
export function eligible(people: Iterable<RoutablePerson>, teamId: string | null, state: RoutingState): RoutablePerson[] {
  return [...people].filter((p) => {
    if (!state.available(p.id) || state.openCount(p.id) >= p.capacity) return false;
    return teamId ? p.teamIds.includes(teamId) : p.role === "agent";
  });
}

/** Round robin: the least recently assigned. Least busy: fewest open, then least recently assigned. Ties by id. */
export function pickAgent(candidates: RoutablePerson[], policy: Policy, state: RoutingState): RoutablePerson | null {
  if (policy === "manual" || candidates.length === 0) return null;
  const byRotation = (a: RoutablePerson, b: RoutablePerson) => state.lastAssignedAt(a.id) - state.lastAssignedAt(b.id) || a.id.localeCompare(b.id);
  const sorted = [...candidates].sort(
    policy === "least_busy" ? (a, b) => state.openCount(a.id) - state.openCount(b.id) || byRotation(a, b) : byRotation,
  );
  return sorted[0] ?? null;
}

const PRIORITY_RANK: Record<string, number> = { urgent: 3, high: 2, normal: 1, low: 0 };

/** Queue order: most urgent first, then the customer who has waited longest. */
export function queueOrder<T extends { priority: string; queuedAt: number }>(items: T[]): T[] {
  return [...items].sort((a, b) => (PRIORITY_RANK[b.priority] ?? 1) - (PRIORITY_RANK[a.priority] ?? 1) || a.queuedAt - b.queuedAt);
}
