// A campaign's own SQLite: its definition (one row) and its recipients, one row per contact. A recipient moves
// queued → sending (written before the conversation is asked, so a crash resends with the same clientId, which the
// conversation takes once) → pending (stored in the conversation's outbox) → sent → delivered → read, or failed /
// skipped with the reason. Statuses only move forward: webhooks arrive out of order and more than once.
import type { Campaign, CampaignCounts, CampaignRecipient, RecipientPage, RecipientState } from "../../shared/api/campaigns";
import type { CampaignSetup } from "./campaign-api";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS setup (id INTEGER PRIMARY KEY CHECK (id = 1), body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS recipients (
  id INTEGER PRIMARY KEY,
  contact_id TEXT NOT NULL UNIQUE,
  contact_key TEXT NOT NULL,
  wa_id TEXT NOT NULL,
  name TEXT,
  params TEXT,
  state TEXT NOT NULL,
  reason TEXT,
  error_code INTEGER,
  attempt INTEGER NOT NULL DEFAULT 1,
  not_before INTEGER NOT NULL DEFAULT 0,
  conversation_id TEXT,
  sent_at INTEGER,
  replied_at INTEGER,
  updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS recipients_due ON recipients (state, not_before, id);
`;

/** How far along each state is; a report never moves a recipient back (failed is final once it reached Meta). */
const RANK: Record<RecipientState, number> = { queued: 0, sending: 1, pending: 2, sent: 3, failed: 4, delivered: 5, read: 6, skipped: 7 };

export interface NewRecipient {
  contactId: string;
  contactKey: string;
  waId: string;
  name: string | null;
  /** The template's values for this contact, or null when skipped. */
  params: string[] | null;
  state: "queued" | "skipped";
  reason: string | null;
}

export interface DueRecipient {
  id: number;
  contactId: string;
  contactKey: string;
  waId: string;
  name: string | null;
  params: string[];
  attempt: number;
}

type Row = Record<string, SqlStorageValue>;

export class RecipientStore {
  constructor(private readonly sql: SqlStorage) {
    sql.exec(SCHEMA);
  }

  /**
   * Erasure (data rights): these contacts' rows keep their state (the campaign's counts stay right) but lose the
   * number, name, values and conversation. Returns how many rows it touched.
   */
  forget(contactIds: string[]): number {
    return this.sql
      .exec(
        `UPDATE recipients SET contact_id = 'erased_' || id, contact_key = '', wa_id = '', name = NULL, params = NULL, conversation_id = NULL
         WHERE contact_id IN (SELECT value FROM json_each(?))`,
        JSON.stringify(contactIds),
      ).rowsWritten;
  }

  setup(): CampaignSetup | null {
    const row = this.sql.exec<{ body: string }>("SELECT body FROM setup WHERE id = 1").toArray()[0];
    return row ? (JSON.parse(row.body) as CampaignSetup) : null;
  }

  saveSetup(setup: CampaignSetup): void {
    this.sql.exec("INSERT INTO setup (id, body) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET body = excluded.body", JSON.stringify(setup));
  }

  /** Adds recipients; a contact already in the campaign is left as it is (audience pages may overlap). */
  add(rows: NewRecipient[], now: number): void {
    for (const r of rows) {
      this.sql.exec(
        `INSERT INTO recipients (contact_id, contact_key, wa_id, name, params, state, reason, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (contact_id) DO NOTHING`,
        r.contactId, r.contactKey, r.waId, r.name, r.params ? JSON.stringify(r.params) : null, r.state, r.reason, now,
      );
    }
  }

  /** Interrupted sends first (their conversation takes the repeat once), then queued ones in order. */
  due(now: number, limit: number): DueRecipient[] {
    return this.sql
      .exec<Row>(
        `SELECT id, contact_id, contact_key, wa_id, name, params, attempt FROM recipients
         WHERE state IN ('sending', 'queued') AND not_before <= ? ORDER BY state = 'queued', id LIMIT ?`,
        now, limit,
      )
      .toArray()
      .map((r) => ({
        id: Number(r.id), contactId: String(r.contact_id), contactKey: String(r.contact_key), waId: String(r.wa_id),
        name: r.name === null ? null : String(r.name), params: JSON.parse(String(r.params)) as string[], attempt: Number(r.attempt),
      }));
  }

  /** The earliest time a deferred recipient may go (null: nobody waits). */
  nextDue(): number | null {
    const row = this.sql.exec<{ at: number | null }>("SELECT min(not_before) AS at FROM recipients WHERE state IN ('sending', 'queued')").toArray()[0];
    return row?.at ?? null;
  }

  markSending(ids: number[], now: number): void {
    for (const id of ids) this.sql.exec("UPDATE recipients SET state = 'sending', updated_at = ? WHERE id = ? AND state IN ('queued', 'sending')", now, id);
  }

  /** Moves a recipient forward only (a late or repeated report never undoes a newer one). */
  advance(id: number, attempt: number, to: RecipientState, fields: { reason?: string | null; errorCode?: number | null; conversationId?: string; sentAt?: number }, now: number): boolean {
    const row = this.sql.exec<{ state: string; attempt: number }>("SELECT state, attempt FROM recipients WHERE id = ?", id).toArray()[0];
    if (!row || row.attempt !== attempt) return false;
    const from = row.state as RecipientState;
    if (RANK[to] <= RANK[from] && !(from === "sending" && to === "queued")) return false;
    this.sql.exec(
      `UPDATE recipients SET state = ?, reason = coalesce(?, reason), error_code = coalesce(?, error_code), conversation_id = coalesce(?, conversation_id),
       sent_at = coalesce(sent_at, ?), updated_at = ? WHERE id = ?`,
      to, fields.reason ?? null, fields.errorCode ?? null, fields.conversationId ?? null, fields.sentAt ?? null, now, id,
    );
    return true;
  }

  /** Meta's per-user marketing limit: try this recipient once more, a day later, as a new message. */
  defer(id: number, attempt: number, until: number, reason: string, now: number): void {
    this.sql.exec(
      "UPDATE recipients SET state = 'queued', attempt = attempt + 1, not_before = ?, reason = ?, error_code = 131049, updated_at = ? WHERE id = ? AND attempt = ?",
      until, reason, now, id, attempt,
    );
  }

  /** Back to the queue after a failed call to the conversation (its outcome unknown: the same clientId is reused). */
  retryLater(ids: number[], at: number, now: number): void {
    for (const id of ids) this.sql.exec("UPDATE recipients SET not_before = ?, updated_at = ? WHERE id = ? AND state = 'sending'", at, now, id);
  }

  replied(id: number, at: number): boolean {
    return this.sql.exec("UPDATE recipients SET replied_at = ? WHERE id = ? AND replied_at IS NULL", at, id).rowsWritten > 0;
  }

  /** Everyone still waiting is cancelled. */
  cancelWaiting(now: number): void {
    this.sql.exec("UPDATE recipients SET state = 'skipped', reason = 'cancelled', updated_at = ? WHERE state IN ('queued', 'sending')", now);
  }

  /** Customers this campaign reached (or tried to) since `since`: they count against the number's daily limit. */
  reachedSince(since: number): number {
    return this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM recipients WHERE sent_at >= ?", since).toArray()[0]?.n ?? 0;
  }

  /** The oldest send counted by reachedSince: when it leaves the 24-hour window, budget frees up. */
  oldestReachSince(since: number): number | null {
    return this.sql.exec<{ at: number | null }>("SELECT min(sent_at) AS at FROM recipients WHERE sent_at >= ?", since).toArray()[0]?.at ?? null;
  }

  counts(): CampaignCounts {
    const counts: CampaignCounts = { total: 0, queued: 0, sent: 0, delivered: 0, read: 0, failed: 0, skipped: 0, replied: 0 };
    for (const r of this.sql.exec<{ state: string; n: number; replied: number }>("SELECT state, count(*) AS n, count(replied_at) AS replied FROM recipients GROUP BY state")) {
      counts.total += r.n;
      counts.replied += r.replied;
      const state = r.state as RecipientState;
      if (state === "queued" || state === "sending" || state === "pending") counts.queued += r.n;
      else counts[state] += r.n;
    }
    return counts;
  }

  page(query: { state?: string; replied?: boolean; after: number; limit: number }): RecipientPage {
    const where = ["id > ?"];
    const args: SqlStorageValue[] = [query.after];
    if (query.state) {
      where.push("state = ?");
      args.push(query.state);
    }
    if (query.replied) where.push("replied_at IS NOT NULL");
    const rows = this.sql.exec<Row>(`SELECT * FROM recipients WHERE ${where.join(" AND ")} ORDER BY id LIMIT ?`, ...args, query.limit + 1).toArray();
    const items: CampaignRecipient[] = rows.slice(0, query.limit).map((r) => ({
      contactId: String(r.contact_id),
      phone: `+${String(r.wa_id)}`,
      name: r.name === null ? null : String(r.name),
      state: r.state as RecipientState,
      reason: r.reason === null ? null : String(r.reason),
      errorCode: r.error_code === null ? null : Number(r.error_code),
      conversationId: r.conversation_id === null ? null : String(r.conversation_id),
      repliedAt: r.replied_at === null ? null : Number(r.replied_at),
      updatedAt: Number(r.updated_at),
    }));
    return { items, next: rows.length > query.limit ? Number(rows[query.limit - 1]!.id) : null };
  }
}

export type { Campaign };
