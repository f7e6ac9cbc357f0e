// Which conversations each person has opened a socket on lately, so that deactivating someone or changing their
// teams closes, at once, their sockets on every conversation they can no longer see (a conversation's own check runs
// only when it has something to send). The socket gate records each opening; rows older than a socket may live
// without re-authenticating are pruned. Kept in the workspace object's storage: its memory does not survive
// hibernation, and the sockets do.
import type { Actor } from "../../shared/model";
import { SOCKET_REAUTH_MS } from "../../shared/protocol";
import type { WorkspaceContext } from "./context";

/** A socket older than this has been closed by its conversation (re-authentication) before it got anything more. */
const KEEP_MS = SOCKET_REAUTH_MS + 60_000;

export class SocketWatchers {
  readonly #ctx: WorkspaceContext;
  #ready = false;

  constructor(ctx: WorkspaceContext) {
    this.#ctx = ctx;
  }

  #sql(): SqlStorage {
    const sql = this.#ctx.storage.sql;
    if (!this.#ready) {
      sql.exec("CREATE TABLE IF NOT EXISTS socket_watchers (agent_id TEXT NOT NULL, conversation_id TEXT NOT NULL, opened_at INTEGER NOT NULL, PRIMARY KEY (agent_id, conversation_id)) WITHOUT ROWID");
      this.#ready = true;
    }
    return sql;
  }

  opened(agentId: string, conversationId: string, now = Date.now()): void {
    const sql = this.#sql();
    sql.exec(
      "INSERT INTO socket_watchers (agent_id, conversation_id, opened_at) VALUES (?, ?, ?) ON CONFLICT(agent_id, conversation_id) DO UPDATE SET opened_at = excluded.opened_at",
      agentId,
      conversationId,
      now,
    );
    sql.exec("DELETE FROM socket_watchers WHERE agent_id = ? AND opened_at < ?", agentId, now - KEEP_MS);
  }

  /**
   * Each person's new facts (null: deactivated) go to every conversation they watched lately; those they can no
   * longer see close their sockets. Resolves once every conversation has answered. Returns how many sockets closed.
   */
  async recheck(changes: Array<{ agentId: string; actor: Actor | null }>, now = Date.now()): Promise<number> {
    const sql = this.#sql();
    const calls: Array<Promise<number>> = [];
    for (const { agentId, actor } of changes) {
      const rows = sql.exec<{ conversation_id: string }>("SELECT conversation_id FROM socket_watchers WHERE agent_id = ? AND opened_at >= ?", agentId, now - KEEP_MS).toArray();
      for (const row of rows) calls.push(this.#ctx.conversation(row.conversation_id).recheckSockets(agentId, actor));
      if (!actor) sql.exec("DELETE FROM socket_watchers WHERE agent_id = ?", agentId);
    }
    const closed = await Promise.allSettled(calls);
    return closed.reduce((sum, r) => sum + (r.status === "fulfilled" ? r.value : 0), 0);
  }
}
