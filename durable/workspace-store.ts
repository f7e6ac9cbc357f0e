// SQLite storage of the workspace object: its view of every conversation (fed by their notifications), the
// routing queue, presence and round-robin rotation. Survives restarts, so the queue and timers are never lost.
// A relay's whole batch is written in a couple of statements (rows passed as one JSON array, read with json_each).
import type { ConversationSummary } from "../shared/model";
import type { PresenceState } from "../shared/protocol";
import type { ConversationRecord, ReportEvent } from "./projection";
import { addColumnIfMissing, migrateOnce } from "./sql-migrations";

/** Bump when SCHEMA or the column additions in migrate() change. */
const SCHEMA_VERSION = 6;
import type { ConversationNotice, ConversationUpdate, ProjectionReject } from "./workspace-api";
import type { ActiveEntry } from "./workspace/active-index";

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
-- how far time-based sweeps got (e.g. 24-hour windows reported as closed up to this instant)
CREATE TABLE IF NOT EXISTS marks (
  name TEXT PRIMARY KEY,
  at INTEGER NOT NULL
);
-- rows D1 rejected for good (a constraint or type error): set aside so the rest of the projection keeps flowing
CREATE TABLE IF NOT EXISTS projection_rejects (
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  version INTEGER,
  payload TEXT NOT NULL,
  error TEXT NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (kind, id)
);
-- conversations erased (data rights), with when: an update from before that moment (a notification that was
-- already on its way) is ignored; one created after it (the customer wrote again) is a new conversation
CREATE TABLE IF NOT EXISTS erased (
  id TEXT PRIMARY KEY,
  at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS rotation (
  agent_id TEXT PRIMARY KEY,
  last_assigned_at INTEGER NOT NULL
);
`;

/** A conversation the D1 projection owes, and what D1 last got for its contact and tags. */
export interface OwedRecord extends ConversationRecord {
  version: number;
  contactJson: string;
  tagsJson: string;
  contactChanged: boolean;
  tagsChanged: boolean;
}

/** How many rejected rows are kept (the newest). */
const MAX_REJECTS = 500;

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
      // What D1 last got for the contact and the tags, so unchanged ones are not written again.
      addColumnIfMissing(this.sql, "conversations", "projected_contact", "TEXT");
      addColumnIfMissing(this.sql, "conversations", "projected_tags", "TEXT");
    });
  }

  /**
   * Applies every summary newer than what we have, in one statement; returns the ids that were applied (a stale
   * one, overtaken by a newer version already here, is not).
   */
  upsertBatch(updates: ConversationUpdate[], now: number): Set<string> {
    if (!updates.length) return new Set();
    const rows = updates.map(({ summary, assignedAt, createdAt, contact }) => ({
      summary,
      assignedAt,
      queuedAt: summary.status === "open" && summary.assigneeId === null ? summary.waitingSince ?? now : null,
      participants: summary.participantIds ?? [],
      createdAt,
      contact,
    }));
    const applied = this.sql
      .exec<{ id: string }>(
        `INSERT INTO conversations (id, version, status, assignee_id, team_id, channel_id, priority, waiting_since, assigned_at, queued_at, summary, updated_at, participant_ids, created_at, contact)
         SELECT json_extract(value, '$.summary.id'), json_extract(value, '$.summary.version'), json_extract(value, '$.summary.status'),
           json_extract(value, '$.summary.assigneeId'), json_extract(value, '$.summary.teamId'), json_extract(value, '$.summary.channelId'),
           json_extract(value, '$.summary.priority'), json_extract(value, '$.summary.waitingSince'), json_extract(value, '$.assignedAt'),
           json_extract(value, '$.queuedAt'), json_extract(value, '$.summary'), ?2, json_extract(value, '$.participants'),
           json_extract(value, '$.createdAt'), json_extract(value, '$.contact')
         FROM json_each(?1) WHERE true
         ON CONFLICT(id) DO UPDATE SET version = excluded.version, status = excluded.status, assignee_id = excluded.assignee_id,
           team_id = excluded.team_id, channel_id = excluded.channel_id, priority = excluded.priority,
           waiting_since = excluded.waiting_since, assigned_at = excluded.assigned_at, summary = excluded.summary,
           updated_at = excluded.updated_at, participant_ids = excluded.participant_ids, created_at = excluded.created_at,
           contact = excluded.contact,
           queued_at = CASE WHEN excluded.queued_at IS NOT NULL THEN coalesce(conversations.queued_at, excluded.queued_at) END
         WHERE excluded.version > conversations.version
         RETURNING id`,
        JSON.stringify(rows), now,
      )
      .toArray();
    return new Set(applied.map((r) => r.id));
  }

  /** Drops every trace of these conversations (rows, owed events, set-aside rejects) and remembers when. */
  forget(ids: string[], at: number): void {
    const list = JSON.stringify(ids);
    this.sql.exec("DELETE FROM conversations WHERE id IN (SELECT value FROM json_each(?))", list);
    this.sql.exec("DELETE FROM pending_events WHERE json_extract(event, '$.conversationId') IN (SELECT value FROM json_each(?))", list);
    this.sql.exec("DELETE FROM projection_rejects WHERE id IN (SELECT value FROM json_each(?1)) OR json_extract(payload, '$.summary.id') IN (SELECT value FROM json_each(?1)) OR json_extract(payload, '$.conversationId') IN (SELECT value FROM json_each(?1))", list);
    this.sql.exec("INSERT INTO erased (id, at) SELECT value, ? FROM json_each(?) WHERE true ON CONFLICT (id) DO UPDATE SET at = excluded.at", at, list);
  }

  /** Updates that describe an erased conversation as it was before its erasure (the rest pass). */
  withoutErased(updates: ConversationUpdate[]): ConversationUpdate[] {
    if (!updates.length) return updates;
    const erased = new Map(
      this.sql
        .exec<{ id: string; at: number }>("SELECT id, at FROM erased WHERE id IN (SELECT value FROM json_each(?))", JSON.stringify(updates.map((u) => u.summary.id)))
        .toArray()
        .map((r) => [r.id, Number(r.at)]),
    );
    return erased.size ? updates.filter((u) => !(u.createdAt <= (erased.get(u.summary.id) ?? -Infinity))) : updates;
  }

  addEvents(events: ReportEvent[]): void {
    if (!events.length) return;
    this.sql.exec(
      "INSERT INTO pending_events (id, event) SELECT json_extract(value, '$.id'), value FROM json_each(?) WHERE true ON CONFLICT DO NOTHING",
      JSON.stringify(events),
    );
  }

  /** Open and snoozed conversations' routing facts: the workspace object keeps them in memory (ActiveIndex). */
  mark(name: string): number | null {
    const row = this.sql.exec<{ at: number }>("SELECT at FROM marks WHERE name = ?", name).toArray()[0];
    return row ? Number(row.at) : null;
  }

  setMark(name: string, at: number): void {
    this.sql.exec("INSERT INTO marks (name, at) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET at = excluded.at", name, at);
  }

  activeRows(): ActiveEntry[] {
    return this.sql
      .exec<Row>(
        `SELECT id, status, assignee_id, team_id, participant_ids, waiting_since, assigned_at, channel_id,
           json_extract(summary, '$.contactName') AS contact_name, json_extract(summary, '$.lastInboundAt') AS last_inbound_at,
           json_extract(summary, '$.workspaceId') AS workspace_id
         FROM conversations WHERE status IN ('open', 'snoozed')`,
      )
      .toArray()
      .map((r) => ({
        id: String(r.id),
        workspaceId: String(r.workspace_id),
        status: r.status === "open" ? "open" : "snoozed",
        assigneeId: r.assignee_id === null ? null : String(r.assignee_id),
        teamId: r.team_id === null ? null : String(r.team_id),
        participantIds: JSON.parse(String(r.participant_ids ?? "[]")) as string[],
        waitingSince: r.waiting_since === null ? null : Number(r.waiting_since),
        assignedAt: r.assigned_at === null ? null : Number(r.assigned_at),
        contactName: r.contact_name === null ? null : String(r.contact_name),
        channelId: String(r.channel_id),
        lastInboundAt: r.last_inbound_at === null ? null : Number(r.last_inbound_at),
      }));
  }

  /**
   * What the D1 projection still owes: conversations whose newest version is not in D1 (with whether their contact
   * and tags differ from what D1 last got), and events.
   */
  unprojected(limit: number, eventLimit: number): { records: OwedRecord[]; events: ReportEvent[] } {
    const rows = this.sql
      .exec<{ summary: string; created_at: number; contact: string | null; version: number; projected_contact: string | null; projected_tags: string | null; tags: string }>(
        `SELECT summary, created_at, contact, version, projected_contact, projected_tags, json_extract(summary, '$.tagIds') AS tags
         FROM conversations WHERE projected_version < version AND contact IS NOT NULL LIMIT ?`,
        limit,
      )
      .toArray();
    const events = eventLimit > 0 ? this.sql.exec<{ event: string }>("SELECT event FROM pending_events LIMIT ?", eventLimit).toArray() : [];
    return {
      records: rows.map((r) => ({
        summary: JSON.parse(r.summary),
        createdAt: r.created_at,
        contact: JSON.parse(r.contact!),
        version: r.version,
        contactJson: r.contact!,
        tagsJson: r.tags,
        contactChanged: r.projected_contact !== r.contact,
        tagsChanged: r.projected_tags !== r.tags,
      })),
      events: events.map((e) => JSON.parse(e.event) as ReportEvent),
    };
  }

  /** Records what D1 now has (in one transaction, by the caller). */
  markProjected(records: OwedRecord[], eventIds: string[]): void {
    if (records.length) {
      this.sql.exec(
        `UPDATE conversations SET projected_version = MAX(projected_version, json_extract(value, '$.version')),
           projected_contact = json_extract(value, '$.contact'), projected_tags = json_extract(value, '$.tags')
         FROM json_each(?) WHERE conversations.id = json_extract(value, '$.id')`,
        JSON.stringify(records.map((r) => ({ id: r.summary.id, version: r.version, contact: r.contactJson, tags: r.tagsJson }))),
      );
    }
    if (eventIds.length) this.sql.exec("DELETE FROM pending_events WHERE id IN (SELECT value FROM json_each(?))", JSON.stringify(eventIds));
  }

  /**
   * D1 rejected this conversation version or event for good: keep it here with the error, and stop owing it (a newer
   * version of the conversation is owed again as usual). Only the newest rejects are kept.
   */
  setAside(item: { record: OwedRecord } | { event: ReportEvent }, error: string, now: number): void {
    if ("record" in item) {
      const { record } = item;
      this.sql.exec(
        "INSERT OR REPLACE INTO projection_rejects (kind, id, version, payload, error, at) VALUES ('conversation', ?, ?, ?, ?, ?)",
        record.summary.id, record.version, JSON.stringify({ summary: record.summary, createdAt: record.createdAt, contact: record.contact }), error, now,
      );
      this.markProjected([record], []);
    } else {
      this.sql.exec("INSERT OR REPLACE INTO projection_rejects (kind, id, version, payload, error, at) VALUES ('event', ?, NULL, ?, ?, ?)", item.event.id, JSON.stringify(item.event), error, now);
      this.markProjected([], [item.event.id]);
    }
    this.sql.exec(`DELETE FROM projection_rejects WHERE rowid NOT IN (SELECT rowid FROM projection_rejects ORDER BY at DESC LIMIT ${MAX_REJECTS})`);
  }

  /** What D1 rejected, newest first. */
  projectionRejects(limit = 100): ProjectionReject[] {
    return this.sql
      .exec<{ kind: string; id: string; version: number | null; payload: string; error: string; at: number }>(
        "SELECT kind, id, version, payload, error, at FROM projection_rejects ORDER BY at DESC LIMIT ?",
        limit,
      )
      .toArray()
      .map((r) => ({ kind: r.kind === "event" ? "event" : "conversation", id: r.id, version: r.version, error: r.error, at: r.at, payload: r.payload }));
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

  hasPendingRoutes(): boolean {
    return this.sql.exec("SELECT 1 FROM conversations WHERE pending_route IS NOT NULL LIMIT 1").toArray().length > 0;
  }

  /** What the router must know right after assigning, before the conversation's own notification arrives. */
  markAssigned(id: string, agentId: string, now: number): void {
    this.sql.exec("UPDATE conversations SET assignee_id = ?, assigned_at = ?, queued_at = NULL WHERE id = ?", agentId, now, id);
  }

  /** A rule moved it to a team: route it as such right away, before its own notification arrives. */
  markTeam(id: string, teamId: string): void {
    this.sql.exec("UPDATE conversations SET team_id = ? WHERE id = ?", teamId, id);
  }

  openOwnedBy(agentId: string): MirrorRow[] {
    return this.sql.exec<Row>("SELECT * FROM conversations WHERE assignee_id = ? AND status IN ('open', 'snoozed')", agentId).toArray().map(toMirror);
  }

  // ---- presence and rotation ----

  /** The earliest end of an offline grace period. */
  nextOfflineDue(): number | null {
    return this.sql.exec<{ t: number | null }>("SELECT MIN(offline_due) AS t FROM presence").one().t;
  }

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
