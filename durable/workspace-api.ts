// What conversation objects tell the workspace object, and what it can ask of them back.
// Conversations publish their summary plus notices (route me, someone was mentioned) through their outbox and a
// relay that batches many conversations per call: at-least-once, versioned, so the workspace's view converges.
import type { SlaKind } from "../shared/sla";
import type { Actor, ConversationSummary, Priority, WhatsAppTemplate } from "../shared/model";
import type { Result } from "./result";
import type { ContactRecord, ReportEvent } from "./projection";

export type RouteReason = "new" | "reopened" | "released" | "returned" | "handoff" | "transferred" | "woke" | "unassigned";

export type ConversationNotice =
  /** Route this conversation: evaluate rules (new or reopened) and give it to someone. */
  | { kind: "route"; reason: RouteReason; text: string | null; phone: string | null; referral: { sourceId?: string } | null; at: number }
  /** Tell these people they were mentioned in a note. */
  | { kind: "mention"; messageId: string; agentIds: string[]; byName: string; text: string; at: number }
  /** A service-level target is at 75% (warning) or missed (breach): tell the owner and supervisors. */
  | { kind: "sla"; stage: "warning" | "breach"; slaKind: SlaKind; dueAt: number; agentId: string | null; at: number };

export interface ConversationUpdate {
  summary: ConversationSummary;
  /** When the current owner got it (for the return timer). */
  assignedAt: number | null;
  notices: Array<{ id: number; notice: ConversationNotice }>;
  /** For the D1 projection, which the workspace object writes in batches. */
  createdAt: number;
  contact: ContactRecord;
  /** Reporting events not handed over yet (the oldest first; more follow in the next update). */
  events: ReportEvent[];
}

/** The router's decision for a new or reopened conversation (from a matching rule). */
export interface RoutingDecision {
  teamId?: string;
  teamName?: string;
  tagIds?: string[];
  priority?: Priority;
}

/** The conversation object's methods the router calls; each re-checks state, so a stale decision is refused. */
export interface RoutableConversation {
  /** Give it to an agent if it is still open and unassigned. */
  autoAssign(agent: { id: string; name: string }, how: string): Promise<Result<{ assigneeId: string }>>;
  /** Put it back in the queue if `expectedAssigneeId` still owns it (return timer, offline, deactivated). */
  returnToQueue(expectedAssigneeId: string, reason: "no_answer" | "offline" | "deactivated"): Promise<Result<{ returned: boolean }>>;
  /** Apply a rule's team, tags and priority. */
  applyRouting(decision: RoutingDecision, ruleName: string): Promise<Result<true>>;
  /**
   * A person's facts changed (deactivated: null; teams, role or the workspace's "agents see all"): their sockets on
   * this conversation close at once if they can no longer see it, else carry the new facts. Returns how many closed.
   */
  recheckSockets(agentId: string, actor: Actor | null): Promise<number>;
}

/** A row of the D1 projection that D1 rejected for good, kept in the object's SQLite for diagnosis. */
export interface ProjectionReject {
  kind: "conversation" | "event";
  id: string;
  /** The conversation version rejected (null for an event). */
  version: number | null;
  error: string;
  at: number;
  /** The rejected row as JSON (what was owed to D1). */
  payload: string;
}

export interface WorkspaceRpc {
  /** Many conversations' updates at once, from a relay (durable/workspace-relay.ts). */
  publishBatch(updates: ConversationUpdate[]): Promise<void>;
  /** Re-read teams, agents, rules and settings from D1 (after an admin change) and re-run routing. */
  reloadConfig(): Promise<void>;
  /** A person was deactivated: close their sockets and reroute their conversations. */
  agentDeactivated(agentId: string): Promise<void>;
  /** The socket gate opened a conversation socket for this person (remembered for agentsChanged). */
  watching(agentId: string, conversationId: string): Promise<void>;
  /**
   * People's teams, role or visibility changed (their fresh facts from D1): their list sockets carry the new facts
   * and their conversation sockets close where they can no longer see. Resolves once done; how many sockets closed.
   */
  agentsChanged(actors: Actor[]): Promise<number>;
  /** WhatsApp reported account-level errors for a number (`value.errors`): tell supervisors live. */
  channelAlert(channelId: string, errors: Array<{ code: number; title: string; details: string | null }>): Promise<void>;
  /** Meta changed a template (status, quality, category): everyone's template lists update live. */
  templateChanged(template: WhatsAppTemplate): Promise<void>;
  /** Presence and open load of every person, for the inbox's team view and the tests. */
  presence(): Promise<Array<{ agentId: string; state: "online" | "away" | "offline"; openCount: number }>>;
  /** Rows of the D1 projection that D1 rejected for good and were set aside, newest first (diagnosis, tests). */
  projectionRejects(): Promise<ProjectionReject[]>;
  /** Erased conversations (data rights): out of the store, the index and every list; late notifications ignored. */
  forgetConversations(ids: string[], erasedAt: number): Promise<void>;
  /** The retention sweep (the alarm runs it daily; `now` lets tests look days ahead). */
  sweepRetention(now?: number): Promise<RetentionSweep>;
}

/** What one retention sweep did: conversations whose history was deleted, and how much. */
export interface RetentionSweep {
  retentionDays: number | null;
  conversations: number;
  messages: number;
  files: number;
}


export type { Actor };

export interface RelayRpc {
  /** Durable once it resolves: the notices and events may be dropped by the conversation. */
  publish(update: ConversationUpdate): Promise<{ ackedNoticeId: number }>;
}
