// Relays between conversations and their workspace object. A workspace has one object, and at 1,000 messages/s
// spread over many conversations one notification each would put it at Cloudflare's per-object limit. Each
// conversation notifies one of a few relays (always the same one, chosen by its id); a relay keeps the latest update
// per conversation durably, merges what arrives meanwhile, and hands the workspace object one batch at a time:
// at once when idle, then at most every COALESCE_MS while traffic flows. The workspace object therefore sees at
// most RELAY_SHARDS × (1000 / COALESCE_MS) calls per second however many messages arrive.
import { DurableObject } from "cloudflare:workers";
import { backoffMs } from "./job-queue";
import { migrateOnce } from "./sql-migrations";
import { rpcStub } from "./stubs";
import { MeteredStorage } from "./work-meter";
import type { ConversationUpdate, RelayRpc } from "./workspace-api";

export const RELAY_SHARDS = 8;
const COALESCE_MS = 25;
const BATCH_ROWS = 200;
/** If this instance disappears with updates not handed over, the alarm picks them up after this. */
const SAFETY_MS = 5_000;
const SCHEMA_VERSION = 1;

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

export function relayStub(env: Env, workspaceId: string, conversationId: string): RelayRpc {
  return rpcStub(env, "WorkspaceRelay", `${workspaceId}/${shardOf(conversationId)}`);
}

function shardOf(conversationId: string): number {
  let h = 2166136261; // FNV-1a: stable across isolates and deploys, so a conversation keeps its relay
  for (let i = 0; i < conversationId.length; i++) h = Math.imul(h ^ conversationId.charCodeAt(i), 16777619);
  return (h >>> 0) % RELAY_SHARDS;
}

export class WorkspaceRelay extends DurableObject<Env> {
  #lastFlush = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #flushing = false;
  #failures = 0;
  #alarmSet = false;
  readonly storage: MeteredStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.storage = new MeteredStorage(ctx.storage, "WorkspaceRelay");
    const storage = this.storage;
    migrateOnce(storage.sql, SCHEMA_VERSION, () => {
      // rev changes on every merge, so a flush only deletes what it actually handed over.
      storage.sql.exec("CREATE TABLE IF NOT EXISTS pending (conversation_id TEXT PRIMARY KEY, rev INTEGER NOT NULL, update_json TEXT NOT NULL)");
    });
  }

  async publish(update: ConversationUpdate): Promise<{ ackedNoticeId: number }> {
    const sql = this.storage.sql;
    this.storage.transaction(() => {
      const row = sql.exec<{ rev: number; update_json: string }>("SELECT rev, update_json FROM pending WHERE conversation_id = ?", update.summary.id).toArray()[0];
      const merged = row ? mergeUpdates(JSON.parse(row.update_json) as ConversationUpdate, update) : update;
      sql.exec(
        "INSERT INTO pending (conversation_id, rev, update_json) VALUES (?1, ?2, ?3) ON CONFLICT(conversation_id) DO UPDATE SET rev = excluded.rev, update_json = excluded.update_json",
        update.summary.id, (row?.rev ?? 0) + 1, JSON.stringify(merged),
      );
    });
    if (!this.#alarmSet) {
      this.#alarmSet = true;
      await this.storage.setAlarm(Date.now() + SAFETY_MS);
    }
    this.#schedule();
    return { ackedNoticeId: update.notices.at(-1)?.id ?? 0 };
  }

  async alarm(): Promise<void> {
    this.#alarmSet = false;
    await this.#flush();
  }

  #schedule(): void {
    // While the workspace object is failing, the alarm's backoff drives the retries, not each arrival.
    if (this.#timer || this.#flushing || this.#failures > 0) return;
    const wait = Math.max(0, COALESCE_MS - (Date.now() - this.#lastFlush));
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.#flush();
    }, wait);
  }

  async #flush(): Promise<void> {
    if (this.#flushing) return;
    this.#flushing = true;
    this.#lastFlush = Date.now();
    const sql = this.storage.sql;
    let more = false;
    try {
      const rows = sql.exec<{ conversation_id: string; rev: number; update_json: string }>("SELECT conversation_id, rev, update_json FROM pending LIMIT ?", BATCH_ROWS).toArray();
      if (rows.length) {
        const updates = rows.map((r) => JSON.parse(r.update_json) as ConversationUpdate);
        // A relay serves one workspace (its name starts with the workspace id), so any update names it.
        await rpcStub(this.env, "Workspace", updates[0]!.summary.workspaceId).publishBatch(updates);
        this.storage.transaction(() => {
          for (const r of rows) sql.exec("DELETE FROM pending WHERE conversation_id = ? AND rev = ?", r.conversation_id, r.rev);
        });
      }
      this.#failures = 0;
      more = sql.exec("SELECT 1 FROM pending LIMIT 1").toArray().length > 0;
    } catch (err) {
      // The workspace object is unreachable or failed: keep everything and try again later, from the alarm.
      this.#failures++;
      console.error(`WorkspaceRelay hand-over failed (${this.#failures})`, err);
      this.#alarmSet = true;
      await this.storage.setAlarm(Date.now() + backoffMs(this.#failures, 200));
      return;
    } finally {
      this.#flushing = false;
    }
    if (more) this.#schedule();
    else if (this.#alarmSet) {
      this.#alarmSet = false;
      await this.storage.deleteAlarm();
    }
  }
}
