// The realtime wire protocol: every frame that crosses a WebSocket, in one place. Types and constants only
// (no runtime dependencies), so the inbox imports it for free; the objects validate client frames with the
// zod schemas in durable/client-frames.ts, which are checked against these types.
import type { ConversationState, ConversationSummary, Message, SlaKind, WhatsAppTemplate } from "./model";

// ---- conversation room: /parties/conversation/:conversationId ----

export type ConversationClientFrame =
  /** Ask for every change after `since` (0 = everything). Also sent on connect as `?since=N`. */
  | { type: "sync"; since: number }
  /** The agent is typing (ephemeral, not stored). */
  | { type: "typing"; typing: boolean }
  | { type: "ping" };

export type ConversationServerFrame =
  /** Full state: sent when the client asks from 0, or its `since` is older than what can be replayed. */
  | { type: "snapshot"; seq: number; conversation: ConversationState; messages: Message[]; hasMore: boolean }
  /** The gap after a `since`: exactly the changes the client missed, ending at `seq`. */
  | { type: "changes"; seq: number; conversation: ConversationState | null; messages: Message[] }
  /** A new or changed message (status ticks, media stored, …). */
  | { type: "message"; seq: number; message: Message }
  /** Status, owner, priority, window or unread changed. */
  | { type: "conversation"; seq: number; conversation: ConversationState }
  /** Ephemeral presence: who is looking at / typing in this conversation. */
  | { type: "presence"; viewers: Array<{ agentId: string; name: string; typing: boolean }> }
  /** Ephemeral: what the assistant is writing right now (model mode, token by token); "" when it is done. */
  | { type: "bot_draft"; text: string }
  | { type: "pong" }
  | { type: "error"; code: string; message: string };

// ---- workspace room: /parties/workspace/:workspaceId ----

export type WorkspaceClientFrame =
  | { type: "ping" }
  /** The person sets themself away (no new conversations routed to them) or back online. */
  | { type: "presence"; state: "online" | "away" };

export type PresenceState = "online" | "away" | "offline";

export interface ListCounts {
  /** Open conversations assigned to me. */
  mine: number;
  /** Open conversations nobody owns (the queue). */
  unassigned: number;
  /** Open conversations I can see. */
  all: number;
  /** Open conversations per team I can see. */
  teams: Record<string, number>;
}

export type WorkspaceServerFrame =
  /**
   * Upserts for the conversation list; coalesced under load, newest `version` wins on the client.
   * `hidden`: ids that left this agent's view (claimed by someone else): drop them.
   * `cursor`: reconnect with `?since=<cursor>` to receive every row that changed meanwhile.
   */
  | { type: "conversations"; items: ConversationSummary[]; hidden: string[]; cursor: number }
  /** Live filter counts for this person (coalesced like the list). */
  | { type: "counts"; counts: ListCounts }
  /** Who is online, away or offline (sent on connect and on every change). */
  | { type: "presence"; agents: Array<{ agentId: string; state: PresenceState }> }
  /** You were @mentioned in a note. */
  | { type: "mention"; conversationId: string; messageId: string; byName: string; text: string }
  /** A service-level target of a conversation you own (or supervise) is at 75% ("warning") or missed ("breach"). */
  | { type: "sla"; conversationId: string; stage: "warning" | "breach"; slaKind: SlaKind; dueAt: number }
  /** Supervisors: customers waiting longer than the workspace's threshold (the full current set). */
  | { type: "alerts"; unattended: Array<{ conversationId: string; contactName: string | null; waitingSince: number; assigneeId: string | null }> }
  /** Supervisors: WhatsApp reported a problem with a number itself (throughput reached, account restricted…). */
  | { type: "channel_alert"; channelId: string; errors: Array<{ code: number; title: string; details: string | null }>; at: number }
  /** Supervisors: a conversation went back to the queue (return timer, agent offline or deactivated). */
  | { type: "returned"; conversationId: string; agentId: string; agentName: string | null; reason: string }
  /** Meta reviewed, paused, re-rated or re-categorised a template (its row as GET /api/templates answers it). */
  | { type: "template"; template: WhatsAppTemplate }
  | { type: "pong" }
  | { type: "error"; code: string; message: string };

/** Close codes the client must not retry (partysocket would otherwise reconnect forever). */
export const CLOSE_UNAUTHORIZED = 4401;
export const CLOSE_FORBIDDEN = 4403;
/**
 * "Reconnect, please": sockets are re-authenticated periodically (a deactivated person or a changed role must
 * not keep a live feed). Clients reconnect at once with their `since`, so nothing is missed.
 */
export const CLOSE_REAUTHENTICATE = 4000;
export const SOCKET_REAUTH_MS = 15 * 60 * 1000;
