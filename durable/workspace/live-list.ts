// The live conversation list of every open inbox: changed rows gathered for a short window (durable/flush.ts), then
// one encoded frame per kind of viewer (everyone who sees all, or an agent with their teams) and one counts frame
// per person, sent only when their counts changed; a reconnecting list catches up from its cursor. Used by
// durable/workspace.ts.
import type { Connection } from "partyserver";
import type { Actor, ConversationSummary } from "../../shared/model";
import { CLOSE_REAUTHENTICATE, SOCKET_REAUTH_MS, type WorkspaceServerFrame } from "../../shared/protocol";
import { canSee } from "../conversation-rules";
import { Flusher } from "../flush";
import { viewerClass } from "./active-index";
import type { WorkspaceContext } from "./context";

/** Window in which list updates are merged into one frame. */
const COALESCE_MS = 25;
const CATCH_UP_CHUNK = 500;

export class LiveList {
  readonly #ctx: WorkspaceContext;
  #pending = new Map<string, ConversationSummary>();
  readonly #flusher: Flusher;
  /** Last counts frame each socket got (memory only: after a restart everyone simply gets fresh counts). */
  #lastCounts = new Map<string, string>();
  /** Called after each flush (unattended alerts refresh: an answered customer leaves the list at once). */
  onFlushed: () => void = () => {};

  constructor(ctx: WorkspaceContext) {
    this.#ctx = ctx;
    // At once when idle, then at most one frame per window while traffic flows.
    this.#flusher = new Flusher({ delayMs: COALESCE_MS, leading: true, flush: () => this.#flush() });
  }

  /** A conversation's row changed (it is already stored). */
  changed(summary: ConversationSummary): void {
    this.#pending.set(summary.id, summary);
    this.#flusher.request();
  }

  /** Conversations erased: every list drops them now (as rows it may not see), and counts follow. */
  removed(ids: string[]): void {
    for (const id of ids) this.#pending.delete(id);
    const frame = JSON.stringify({ type: "conversations", items: [], hidden: ids, cursor: Date.now() - 1 } satisfies WorkspaceServerFrame);
    for (const conn of this.#ctx.sockets()) if (conn.state) sendRaw(conn, frame);
    this.#flusher.request();
  }

  /** Counts may have changed without a row to send (the router assigned a conversation). */
  countsChanged(): void {
    this.#flusher.request();
  }

  forget(conn: Connection): void {
    this.#lastCounts.delete(conn.id);
  }

  #flush(): void {
    const now = Date.now();
    const items = [...this.#pending.values()];
    this.#pending.clear();
    const frames = new Map<string, string | null>();
    const counts = new Map<string, string>();
    let listening = false;
    for (const conn of this.#ctx.sockets()) {
      const actor = conn.state?.actor;
      if (!actor) continue;
      if (now - conn.state!.connectedAt > SOCKET_REAUTH_MS) {
        conn.close(CLOSE_REAUTHENTICATE, "reauthenticate");
        continue;
      }
      listening = true;
      const viewer = viewerClass(actor);
      let frame = frames.get(viewer);
      if (frame === undefined) {
        // One millisecond of overlap: a row stored in the same millisecond after this flush is re-sent, never missed.
        frame = items.length ? JSON.stringify(listFrame(items, actor, now - 1)) : null;
        frames.set(viewer, frame);
      }
      if (frame) sendRaw(conn, frame);
      this.sendCounts(conn, actor, counts);
    }
    if (listening) this.onFlushed();
  }

  /** Sends this person's counts if they changed since the last frame this socket got. */
  sendCounts(conn: Connection, actor: Actor, cache = new Map<string, string>()): void {
    let encoded = cache.get(actor.agentId);
    if (encoded === undefined) {
      encoded = JSON.stringify({ type: "counts", counts: this.#ctx.index.counts(actor) } satisfies WorkspaceServerFrame);
      cache.set(actor.agentId, encoded);
    }
    if (this.#lastCounts.get(conn.id) === encoded) return;
    this.#lastCounts.set(conn.id, encoded);
    sendRaw(conn, encoded);
  }

  /** Every row that changed after `since`, in chunks, filtered by what this person may see. */
  catchUp(conn: Connection, actor: Actor, since: number): void {
    // Rows waiting for the coalescing window are covered too: they are already stored.
    let after = { at: since, id: "" };
    const cursor = Date.now() - 1;
    for (;;) {
      const { rows, last } = this.#ctx.store.changedSince(after, CATCH_UP_CHUNK);
      this.#ctx.send(conn, listFrame(rows.map((r) => r.summary), actor, cursor));
      if (rows.length < CATCH_UP_CHUNK || !last) break;
      after = last;
    }
  }
}

/** Rows this person may see, and the others as bare ids (the list drops them without learning anything). */
function listFrame(items: ConversationSummary[], actor: Actor, cursor: number): WorkspaceServerFrame {
  return { type: "conversations", items: items.filter((s) => canSee(s, actor)), hidden: items.filter((s) => !canSee(s, actor)).map((s) => s.id), cursor };
}

function sendRaw(conn: Connection, encoded: string): void {
  try {
    conn.send(encoded);
  } catch {
    /* socket closing */
  }
}
