// SQLite storage of the workspace object: its view of every conversation (fed by their notifications), the
// routing queue, presence and round-robin rotation. Survives restarts, so the queue and timers are never lost.
import type { Actor, ConversationSummary } from "../shared/model";
import type { ListCounts, PresenceState } from "../shared/protocol";
import type { ContactRecord, ConversationRecord, ReportEvent } from "./projection";
import { addColumnIfMissing, migrateOnce } from "./sql-migrations";

/** Bump when SCHEMA or the column additions in migrate() change. */
const SCHEMA_VERSION = 2;
import type { ConversationNotice } from "./workspace-api";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS conversations (
  id TEXT PRIMARY KEY,
  version INTEGER NOT NULL,
  status TEXT NOT NULL,
  assignee_id TEXT,
  team_id TEXT,
  channel_id TEXT NOT NULL,
  priority TEXT NOT NULL,
  waiting_since INTEGER,
  assigned_at INTEGER,
  -- set while it waits in the queue (open and unassigned)
  queued_at INTEGER,
  -- a routing request whose rules have not been applied yet
  pending_route TEXT,
  summary TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS conversations_assignee_idx ON conversations(assignee_id, status);
CREATE INDEX IF NOT EXISTS conversations_queue_idx ON conversations(queued_at);
CREATE INDEX IF NOT EXISTS conversations_waiting_idx ON conversations(status, waiting_since);
CREATE INDEX IF NOT EXISTS conversations_pending_route_idx ON conversations(pending_route) WHERE pending_route IS NOT NULL;
CREATE TABLE IF NOT EXISTS presence (
  agent_id TEXT PRIMARY KEY,
  state TEXT NOT NULL,
  away INTEGER NOT NULL DEFAULT 0,
  offline_due INTEGER
);
-- reporting events received from conversations, until they are written to D1
CREATE TABLE IF NOT EXISTS pending_events (
  id TEXT PRIMARY KEY,
  event TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS rotation (
  agent_id TEXT PRIMARY KEY,
  last_assigned_at INTEGER NOT NULL
);
`;

export interface MirrorRow {
  id: string;
  status: string;
  assigneeId: string | null;
  teamId: string | null;
  channelId: string;
  priority: string;
  waitingSince: number | null;
  assignedAt: number | null;
  queuedAt: number | null;
  pendingRoute: Extract<ConversationNotice, { kind: "route" }> | null;
  summary: ConversationSummary;
}

type Row = Record<string, SqlStorageValue>;
const toMirror = (r: Row): MirrorRow => ({
  id: String(r.id),
  status: String(r.status),
  assigneeId: r.assignee_id === null ? null : String(r.assignee_id),
  teamId: r.team_id === null ? null : String(r.team_id),
  channelId: String(r.channel_id),
  priority: String(r.priority),
  waitingSince: r.waiting_since === null ? null : Number(r.waiting_since),
  assignedAt: r.assigned_at === null ? null : Number(r.assigned_at),
  queuedAt: r.queued_at === null ? null : Number(r.queued_at),
  pendingRoute: r.pending_route === null ? null : JSON.parse(String(r.pending_route)),
  summary: JSON.parse(String(r.summary)),
});

export class WorkspaceStore {
  constructor(private readonly sql: SqlStorage) {}

  migrate(): void {
    migrateOnce(this.sql, SCHEMA_VERSION, () => {
      this.sql.exec(SCHEMA);
      addColumnIfMissing(this.sql, "conversations", "updated_at", "INTEGER NOT NULL DEFAULT 0");
      addColumnIfMissing(this.sql, "conversations", "participant_ids", "TEXT NOT NULL DEFAULT '[]'");
      // The D1 projection: the newest version written there, and what it needs besides the summary.
      addColumnIfMissing(this.sql, "conversations", "projected_version", "INTEGER NOT NULL DEFAULT 0");
      addColumnIfMissing(this.sql, "conversations", "created_at", "INTEGER NOT NULL DEFAULT 0");
      addColumnIfMissing(this.sql, "conversations", "contact", "TEXT");
      this.sql.exec("CREATE INDEX IF NOT EXISTS conversations_updated_idx ON conversations(updated_at)");
      // Only the rows D1 is still owed, so finding them costs the same with 100 conversations or 100,000 (an index
      // on the two columns could not answer "projected_version < version" without reading every entry).
      this.sql.exec("DROP INDEX IF EXISTS conversations_unprojected_idx");
      this.sql.exec("CREATE INDEX IF NOT EXISTS conversations_unprojected_only_idx ON conversations(id) WHERE projected_version < version");
    });
  }

  /** Applies a conversation's summary if it is newer than what we have. Returns false for a stale one. */
  upsert(summary: ConversationSummary, assignedAt: number | null, now: number, record: { createdAt: number; contact: ContactRecord }): boolean {
    const queued = summary.status === "open" && summary.assigneeId === null;
    const rows = this.sql
      .exec(
        `INSERT INTO conversations (id, version, status, assignee_id, team_id, channel_id, priority, waiting_since, assigned_at, queued_at, summary, updated_at, participant_ids, created_at, contact)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, CASE WHEN ?10 THEN ?11 END, ?12, ?13, ?14, ?15, ?16)
         ON CONFLICT(id) DO UPDATE SET version = excluded.version, status = excluded.status, assignee_id = excluded.assignee_id,
           team_id = excluded.team_id, channel_id = excluded.channel_id, priority = excluded.priority,
           waiting_since = excluded.waiting_since, assigned_at = excluded.assigned_at, summary = excluded.summary,
           updated_at = excluded.updated_at, participant_ids = excluded.participant_ids, created_at = excluded.created_at,
           contact = excluded.contact,
           queued_at = CASE WHEN ?10 THEN coalesce(conversations.queued_at, ?11) END
         WHERE excluded.version > conversations.version
         RETURNING id`,
        summary.id, summary.version, summary.status, summary.assigneeId, summary.teamId, summary.channelId, summary.priority,
        summary.waitingSince, assignedAt, queued ? 1 : 0, summary.waitingSince ?? now, JSON.stringify(summary), now,
        JSON.stringify(summary.participantIds ?? []), record.createdAt, JSON.stringify(record.contact),
      )
      .toArray();
    return rows.length > 0;
  }

  addEvents(events: ReportEvent[]): void {
    for (const e of events) this.sql.exec("INSERT INTO pending_events (id, event) VALUES (?, ?) ON CONFLICT DO NOTHING", e.id, JSON.stringify(e));
  }

  /** What the D1 projection still owes: conversations whose newest version is not in D1, and events. */
  unprojected(limit: number, eventLimit: number): { records: Array<ConversationRecord & { version: number }>; events: ReportEvent[] } {
    const rows = this.sql
      .exec<{ summary: string; created_at: number; contact: string | null; version: number }>(
        "SELECT summary, created_at, contact, version FROM conversations WHERE projected_version < version AND contact IS NOT NULL LIMIT ?",
        limit,
      )
      .toArray();
    const events = this.sql.exec<{ event: string }>("SELECT event FROM pending_events LIMIT ?", eventLimit).toArray();
    return {
      records: rows.map((r) => ({ summary: JSON.parse(r.summary), createdAt: r.created_at, contact: JSON.parse(r.contact!), version: r.version })),
      events: events.map((e) => JSON.parse(e.event) as ReportEvent),
    };
  }

  markProjected(records: Array<{ summary: { id: string }; version: number }>, eventIds: string[]): void {
    for (const r of records) this.sql.exec("UPDATE conversations SET projected_version = MAX(projected_version, ?) WHERE id = ?", r.version, r.summary.id);
    for (const id of eventIds) this.sql.exec("DELETE FROM pending_events WHERE id = ?", id);
  }

  hasUnprojected(): boolean {
    return (
      this.sql.exec("SELECT 1 FROM conversations WHERE projected_version < version AND contact IS NOT NULL LIMIT 1").toArray().length > 0 ||
      this.sql.exec("SELECT 1 FROM pending_events LIMIT 1").toArray().length > 0
    );
  }

  /** Summaries changed after `since` (ms, the workspace object's clock), for a reconnecting list. */
  changedSince(after: { at: number; id: string }, limit: number): { rows: MirrorRow[]; last: { at: number; id: string } | null } {
    const rows = this.sql
      .exec<Row>("SELECT * FROM conversations WHERE (updated_at, id) > (?, ?) ORDER BY updated_at, id LIMIT ?", after.at, after.id, limit)
      .toArray();
    const tail = rows.at(-1);
    return { rows: rows.map(toMirror), last: tail ? { at: Number(tail.updated_at), id: String(tail.id) } : null };
  }

  setPendingRoute(id: string, notice: Extract<ConversationNotice, { kind: "route" }> | null): void {
    this.sql.exec("UPDATE conversations SET pending_route = ? WHERE id = ?", notice ? JSON.stringify(notice) : null, id);
  }

  get(id: string): MirrorRow | null {
    const row = this.sql.exec<Row>("SELECT * FROM conversations WHERE id = ?", id).toArray()[0];
    return row ? toMirror(row) : null;
  }

  /** Conversations waiting for someone (open and unassigned). */
  queued(): MirrorRow[] {
    return this.sql.exec<Row>("SELECT * FROM conversations WHERE queued_at IS NOT NULL").toArray().map(toMirror);
  }

  /** Conversations whose routing request has not been handled yet (rules, owner affinity). */
  pendingRoutes(): MirrorRow[] {
    return this.sql.exec<Row>("SELECT * FROM conversations WHERE pending_route IS NOT NULL").toArray().map(toMirror);
  }

  hasQueue(): boolean {
    return this.sql.exec("SELECT 1 FROM conversations WHERE queued_at IS NOT NULL OR pending_route IS NOT NULL LIMIT 1").toArray().length > 0;
  }

  /** What the router must know right after assigning, before the conversation's own notification arrives. */
  markAssigned(id: string, agentId: string, now: number): void {
    this.sql.exec("UPDATE conversations SET assignee_id = ?, assigned_at = ?, queued_at = NULL WHERE id = ?", agentId, now, id);
  }

  /** A rule moved it to a team: route it as such right away, before its own notification arrives. */
  markTeam(id: string, teamId: string): void {
    this.sql.exec("UPDATE conversations SET team_id = ? WHERE id = ?", teamId, id);
  }

  openCounts(): Map<string, number> {
    const rows = this.sql.exec<{ assignee_id: string; n: number }>(
      "SELECT assignee_id, COUNT(*) AS n FROM conversations WHERE status = 'open' AND assignee_id IS NOT NULL GROUP BY assignee_id",
    );
    return new Map([...rows].map((r) => [r.assignee_id, r.n]));
  }

  openOwnedBy(agentId: string): MirrorRow[] {
    return this.sql.exec<Row>("SELECT * FROM conversations WHERE assignee_id = ? AND status IN ('open', 'snoozed')", agentId).toArray().map(toMirror);
  }

  /** Open conversations whose customer has been waiting since before `before`. */
  waitingSince(before: number): MirrorRow[] {
    return this.sql
      .exec<Row>("SELECT * FROM conversations WHERE status = 'open' AND waiting_since IS NOT NULL AND waiting_since <= ? ORDER BY waiting_since", before)
      .toArray()
      .map(toMirror);
  }

  /** How many open conversations have waited since `before` or longer (what `waitingSince` would list). */
  waitingCount(before: number): number {
    return this.sql
      .exec<{ n: number }>("SELECT COUNT(*) AS n FROM conversations WHERE status = 'open' AND waiting_since IS NOT NULL AND waiting_since <= ?", before)
      .one().n;
  }

  /** Earliest moment a timer of this workspace has something to do (unattended flag, return timer, presence grace). */
  nextTimer(now: number, unattendedAfterMs: number, returnAfterMs: number | null): number | null {
    const one = (query: string, ...args: SqlStorageValue[]) => this.sql.exec<{ t: number | null }>(query, ...args).one().t;
    const times = [
      one("SELECT MIN(offline_due) AS t FROM presence"),
      one("SELECT MIN(waiting_since) + ? AS t FROM conversations WHERE status = 'open' AND waiting_since > ?", unattendedAfterMs, now - unattendedAfterMs),
      returnAfterMs === null
        ? null
        : one(
            "SELECT MIN(MAX(waiting_since, coalesce(assigned_at, 0))) + ? AS t FROM conversations WHERE status = 'open' AND waiting_since IS NOT NULL AND assignee_id IS NOT NULL AND assignee_id != 'bot'",
            returnAfterMs,
          ),
    ].filter((t): t is number => t !== null);
    return times.length ? Math.min(...times) : null;
  }

  /**
   * Live filter counts for one person, in SQL (this runs on every coalesced flush, for every connected person:
   * it must not read and parse each conversation). Visibility mirrors `canSee`.
   */
  counts(actor: Actor): ListCounts {
    const restricted = actor.role === "agent" && !actor.seeAll;
    const teams = actor.teamIds.map(() => "?").join(", ");
    const visible = restricted
      ? `(assignee_id IS NULL OR assignee_id = ?1${teams ? ` OR team_id IN (${teams})` : ""} OR EXISTS (SELECT 1 FROM json_each(participant_ids) WHERE value = ?1))`
      : "1";
    const args: SqlStorageValue[] = restricted ? [actor.agentId, ...actor.teamIds] : [actor.agentId];
    const totals = this.sql
      .exec<{ mine: number | null; unassigned: number | null; total: number }>(
        `SELECT SUM(assignee_id = ?1) AS mine, SUM(assignee_id IS NULL) AS unassigned, COUNT(*) AS total
         FROM conversations WHERE status = 'open' AND ${visible}`,
        ...args,
      )
      .one();
    const byTeam = this.sql.exec<{ team_id: string; n: number }>(
      `SELECT team_id, COUNT(*) AS n FROM conversations WHERE status = 'open' AND team_id IS NOT NULL AND ${visible} GROUP BY team_id`,
      ...(restricted ? args : []),
    );
    return {
      mine: totals.mine ?? 0,
      unassigned: totals.unassigned ?? 0,
      all: totals.total,
      teams: Object.fromEntries([...byTeam].map((r) => [r.team_id, r.n])),
    };
  }

  // ---- presence and rotation ----

  presence(): Map<string, { state: PresenceState; away: boolean; offlineDue: number | null }> {
    const rows = this.sql.exec<{ agent_id: string; state: string; away: number; offline_due: number | null }>("SELECT * FROM presence");
    return new Map([...rows].map((r) => [r.agent_id, { state: r.state as PresenceState, away: r.away === 1, offlineDue: r.offline_due }]));
  }

  setPresence(agentId: string, state: PresenceState, away: boolean, offlineDue: number | null): void {
    this.sql.exec(
      `INSERT INTO presence (agent_id, state, away, offline_due) VALUES (?, ?, ?, ?)
       ON CONFLICT(agent_id) DO UPDATE SET state = excluded.state, away = excluded.away, offline_due = excluded.offline_due`,
      agentId, state, away ? 1 : 0, offlineDue,
    );
  }

  lastAssigned(): Map<string, number> {
    const rows = this.sql.exec<{ agent_id: string; last_assigned_at: number }>("SELECT * FROM rotation");
    return new Map([...rows].map((r) => [r.agent_id, r.last_assigned_at]));
  }

  recordAssignment(agentId: string, at: number): void {
    this.sql.exec("INSERT INTO rotation (agent_id, last_assigned_at) VALUES (?, ?) ON CONFLICT(agent_id) DO UPDATE SET last_assigned_at = excluded.last_assigned_at", agentId, at);
  }
}
