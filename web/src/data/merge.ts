// The realtime merge rules as plain functions over plain objects (also used on Solid store drafts):
// messages upsert by id with the newest `updatedSeq` winning; list rows by id with the newest `version` winning.
import type { ConversationState, ConversationSummary, Message } from "../../../shared/model";
import type { ConversationServerFrame } from "../../../shared/protocol";

export interface ConversationCache {
  /** Last change sequence applied; reconnects ask for `?since=<seq>`. 0 means "nothing yet". */
  seq: number;
  conversation: ConversationState | null;
  messages: Record<string, Message>;
  /** Older history exists before the oldest loaded message. */
  hasMore: boolean;
}

export const emptyCache = (): ConversationCache => ({ seq: 0, conversation: null, messages: {}, hasMore: false });

export function upsertMessage(messages: Record<string, Message>, next: Message): boolean {
  const current = messages[next.id];
  if (current && current.updatedSeq >= next.updatedSeq) return false;
  messages[next.id] = next;
  return true;
}

export function upsertRow(rows: Record<string, ConversationSummary>, next: ConversationSummary): boolean {
  const current = rows[next.id];
  if (current && current.version >= next.version) return false;
  rows[next.id] = next;
  return true;
}

/** Applies one conversation-room frame to the cache. Returns false for frames that carry no state. */
export function applyConversationFrame(cache: ConversationCache, frame: ConversationServerFrame): boolean {
  switch (frame.type) {
    case "snapshot": {
      // A snapshot is the whole truth: anything not in it (older pages we had) is re-fetched on demand.
      const messages: Record<string, Message> = {};
      for (const m of frame.messages) messages[m.id] = m;
      cache.messages = messages;
      cache.conversation = frame.conversation;
      cache.hasMore = frame.hasMore;
      cache.seq = frame.seq;
      return true;
    }
    case "changes":
      for (const m of frame.messages) upsertMessage(cache.messages, m);
      if (frame.conversation && (!cache.conversation || frame.conversation.seq >= cache.conversation.seq)) cache.conversation = frame.conversation;
      cache.seq = Math.max(cache.seq, frame.seq);
      return true;
    case "message":
      upsertMessage(cache.messages, frame.message);
      cache.seq = Math.max(cache.seq, frame.seq);
      return true;
    case "conversation":
      if (!cache.conversation || frame.conversation.seq >= cache.conversation.seq) cache.conversation = frame.conversation;
      cache.seq = Math.max(cache.seq, frame.seq);
      return true;
    default:
      return false;
  }
}

/** History order: provider time, then insertion order (Meta does not order deliveries). */
export function byTime(a: Pick<Message, "sentAt" | "seq">, b: Pick<Message, "sentAt" | "seq">): number {
  return a.sentAt - b.sentAt || a.seq - b.seq;
}

/** List order: newest activity first, ties by id (the same order as the API's cursor). */
export function byActivity(a: ConversationSummary, b: ConversationSummary): number {
  return (b.lastMessageAt ?? 0) - (a.lastMessageAt ?? 0) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}
