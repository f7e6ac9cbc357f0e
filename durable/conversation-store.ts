// SQLite storage of one conversation object: its state row, its messages, early statuses and reporting events.
// Synchronous on purpose: each call runs inside the object's input gate, so a check and its write cannot interleave.
import type {
  ContactSnapshot,
  ConversationState,
  ConversationStatus,
  MediaInfo,
  Message,
  MessageContext,
  MessageDirection,
  MessageKind,
  MessageStatus,
  Priority,
  Referral,
} from "../shared/model";
import type { ReportEvent } from "./projection";
import type { ConversationNotice } from "./workspace-api";
import { JOBS_SCHEMA } from "./job-queue";
import { addColumnIfMissing, migrateOnce } from "./sql-migrations";

/** Bump when SCHEMA, JOBS_SCHEMA or the column additions in migrate() change. */
const SCHEMA_VERSION = 1;

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
  -- start of the current open cycle, and whether it already had its first response
  cycle_started_at INTEGER NOT NULL,
  first_response_done INTEGER NOT NULL DEFAULT 0,
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
CREATE TABLE IF NOT EXISTS report_events (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  agent_id TEXT,
  at INTEGER NOT NULL,
  value INTEGER,
  data TEXT,
  exported INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS report_events_exported_idx ON report_events(exported);
-- what the workspace object must hear about besides the summary (route me, mention someone); removed once acknowledged
CREATE TABLE IF NOT EXISTS notices (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  payload TEXT NOT NULL
);
`;

type Row = Record<string, SqlStorageValue>;
const json = <T>(v: SqlStorageValue): T | null => (typeof v === "string" ? (JSON.parse(v) as T) : null);
const num = (v: SqlStorageValue): number | null => (v === null ? null : Number(v));
const strOrNull = (v: SqlStorageValue): string | null => (v === null ? null : String(v));

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


function withDisplayName(contact: ContactSnapshot, agentGivenName: string | null): ContactSnapshot {
  return agentGivenName ? { ...contact, name: agentGivenName, profileName: contact.name } : contact;
}

/** Internal fields the API does not expose. */
export interface ConversationInternals {
  tokenRef: string;
  assignedAt: number | null;
  cycleStartedAt: number;
  firstResponseDone: boolean;
  updatedSeq: number;
}

function toState(r: Row): ConversationState & ConversationInternals {
  return {
    id: String(r.id),
    workspaceId: String(r.workspace_id),
    channelId: String(r.channel_id),
    phoneNumberId: String(r.phone_number_id),
    // Derived from the conversation id until a merge points it at another contact.
    contactId: r.contact_id === null || r.contact_id === undefined ? String(r.id).replace(/^cv_/, "ct_") : String(r.contact_id),
    contact: withDisplayName(json<ContactSnapshot>(r.contact)!, strOrNull(r.contact_name ?? null)),
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
    firstResponseDone: Number(r.first_response_done) === 1,
    updatedSeq: Number(r.updated_seq),
  };
}

/** Public view of the state (drops internals before it goes to a client). */
export function publicState(s: ConversationState & Partial<ConversationInternals>): ConversationState {
  const { tokenRef: _t, assignedAt: _a, cycleStartedAt: _c, firstResponseDone: _f, updatedSeq: _u, ...state } = s;
  return state;
}

export interface NewMessage {
  id: string;
  wamid: string | null;
  clientId: string | null;
  direction: MessageDirection;
  kind: MessageKind;
  text: string | null;
  content: unknown;
  context: MessageContext | null;
  referral: Referral | null;
  media: MediaInfo | null;
  status: MessageStatus;
  authorId: string | null;
  authorName: string | null;
  sentAt: number;
}

export interface ConversationInit {
  id: string;
  workspaceId: string;
  channelId: string;
  phoneNumberId: string;
  tokenRef: string;
  contact: ContactSnapshot;
}

export type StateUpdate = Partial<{
  contact: ContactSnapshot;
  contactId: string;
  /** A name an agent gave the contact (null: back to the WhatsApp profile name). */
  contactName: string | null;
  status: ConversationStatus;
  assigneeId: string | null;
  assigneeName: string | null;
  assignedAt: number | null;
  teamId: string | null;
  priority: Priority;
  snoozedUntil: number | null;
  tagIds: string[];
  participantIds: string[];
  lastInboundAt: number | null;
  lastMessageAt: number | null;
  lastMessagePreview: string | null;
  lastMessageKind: MessageKind | null;
  lastMessageDirection: MessageDirection | null;
  unreadCount: number;
  waitingSince: number | null;
  cycleStartedAt: number;
  firstResponseDone: boolean;
}>;

const STATE_COLUMNS: Record<keyof StateUpdate, string> = {
  contact: "contact",
  contactId: "contact_id",
  contactName: "contact_name",
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
  firstResponseDone: "first_response_done",
};

export class ConversationStore {
  constructor(private readonly sql: SqlStorage) {}

  migrate(): void {
    migrateOnce(this.sql, SCHEMA_VERSION, () => {
      this.sql.exec(SCHEMA + JOBS_SCHEMA);
      addColumnIfMissing(this.sql, "conversation", "contact_id", "TEXT");
      addColumnIfMissing(this.sql, "conversation", "contact_name", "TEXT");
    });
  }

  /** The state row, read once per change: every write below forgets it, and so does the end of a transaction. */
  #state: (ConversationState & ConversationInternals) | null | undefined = undefined;

  state(): (ConversationState & ConversationInternals) | null {
    if (this.#state === undefined) {
      const row = this.sql.exec<Row>("SELECT * FROM conversation LIMIT 1").toArray()[0];
      this.#state = row ? toState(row) : null;
    }
    return this.#state;
  }

  /** Drop the cached state (after a transaction, committed or rolled back). */
  forget(): void {
    this.#state = undefined;
  }

  create(init: ConversationInit, now: number): void {
    this.#state = undefined;
    this.sql.exec(
      `INSERT INTO conversation (id, workspace_id, channel_id, phone_number_id, token_ref, contact, status, cycle_started_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?) ON CONFLICT(id) DO NOTHING`,
      init.id, init.workspaceId, init.channelId, init.phoneNumberId, init.tokenRef, JSON.stringify(init.contact), now, now,
    );
  }

  /** Takes the next sequence number for a change. */
  nextSeq(): number {
    this.#state = undefined;
    return this.sql.exec<{ seq: number }>("UPDATE conversation SET seq = seq + 1 RETURNING seq").one().seq;
  }

  /** Applies a state change and stamps it with a new sequence number (one frame for clients). */
  updateState(update: StateUpdate): number {
    const seq = this.nextSeq();
    this.#state = undefined;
    const sets: string[] = ["updated_seq = ?"];
    const values: SqlStorageValue[] = [seq];
    for (const [key, value] of Object.entries(update) as Array<[keyof StateUpdate, unknown]>) {
      sets.push(`${STATE_COLUMNS[key]} = ?`);
      const encoded = typeof value === "boolean" ? Number(value) : value !== null && typeof value === "object" ? JSON.stringify(value) : value;
      values.push(encoded as SqlStorageValue);
    }
    this.sql.exec(`UPDATE conversation SET ${sets.join(", ")}`, ...values);
    return seq;
  }

  /**
   * Inserts a message exactly once: a repeated wamid or clientId is a no-op (the unique index decides, inside
   * the transaction — never a check-then-insert). Returns the stored message, or null for a duplicate.
   */
  insertMessage(conversationId: string, m: NewMessage, now: number): Message | null {
    // The sequence number is taken inside the INSERT and only committed to the conversation when a row was written.
    const rows = this.sql
      .exec<Row>(
        `INSERT INTO messages (seq, id, wamid, client_id, direction, kind, text, content, context, referral, media,
           status, author_id, author_name, sent_at, created_at, updated_seq)
         SELECT seq + 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, seq + 1 FROM conversation WHERE true
         ON CONFLICT DO NOTHING RETURNING *`,
        m.id, m.wamid, m.clientId, m.direction, m.kind, m.text,
        m.content === undefined ? null : JSON.stringify(m.content),
        m.context ? JSON.stringify(m.context) : null,
        m.referral ? JSON.stringify(m.referral) : null,
        m.media ? JSON.stringify(m.media) : null,
        m.status, m.authorId, m.authorName, m.sentAt, now,
      )
      .toArray();
    if (!rows[0]) return null;
    this.#state = undefined;
    this.sql.exec("UPDATE conversation SET seq = ?", rows[0].seq);
    return toMessage(conversationId, rows[0]);
  }

  message(conversationId: string, where: { id?: string; wamid?: string; clientId?: string }): Message | null {
    const [column, value] = where.id ? ["id", where.id] : where.wamid ? ["wamid", where.wamid] : ["client_id", where.clientId];
    const row = this.sql.exec<Row>(`SELECT * FROM messages WHERE ${column} = ?`, value ?? null).toArray()[0];
    return row ? toMessage(conversationId, row) : null;
  }

  /** Changes a message and stamps it with a new sequence number. */
  updateMessage(
    conversationId: string,
    id: string,
    patch: Partial<{ status: MessageStatus; wamid: string; errorCode: number | null; errorReason: string | null; media: MediaInfo }>,
  ): Message {
    const seq = this.nextSeq();
    const sets = ["updated_seq = ?"];
    const values: SqlStorageValue[] = [seq];
    if (patch.status !== undefined) sets.push("status = ?"), values.push(patch.status);
    if (patch.wamid !== undefined) sets.push("wamid = ?"), values.push(patch.wamid);
    if (patch.errorCode !== undefined) sets.push("error_code = ?"), values.push(patch.errorCode);
    if (patch.errorReason !== undefined) sets.push("error_reason = ?"), values.push(patch.errorReason);
    if (patch.media !== undefined) sets.push("media = ?"), values.push(JSON.stringify(patch.media));
    const row = this.sql.exec<Row>(`UPDATE messages SET ${sets.join(", ")} WHERE id = ? RETURNING *`, ...values, id).one();
    return toMessage(conversationId, row);
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
          .exec<Row>(
            "SELECT * FROM messages WHERE (sent_at, seq) < (?, ?) ORDER BY sent_at DESC, seq DESC LIMIT ?",
            before.sentAt, before.seq, limit + 1,
          )
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

  keepEarlyStatus(wamid: string, status: MessageStatus, at: number, errorCode: number | null, errorReason: string | null): void {
    this.sql.exec(
      "INSERT INTO early_statuses (wamid, status, at, error_code, error_reason) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
      wamid, status, at, errorCode, errorReason,
    );
  }

  /** Removes and returns the statuses that were waiting for this wamid, oldest first. */
  takeEarlyStatuses(wamid: string): Array<{ status: MessageStatus; errorCode: number | null; errorReason: string | null }> {
    const rows = this.sql
      .exec<{ status: string; error_code: number | null; error_reason: string | null }>(
        "DELETE FROM early_statuses WHERE wamid = ? RETURNING status, error_code, error_reason, at",
        wamid,
      )
      .toArray();
    return rows.map((r) => ({ status: r.status as MessageStatus, errorCode: r.error_code, errorReason: r.error_reason }));
  }

  addReportEvent(id: string, kind: string, at: number, agentId: string | null, value: number | null, data: unknown): void {
    this.sql.exec(
      "INSERT INTO report_events (id, kind, agent_id, at, value, data) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
      id, kind, agentId, at, value, data === null ? null : JSON.stringify(data),
    );
  }

  /** Reporting events not yet handed to the workspace object, oldest first. */
  unexportedEvents(limit: number): ReportEvent[] {
    const state = this.state();
    if (!state) return [];
    return this.sql
      .exec<Row>("SELECT * FROM report_events WHERE exported = 0 ORDER BY at LIMIT ?", limit)
      .toArray()
      .map((r) => ({
        id: String(r.id),
        workspaceId: state.workspaceId,
        conversationId: state.id,
        kind: String(r.kind),
        agentId: strOrNull(r.agent_id),
        at: Number(r.at),
        value: num(r.value),
        data: json<Record<string, unknown>>(r.data),
      }));
  }

  markExported(ids: string[]): void {
    for (const id of ids) this.sql.exec("UPDATE report_events SET exported = 1 WHERE id = ?", id);
  }

  addNotice(notice: ConversationNotice): void {
    // Only the newest routing request matters.
    if (notice.kind === "route") this.sql.exec("DELETE FROM notices WHERE kind = 'route'");
    this.sql.exec("INSERT INTO notices (kind, payload) VALUES (?, ?)", notice.kind, JSON.stringify(notice));
  }

  notices(): Array<{ id: number; notice: ConversationNotice }> {
    return this.sql
      .exec<{ id: number; payload: string }>("SELECT id, payload FROM notices ORDER BY id")
      .toArray()
      .map((r) => ({ id: r.id, notice: JSON.parse(r.payload) as ConversationNotice }));
  }

  dropNotices(upToId: number): void {
    this.sql.exec("DELETE FROM notices WHERE id <= ?", upToId);
  }

  messageCount(): number {
    return this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM messages").one().n;
  }
}
