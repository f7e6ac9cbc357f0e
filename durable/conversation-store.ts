// SQLite storage of one conversation object: its state row, messages, early statuses, reporting events and notices.
// It answers the lookups a decision needs (`known`) and writes a Decision (`apply`) — the only place that writes.
// Synchronous on purpose: each call runs inside the object's input gate, so a check and its write cannot interleave.
import type { ContactSnapshot, ConversationStatus, MediaInfo, Message, MessageContext, MessageDirection, MessageKind, MessageStatus, Priority, Referral } from "../shared/model";
import { type CampaignSentHere, type Decision, displayContact, type EarlyStatus, type InternalState, type Known, type StateUpdate } from "./conversation-draft";
import type { ReportEvent } from "./projection";
import type { ConversationNotice } from "./workspace-api";
import { JOBS_SCHEMA } from "./job-queue";
import type { SlaClock } from "../shared/sla";
import { NO_SLA_WATCH, NO_SURVEY, type SlaWatch, type SurveyState } from "./cycle-state";
import { clockFromLegacy, type ReportClock } from "./report-clock";
import { addColumnIfMissing, migrateOnce } from "./sql-migrations";

/** Bump when SCHEMA, JOBS_SCHEMA or the column additions in migrate() change. */
const SCHEMA_VERSION = 5;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS conversation (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL,
  channel_id TEXT NOT NULL,
  phone_number_id TEXT NOT NULL,
  token_ref TEXT NOT NULL,
  contact TEXT NOT NULL,
  status TEXT NOT NULL,
  assignee_id TEXT,
  assignee_name TEXT,
  assigned_at INTEGER,
  team_id TEXT,
  priority TEXT NOT NULL DEFAULT 'normal',
  snoozed_until INTEGER,
  tag_ids TEXT NOT NULL DEFAULT '[]',
  participant_ids TEXT NOT NULL DEFAULT '[]',
  last_inbound_at INTEGER,
  last_message_at INTEGER,
  last_message_preview TEXT,
  last_message_kind TEXT,
  last_message_direction TEXT,
  unread_count INTEGER NOT NULL DEFAULT 0,
  -- the customer has been waiting for a human answer since (null when answered)
  waiting_since INTEGER,
  -- start of the current open cycle; first_response_done is read only to build report_clock for older objects
  cycle_started_at INTEGER NOT NULL,
  first_response_done INTEGER NOT NULL DEFAULT 0,
  -- what the reports measure in this cycle (durable/report-clock.ts)
  report_clock TEXT,
  -- this cycle's satisfaction survey (durable/csat-survey.ts)
  survey TEXT,
  -- the SLA clock due first (public) and the SLA watch (policies, what fired; durable/sla-watch.ts)
  sla TEXT,
  sla_watch TEXT,
  -- the customer opted out of marketing by keyword
  opted_out INTEGER NOT NULL DEFAULT 0,
  -- the last campaign message sent here (durable/campaign/campaign-message.ts)
  campaign TEXT,
  created_at INTEGER NOT NULL,
  seq INTEGER NOT NULL DEFAULT 0,
  updated_seq INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS messages (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  wamid TEXT UNIQUE,
  client_id TEXT UNIQUE,
  direction TEXT NOT NULL,
  kind TEXT NOT NULL,
  text TEXT,
  content TEXT,
  context TEXT,
  referral TEXT,
  media TEXT,
  status TEXT NOT NULL,
  error_code INTEGER,
  error_reason TEXT,
  author_id TEXT,
  author_name TEXT,
  sent_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_seq INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS messages_updated_seq_idx ON messages(updated_seq);
CREATE INDEX IF NOT EXISTS messages_sent_at_idx ON messages(sent_at, seq);
-- statuses that arrived before we knew their wamid (Meta does not order webhooks); applied on insert
CREATE TABLE IF NOT EXISTS early_statuses (
  wamid TEXT NOT NULL,
  status TEXT NOT NULL,
  at INTEGER NOT NULL,
  error_code INTEGER,
  error_reason TEXT,
  PRIMARY KEY (wamid, status)
);
-- reporting events not yet acknowledged by the workspace; handing over and dropping go by \`no\`, which AUTOINCREMENT
-- never reuses (a plain rowid restarts at 1 once the table is emptied, and a new event would hide behind the mark)
CREATE TABLE IF NOT EXISTS report_events (
  no INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  agent_id TEXT,
  at INTEGER NOT NULL,
  value INTEGER,
  data TEXT,
  team_id TEXT,
  channel_id TEXT,
  started_at INTEGER,
  wa_at INTEGER
);
-- what the workspace object must hear about besides the summary (route me, mention someone); removed once acknowledged
CREATE TABLE IF NOT EXISTS notices (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  payload TEXT NOT NULL
);
`;

type Row = Record<string, SqlStorageValue>;
const json = <T>(v: SqlStorageValue | undefined): T | null => (typeof v === "string" ? (JSON.parse(v) as T) : null);
const num = (v: SqlStorageValue | undefined): number | null => (v === null || v === undefined ? null : Number(v));
const strOrNull = (v: SqlStorageValue | undefined): string | null => (v === null || v === undefined ? null : String(v));
const encode = (value: unknown): SqlStorageValue =>
  typeof value === "boolean" ? Number(value) : value !== null && typeof value === "object" ? JSON.stringify(value) : (value as SqlStorageValue);

function toMessage(conversationId: string, r: Row): Message {
  return {
    id: String(r.id),
    conversationId,
    seq: Number(r.seq),
    updatedSeq: Number(r.updated_seq),
    direction: r.direction as MessageDirection,
    kind: r.kind as MessageKind,
    wamid: strOrNull(r.wamid),
    text: strOrNull(r.text),
    content: json(r.content),
    context: json<MessageContext>(r.context),
    referral: json<Referral>(r.referral),
    media: json<MediaInfo>(r.media),
    status: r.status as MessageStatus,
    errorCode: num(r.error_code),
    errorReason: strOrNull(r.error_reason),
    authorId: strOrNull(r.author_id),
    authorName: strOrNull(r.author_name),
    sentAt: Number(r.sent_at),
    createdAt: Number(r.created_at),
    clientId: strOrNull(r.client_id),
  };
}

function toState(r: Row): InternalState {
  const agentContactName = strOrNull(r.contact_name);
  const owned = { status: r.status as ConversationStatus, assigneeId: strOrNull(r.assignee_id), waitingSince: num(r.waiting_since) };
  const clock =
    json<ReportClock>(r.report_clock) ??
    clockFromLegacy({ ...owned, cycleStartedAt: Number(r.cycle_started_at), firstResponseDone: Number(r.first_response_done) === 1, assignedAt: num(r.assigned_at) });
  return {
    id: String(r.id),
    workspaceId: String(r.workspace_id),
    channelId: String(r.channel_id),
    phoneNumberId: String(r.phone_number_id),
    // Derived from the conversation id until a merge points it at another contact.
    contactId: r.contact_id === null || r.contact_id === undefined ? String(r.id).replace(/^cv_/, "ct_") : String(r.contact_id),
    contact: displayContact(json<ContactSnapshot>(r.contact)!, agentContactName),
    status: r.status as ConversationStatus,
    assigneeId: strOrNull(r.assignee_id),
    assigneeName: strOrNull(r.assignee_name),
    teamId: strOrNull(r.team_id),
    priority: r.priority as Priority,
    snoozedUntil: num(r.snoozed_until),
    tagIds: json<string[]>(r.tag_ids) ?? [],
    participantIds: json<string[]>(r.participant_ids) ?? [],
    waitingSince: num(r.waiting_since),
    lastInboundAt: num(r.last_inbound_at),
    lastMessageAt: num(r.last_message_at),
    lastMessagePreview: strOrNull(r.last_message_preview),
    lastMessageKind: strOrNull(r.last_message_kind) as MessageKind | null,
    lastMessageDirection: strOrNull(r.last_message_direction) as MessageDirection | null,
    unreadCount: Number(r.unread_count),
    createdAt: Number(r.created_at),
    seq: Number(r.seq),
    tokenRef: String(r.token_ref),
    assignedAt: num(r.assigned_at),
    cycleStartedAt: Number(r.cycle_started_at),
    clock,
    survey: json<SurveyState>(r.survey) ?? NO_SURVEY,
    sla: json<SlaClock>(r.sla),
    slaWatch: json<SlaWatch>(r.sla_watch) ?? NO_SLA_WATCH,
    optedOut: Number(r.opted_out ?? 0) === 1,
    campaign: json<CampaignSentHere>(r.campaign),
    updatedSeq: Number(r.updated_seq),
    agentContactName,
  };
}

const STATE_COLUMNS: Record<keyof StateUpdate, string> = {
  contact: "contact",
  contactId: "contact_id",
  agentContactName: "contact_name",
  status: "status",
  assigneeId: "assignee_id",
  assigneeName: "assignee_name",
  assignedAt: "assigned_at",
  teamId: "team_id",
  priority: "priority",
  snoozedUntil: "snoozed_until",
  tagIds: "tag_ids",
  participantIds: "participant_ids",
  lastInboundAt: "last_inbound_at",
  lastMessageAt: "last_message_at",
  lastMessagePreview: "last_message_preview",
  lastMessageKind: "last_message_kind",
  lastMessageDirection: "last_message_direction",
  unreadCount: "unread_count",
  waitingSince: "waiting_since",
  cycleStartedAt: "cycle_started_at",
  clock: "report_clock",
  survey: "survey",
  sla: "sla",
  slaWatch: "sla_watch",
  optedOut: "opted_out",
  campaign: "campaign",
};

const MESSAGE_COLUMNS = "seq, id, wamid, client_id, direction, kind, text, content, context, referral, media, status, author_id, author_name, sent_at, created_at, updated_seq";
// D1 and DO SQLite bind at most 100 parameters per statement.
const EVENTS_PER_INSERT = 10;

/** What the workspace acknowledged: dropped from this object's storage in its next transaction. */
export interface Handed {
  noticeId: number;
  eventNo: number;
}

export class ConversationStore {
  constructor(private readonly sql: SqlStorage) {}

  migrate(): void {
    migrateOnce(this.sql, SCHEMA_VERSION, () => {
      // Version 1 numbered events by rowid: rebuild the table around a never-reused number, keeping their order.
      const legacyEvents = this.sql.exec<{ name: string }>("PRAGMA table_info(report_events)").toArray();
      if (legacyEvents.length && !legacyEvents.some((c) => c.name === "no")) this.sql.exec("ALTER TABLE report_events RENAME TO report_events_v1");
      this.sql.exec(SCHEMA + JOBS_SCHEMA);
      if (legacyEvents.length && !legacyEvents.some((c) => c.name === "no")) {
        this.sql.exec(
          `INSERT INTO report_events (id, kind, agent_id, at, value, data)
           SELECT id, kind, agent_id, at, value, data FROM report_events_v1 ORDER BY rowid`,
        );
        this.sql.exec("DROP TABLE report_events_v1");
      }
      addColumnIfMissing(this.sql, "conversation", "contact_id", "TEXT");
      addColumnIfMissing(this.sql, "conversation", "contact_name", "TEXT");
      addColumnIfMissing(this.sql, "conversation", "report_clock", "TEXT");
      addColumnIfMissing(this.sql, "conversation", "survey", "TEXT");
      addColumnIfMissing(this.sql, "conversation", "sla", "TEXT");
      addColumnIfMissing(this.sql, "conversation", "sla_watch", "TEXT");
      addColumnIfMissing(this.sql, "conversation", "opted_out", "INTEGER NOT NULL DEFAULT 0");
      addColumnIfMissing(this.sql, "conversation", "campaign", "TEXT");
      for (const column of ["team_id TEXT", "channel_id TEXT", "started_at INTEGER", "wa_at INTEGER"]) {
        const [name, type] = column.split(" ") as [string, string];
        addColumnIfMissing(this.sql, "report_events", name, type);
      }
    });
  }

  load(): InternalState | null {
    const row = this.sql.exec<Row>("SELECT * FROM conversation LIMIT 1").toArray()[0];
    return row ? toState(row) : null;
  }

  /** The number's token ref changed (a rotation): the outbox sends with the new one. */
  setTokenRef(tokenRef: string): void {
    this.sql.exec("UPDATE conversation SET token_ref = ?", tokenRef);
  }

  /** The lookups a decision may make, answered by SQLite (inside the same transaction as the write). */
  known(state: InternalState | null): Known {
    const id = state?.id ?? "";
    return {
      state,
      message: (where) => this.message(id, where),
      earlyStatuses: (wamid) =>
        this.sql
          .exec<{ status: string; at: number; error_code: number | null; error_reason: string | null }>("SELECT status, at, error_code, error_reason FROM early_statuses WHERE wamid = ? ORDER BY at", wamid)
          .toArray()
          .map((r) => ({ wamid, status: r.status as MessageStatus, at: r.at, errorCode: r.error_code, errorReason: r.error_reason })),
      spokenAfter: (seq) => this.sql.exec("SELECT 1 FROM messages WHERE seq > ? AND direction IN ('in', 'out') LIMIT 1", seq).toArray().length > 0,
    };
  }

  /** Writes a decision. Call inside the object's transaction; throws (rolling it back) if storage disagrees. */
  apply(d: Decision): void {
    const state = d.state;
    if (d.created) {
      const c = d.created;
      this.sql.exec(
        `INSERT INTO conversation (id, workspace_id, channel_id, phone_number_id, token_ref, contact, status, cycle_started_at, created_at, report_clock)
         VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?, ?)`,
        c.id, c.workspaceId, c.channelId, c.phoneNumberId, c.tokenRef, JSON.stringify(c.contact), state!.createdAt, state!.createdAt, JSON.stringify(state!.clock),
      );
    }
    for (const m of d.inserts) {
      // The decision already ruled out duplicates; the unique indexes make sure of it.
      this.sql.exec(
        `INSERT INTO messages (${MESSAGE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        m.seq, m.id, m.wamid, m.clientId, m.direction, m.kind, m.text,
        m.content === undefined ? null : JSON.stringify(m.content),
        m.context ? JSON.stringify(m.context) : null,
        m.referral ? JSON.stringify(m.referral) : null,
        m.media ? JSON.stringify(m.media) : null,
        m.status, m.authorId, m.authorName, m.sentAt, m.createdAt, m.updatedSeq,
      );
    }
    for (const u of d.updates) {
      const sets = ["updated_seq = ?"];
      const values: SqlStorageValue[] = [u.seq];
      for (const [key, column] of [["status", "status"], ["wamid", "wamid"], ["errorCode", "error_code"], ["errorReason", "error_reason"], ["media", "media"]] as const) {
        if (u.patch[key] !== undefined) sets.push(`${column} = ?`), values.push(encode(u.patch[key]));
      }
      this.sql.exec(`UPDATE messages SET ${sets.join(", ")} WHERE id = ?`, ...values, u.id);
    }
    if (state && (d.created || Object.keys(d.stateChanges).length || d.inserts.length || d.updates.length)) {
      const sets = ["seq = ?", "updated_seq = ?"];
      const values: SqlStorageValue[] = [state.seq, state.updatedSeq];
      for (const [key, value] of Object.entries(d.stateChanges) as Array<[keyof StateUpdate, unknown]>) {
        sets.push(`${STATE_COLUMNS[key]} = ?`);
        values.push(encode(value));
      }
      this.sql.exec(`UPDATE conversation SET ${sets.join(", ")}`, ...values);
    }
    for (let i = 0; i < d.events.length; i += EVENTS_PER_INSERT) {
      const chunk = d.events.slice(i, i + EVENTS_PER_INSERT);
      this.sql.exec(
        `INSERT INTO report_events (id, kind, agent_id, at, value, data, team_id, channel_id, started_at, wa_at) VALUES ${chunk.map(() => "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)").join(", ")} ON CONFLICT DO NOTHING`,
        ...chunk.flatMap((e) => [e.id, e.kind, e.agentId, e.at, e.value, e.data === null ? null : JSON.stringify(e.data), e.teamId, e.channelId, e.startedAt, e.waAt]),
      );
    }
    for (const e of d.earlyKept) {
      this.sql.exec(
        "INSERT INTO early_statuses (wamid, status, at, error_code, error_reason) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        e.wamid, e.status, e.at, e.errorCode, e.errorReason,
      );
    }
    for (const wamid of d.earlyTaken) this.sql.exec("DELETE FROM early_statuses WHERE wamid = ?", wamid);
    for (const notice of d.notices) {
      // Only the newest routing request matters.
      if (notice.kind === "route") this.sql.exec("DELETE FROM notices WHERE kind = 'route'");
      this.sql.exec("INSERT INTO notices (kind, payload) VALUES (?, ?)", notice.kind, JSON.stringify(notice));
    }
  }

  /** What the workspace acknowledged is no longer owed (`dropped`: what an earlier call already deleted). */
  dropHanded(handed: Handed, dropped: Handed): void {
    if (handed.noticeId > dropped.noticeId) this.sql.exec("DELETE FROM notices WHERE id <= ?", handed.noticeId);
    if (handed.eventNo > dropped.eventNo) this.sql.exec("DELETE FROM report_events WHERE no <= ?", handed.eventNo);
  }

  message(conversationId: string, where: { id?: string; wamid?: string; clientId?: string }): Message | null {
    const [column, value] = where.id !== undefined ? ["id", where.id] : where.wamid !== undefined ? ["wamid", where.wamid] : ["client_id", where.clientId];
    const row = this.sql.exec<Row>(`SELECT * FROM messages WHERE ${column} = ?`, value ?? null).toArray()[0];
    return row ? toMessage(conversationId, row) : null;
  }

  /** Messages changed after `since`, oldest change first (for catch-up). */
  changedSince(conversationId: string, since: number, limit: number): Message[] {
    return this.sql
      .exec<Row>("SELECT * FROM messages WHERE updated_seq > ? ORDER BY updated_seq LIMIT ?", since, limit)
      .toArray()
      .map((r) => toMessage(conversationId, r));
  }

  /** A page of the history in display order (provider time, then arrival), newest page first. */
  page(conversationId: string, before: { sentAt: number; seq: number } | null, limit: number): { messages: Message[]; hasMore: boolean } {
    const rows = before
      ? this.sql
          .exec<Row>("SELECT * FROM messages WHERE (sent_at, seq) < (?, ?) ORDER BY sent_at DESC, seq DESC LIMIT ?", before.sentAt, before.seq, limit + 1)
          .toArray()
      : this.sql.exec<Row>("SELECT * FROM messages ORDER BY sent_at DESC, seq DESC LIMIT ?", limit + 1).toArray();
    const hasMore = rows.length > limit;
    return { messages: rows.slice(0, limit).reverse().map((r) => toMessage(conversationId, r)), hasMore };
  }

  lastInboundWamid(): string | null {
    const row = this.sql
      .exec<{ wamid: string }>("SELECT wamid FROM messages WHERE direction = 'in' AND wamid IS NOT NULL ORDER BY sent_at DESC, seq DESC LIMIT 1")
      .toArray()[0];
    return row?.wamid ?? null;
  }

  /** Reporting events not handed to the workspace object yet (after `afterRowid`), oldest first. */
  eventsAfter(state: InternalState, afterNo: number, limit: number): Array<ReportEvent & { no: number }> {
    return this.sql
      .exec<Row>("SELECT * FROM report_events WHERE no > ? ORDER BY no LIMIT ?", afterNo, limit)
      .toArray()
      .map((r) => ({
        no: Number(r.no),
        id: String(r.id),
        workspaceId: state.workspaceId,
        conversationId: state.id,
        kind: String(r.kind),
        agentId: strOrNull(r.agent_id),
        at: Number(r.at),
        value: num(r.value),
        data: json<Record<string, unknown>>(r.data),
        teamId: strOrNull(r.team_id),
        channelId: strOrNull(r.channel_id) ?? state.channelId,
        startedAt: num(r.started_at),
        waAt: num(r.wa_at),
      }));
  }

  /**
   * What a bot turn reads: the newest message seq, the customer's words since the last answer (joined) and the
   * conversation before them (texts only, oldest first).
   */
  botInput(historyLimit = 12): { afterSeq: number; question: string; history: Array<{ direction: "in" | "out"; text: string }> } {
    const rows = this.sql
      .exec<{ seq: number; direction: "in" | "out"; text: string | null }>(
        "SELECT seq, direction, text FROM messages WHERE direction IN ('in', 'out') ORDER BY seq DESC LIMIT ?",
        historyLimit + 10,
      )
      .toArray();
    const afterSeq = Number(this.sql.exec<{ seq: number | null }>("SELECT MAX(seq) AS seq FROM messages").one().seq ?? 0);
    const lastOut = rows.findIndex((r) => r.direction === "out");
    const asked = (lastOut < 0 ? rows : rows.slice(0, lastOut)).reverse();
    const before = (lastOut < 0 ? [] : rows.slice(lastOut)).reverse();
    return {
      afterSeq,
      question: asked.map((r) => r.text ?? "").filter(Boolean).join("\n"),
      history: before.filter((r) => r.text).slice(-historyLimit).map((r) => ({ direction: r.direction, text: r.text! })),
    };
  }

  /** Every message and note after `afterSeq`, oldest first (exports). */
  messagesAfter(conversationId: string, afterSeq: number, limit: number): Message[] {
    return this.sql.exec<Row>("SELECT * FROM messages WHERE seq > ? ORDER BY seq LIMIT ?", afterSeq, limit).toArray().map((r) => toMessage(conversationId, r));
  }

  messageCount(): number {
    return Number(this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM messages").one().n);
  }

  /** R2 keys the messages point at (uploads and copies of WhatsApp media). */
  mediaKeys(): string[] {
    return this.sql
      .exec<{ key: string | null }>("SELECT json_extract(media, '$.storageKey') AS key FROM messages WHERE media IS NOT NULL")
      .toArray()
      .flatMap((r) => (r.key ? [r.key] : []));
  }

  /**
   * Retention: the messages go, and with them the preview (message text) the list shows; seq moves on so the
   * workspace and D1 take the new summary. Not a Decision: the decision layer never deletes history.
   */
  purgeMessages(): void {
    this.sql.exec("DELETE FROM messages");
    this.sql.exec("DELETE FROM early_statuses");
    this.sql.exec("UPDATE conversation SET last_message_preview = NULL, last_message_kind = NULL, seq = seq + 1, updated_seq = seq + 1");
  }

  noticesAfter(afterId: number): Array<{ id: number; notice: ConversationNotice }> {
    return this.sql
      .exec<{ id: number; payload: string }>("SELECT id, payload FROM notices WHERE id > ? ORDER BY id", afterId)
      .toArray()
      .map((r) => ({ id: r.id, notice: JSON.parse(r.payload) as ConversationNotice }));
  }

}

export type { EarlyStatus };
