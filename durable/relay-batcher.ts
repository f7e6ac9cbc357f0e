// A workspace relay's batching (durable/workspace-relay.ts), apart from the object so tests drive it directly:
// updates merged per conversation in memory, handed over one batch per window, and each `publish` settled by the
// outcome of the hand-over that carried it (resolved once stored, rejected if it failed).
import { backoffDelay, Flusher } from "./flush";
import type { ConversationUpdate } from "./workspace-api";

/** At most one hand-over per window per relay: what arrives meanwhile goes to the workspace object in one call. */
const COALESCE_MS = 25;
const BATCH_ROWS = 200;

/** Two updates of one conversation as one: the newest summary, every notice and event of both (in id order). */
export function mergeUpdates(older: ConversationUpdate, newer: ConversationUpdate): ConversationUpdate {
  const latest = newer.summary.version >= older.summary.version ? newer : older;
  const noticeIds = new Set(older.notices.map((n) => n.id));
  const eventIds = new Set(older.events.map((e) => e.id));
  return {
    ...latest,
    notices: [...older.notices, ...newer.notices.filter((n) => !noticeIds.has(n.id))].sort((a, b) => a.id - b.id),
    events: [...older.events, ...newer.events.filter((e) => !eventIds.has(e.id))],
  };
}

interface Waiter {
  ackedNoticeId: number;
  resolve: (value: { ackedNoticeId: number }) => void;
  reject: (err: unknown) => void;
}

/** One conversation's merged update and the publish calls waiting for it to be stored. */
interface Pending {
  update: ConversationUpdate;
  waiters: Waiter[];
}

/** The relay's batching, apart from the object so it can be driven directly: `handOver` stores a batch. */
export class RelayBatcher {
  readonly #pending = new Map<string, Pending>();
  readonly #flusher: Flusher;

  constructor(handOver: (updates: ConversationUpdate[]) => Promise<void>, opts: { delayMs?: number } = {}) {
    this.#flusher = new Flusher({
      delayMs: opts.delayMs ?? COALESCE_MS,
      // At once when idle (the live list should not wait), then at most one hand-over per window.
      leading: true,
      flush: async () => {
        const batch: Pending[] = [];
        for (const [id, p] of this.#pending) {
          if (batch.length >= BATCH_ROWS) break;
          batch.push(p);
          this.#pending.delete(id);
        }
        if (!batch.length) return false;
        try {
          await handOver(batch.map((p) => p.update));
        } catch (err) {
          // Not stored: each conversation keeps its notify job and retries it (with its own backoff).
          for (const p of batch) for (const w of p.waiters) w.reject(err);
          throw err;
        }
        for (const p of batch) for (const w of p.waiters) w.resolve({ ackedNoticeId: w.ackedNoticeId });
        return this.#pending.size > 0;
      },
      // Short: callers wait on this, and their own jobs retry failures anyway.
      backoffMs: (failures) => backoffDelay(failures, 100, 2_000),
      onError: (err, failures) => console.error(`WorkspaceRelay hand-over failed (${failures})`, err),
    });
  }

  /** Resolves once the workspace object stored a batch carrying this update. */
  publish(update: ConversationUpdate): Promise<{ ackedNoticeId: number }> {
    return new Promise((resolve, reject) => {
      const waiter = { ackedNoticeId: update.notices.at(-1)?.id ?? 0, resolve, reject };
      const pending = this.#pending.get(update.summary.id);
      if (pending) {
        pending.update = mergeUpdates(pending.update, update);
        pending.waiters.push(waiter);
      } else {
        this.#pending.set(update.summary.id, { update, waiters: [waiter] });
      }
      this.#flusher.request();
    });
  }
}

