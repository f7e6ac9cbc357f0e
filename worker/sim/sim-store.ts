// The simulator's durable state in its Durable Object's SQLite: config, the sent log with its statuses,
// mark-reads, customers' inbound messages (the 24 h window), queued faults, rate-limit buckets and webhook jobs.
import type { Pricing } from "./webhook-builder";
import { DEFAULT_CONFIG, type FaultBody, type FaultTarget, type SentLogView, type SimConfig, type StatusName } from "./sim-schema";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS sim_config (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sim_sent (seq INTEGER PRIMARY KEY AUTOINCREMENT, wamid TEXT NOT NULL UNIQUE, phone_number_id TEXT NOT NULL,
  to_key TEXT NOT NULL, type TEXT NOT NULL, body TEXT NOT NULL, at INTEGER NOT NULL, callback_data TEXT);
CREATE INDEX IF NOT EXISTS sim_sent_to ON sim_sent (to_key, phone_number_id);
CREATE TABLE IF NOT EXISTS sim_statuses (id INTEGER PRIMARY KEY AUTOINCREMENT, wamid TEXT NOT NULL, status TEXT NOT NULL,
  at INTEGER NOT NULL, error_code INTEGER);
CREATE INDEX IF NOT EXISTS sim_statuses_wamid ON sim_statuses (wamid);
CREATE TABLE IF NOT EXISTS sim_reads (id INTEGER PRIMARY KEY AUTOINCREMENT, phone_number_id TEXT NOT NULL, message_id TEXT NOT NULL,
  at INTEGER NOT NULL, typing INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS sim_inbound (wamid TEXT PRIMARY KEY, phone_number_id TEXT NOT NULL, wa_id TEXT, user_id TEXT, sent_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS sim_inbound_wa ON sim_inbound (phone_number_id, wa_id);
CREATE INDEX IF NOT EXISTS sim_inbound_user ON sim_inbound (phone_number_id, user_id);
CREATE TABLE IF NOT EXISTS sim_faults (id INTEGER PRIMARY KEY AUTOINCREMENT, target TEXT NOT NULL, code INTEGER NOT NULL,
  remaining INTEGER NOT NULL, http_status INTEGER, mode TEXT, delay_ms INTEGER);
CREATE TABLE IF NOT EXISTS sim_buckets (key TEXT PRIMARY KEY, tokens REAL NOT NULL, at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS sim_jobs (id INTEGER PRIMARY KEY AUTOINCREMENT, due_at INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
  phone_number_id TEXT NOT NULL, payload TEXT NOT NULL, last_error TEXT);
CREATE INDEX IF NOT EXISTS sim_jobs_due ON sim_jobs (due_at, id);
CREATE TABLE IF NOT EXISTS sim_webhooks (id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, answer INTEGER NOT NULL, payload TEXT NOT NULL);
`;

/** Pushed webhooks kept for inspection (GET /__sim/webhooks); older ones are dropped. */
const WEBHOOK_LOG_SIZE = 200;

const TABLES = ["sim_config", "sim_sent", "sim_statuses", "sim_reads", "sim_inbound", "sim_faults", "sim_buckets", "sim_jobs", "sim_webhooks"];

export interface Fault {
  id: number;
  target: FaultTarget;
  code: number;
  httpStatus: number | null;
  mode: "sync" | "async" | "timeout" | null;
  delayMs: number | null;
}

export interface SentRow {
  wamid: string;
  phoneNumberId: string;
  /** The recipient's wa_id (digits) or, when sent to a BSUID, the BSUID. */
  toKey: string;
  type: string;
  body: unknown;
  at: number;
  callbackData: string | null;
}

/** A webhook waiting to be pushed (or pushed again after the Worker refused it). */
export interface Job<P extends JobPayload = JobPayload> {
  id: number;
  dueAt: number;
  attempts: number;
  /** The number a status is about; the WABA for template webhooks. */
  phoneNumberId: string;
  payload: P;
}
export type StatusJob = Job<StatusJobPayload>;
export type TemplateJob = Job<TemplateJobPayload>;

export interface StatusJobPayload {
  wamid: string;
  status: StatusName;
  /** Unix seconds the event "happened"; fixed at scheduling so retries resend the same body. */
  timestamp: number;
  errorCode?: number;
  /** Meta's `pricing` object, on `sent` and `delivered`. */
  pricing?: Pricing;
}

/** A WABA-level template webhook (meta-api.md §11.2), its body fixed when scheduled so retries resend it. */
export interface TemplateJobPayload {
  kind: "template";
  field: "message_template_status_update" | "message_template_quality_update";
  value: Record<string, unknown>;
  /** Unix seconds, `entry[].time`. */
  timestamp: number;
  /** The review's decision, applied when the job first runs if the template is still PENDING. */
  review?: { templateId: string; status: "APPROVED" | "REJECTED"; reason: string };
}

export type JobPayload = StatusJobPayload | TemplateJobPayload;

export const isTemplateJob = (job: Job): job is TemplateJob => "kind" in job.payload && job.payload.kind === "template";

type Row = Record<string, SqlStorageValue>;

export class SimStore {
  constructor(private readonly sql: SqlStorage) {
    sql.exec(SCHEMA);
  }

  reset(): void {
    for (const table of TABLES) this.sql.exec(`DELETE FROM ${table}`);
  }

  config(): SimConfig {
    const row = this.sql.exec<{ value: string }>("SELECT value FROM sim_config WHERE key = 'config'").toArray()[0];
    // Defaults first: a config stored by an older simulator lacks the newer keys.
    return row ? { ...DEFAULT_CONFIG, ...(JSON.parse(row.value) as Partial<SimConfig>) } : DEFAULT_CONFIG;
  }

  setConfig(config: SimConfig): void {
    this.sql.exec("INSERT OR REPLACE INTO sim_config (key, value) VALUES ('config', ?)", JSON.stringify(config));
  }

  // ---------- sends, statuses, reads ----------

  recordSend(row: SentRow): void {
    this.sql.exec(
      "INSERT INTO sim_sent (wamid, phone_number_id, to_key, type, body, at, callback_data) VALUES (?, ?, ?, ?, ?, ?, ?)",
      row.wamid, row.phoneNumberId, row.toKey, row.type, JSON.stringify(row.body), row.at, row.callbackData,
    );
  }

  sent(wamid: string): SentRow | null {
    const r = this.sql.exec<Row>("SELECT * FROM sim_sent WHERE wamid = ?", wamid).toArray()[0];
    return r ? toSentRow(r) : null;
  }

  recordStatus(wamid: string, status: StatusName, at: number, errorCode?: number): void {
    this.sql.exec("INSERT INTO sim_statuses (wamid, status, at, error_code) VALUES (?, ?, ?, ?)", wamid, status, at, errorCode ?? null);
  }

  recordRead(phoneNumberId: string, messageId: string, at: number, typing: boolean): void {
    this.sql.exec("INSERT INTO sim_reads (phone_number_id, message_id, at, typing) VALUES (?, ?, ?, ?)", phoneNumberId, messageId, at, typing ? 1 : 0);
  }

  sentLog(filter: { to?: string; phoneNumberId?: string }): SentLogView {
    const to = filter.to?.replace(/^\+/, "") ?? null;
    const pnid = filter.phoneNumberId ?? null;
    const rows = this.sql
      .exec<Row>("SELECT * FROM sim_sent WHERE (?1 IS NULL OR to_key = ?1) AND (?2 IS NULL OR phone_number_id = ?2) ORDER BY seq", to, pnid)
      .toArray();
    const messages = rows.map((r) => {
      const sent = toSentRow(r);
      const statuses = this.sql
        .exec<Row>("SELECT status, at, error_code FROM sim_statuses WHERE wamid = ? ORDER BY id", sent.wamid)
        .toArray()
        .map((s) => ({ status: s.status as StatusName, at: Number(s.at), ...(s.error_code === null ? {} : { errorCode: Number(s.error_code) }) }));
      return { wamid: sent.wamid, phoneNumberId: sent.phoneNumberId, to: sent.toKey, type: sent.type, body: sent.body, at: sent.at, statuses, callbackData: sent.callbackData };
    });
    // Reads name an inbound wamid; filter by the customer who sent it when `to` is given.
    const reads = this.sql
      .exec<Row>(
        `SELECT r.message_id, r.at, r.typing FROM sim_reads r LEFT JOIN sim_inbound i ON i.wamid = r.message_id
         WHERE (?1 IS NULL OR i.wa_id = ?1 OR i.user_id = ?1) AND (?2 IS NULL OR r.phone_number_id = ?2) ORDER BY r.id`,
        to, pnid,
      )
      .toArray()
      .map((r) => ({ messageId: String(r.message_id), at: Number(r.at), typing: r.typing === 1 }));
    return { messages, reads };
  }

  /** Remembers a pushed webhook body and the Worker's HTTP status (0 when the push itself failed). */
  logWebhook(at: number, answer: number, payload: unknown): void {
    this.sql.exec("INSERT INTO sim_webhooks (at, answer, payload) VALUES (?, ?, ?)", at, answer, JSON.stringify(payload));
    this.sql.exec("DELETE FROM sim_webhooks WHERE id <= (SELECT MAX(id) FROM sim_webhooks) - ?", WEBHOOK_LOG_SIZE);
  }

  webhooks(limit: number): Array<{ at: number; answer: number; payload: unknown }> {
    const rows = this.sql.exec<Row>("SELECT * FROM (SELECT * FROM sim_webhooks ORDER BY id DESC LIMIT ?) ORDER BY id", limit).toArray();
    return rows.map((r) => ({ at: Number(r.at), answer: Number(r.answer), payload: JSON.parse(String(r.payload)) as unknown }));
  }

  // ---------- the customer service window ----------

  recordInbound(wamid: string, phoneNumberId: string, waId: string | null, userId: string | null, sentAtMs: number): void {
    this.sql.exec("INSERT OR REPLACE INTO sim_inbound (wamid, phone_number_id, wa_id, user_id, sent_at) VALUES (?, ?, ?, ?, ?)", wamid, phoneNumberId, waId, userId, sentAtMs);
  }

  /** When this customer last wrote to this number (ms), by wa_id or BSUID; null if never. */
  lastInboundAt(phoneNumberId: string, key: string): number | null {
    const row = this.sql
      .exec<{ last: number | null }>("SELECT MAX(sent_at) AS last FROM sim_inbound WHERE phone_number_id = ?1 AND (wa_id = ?2 OR user_id = ?2)", phoneNumberId, key)
      .one();
    return row.last === null ? null : Number(row.last);
  }

  // ---------- faults ----------

  addFault(f: FaultBody): void {
    this.sql.exec(
      "INSERT INTO sim_faults (target, code, remaining, http_status, mode, delay_ms) VALUES (?, ?, ?, ?, ?, ?)",
      f.target, f.code, f.count, f.httpStatus ?? null, f.mode ?? null, f.delayMs ?? null,
    );
  }

  /** Consumes one use of the oldest queued fault for `target`, if any. */
  takeFault(target: FaultTarget): Fault | null {
    const r = this.sql.exec<Row>("SELECT * FROM sim_faults WHERE target = ? AND remaining > 0 ORDER BY id LIMIT 1", target).toArray()[0];
    if (!r) return null;
    if (Number(r.remaining) <= 1) this.sql.exec("DELETE FROM sim_faults WHERE id = ?", r.id);
    else this.sql.exec("UPDATE sim_faults SET remaining = remaining - 1 WHERE id = ?", r.id);
    return {
      id: Number(r.id),
      target: r.target as FaultTarget,
      code: Number(r.code),
      httpStatus: r.http_status === null ? null : Number(r.http_status),
      mode: (r.mode as Fault["mode"]) ?? null,
      delayMs: r.delay_ms === null ? null : Number(r.delay_ms),
    };
  }

  faults(): Array<{ target: string; code: number; remaining: number; mode: string | null }> {
    return this.sql.exec<{ target: string; code: number; remaining: number; mode: string | null }>("SELECT target, code, remaining, mode FROM sim_faults ORDER BY id").toArray();
  }

  // ---------- rate limits ----------

  /** Token bucket: takes one token if available. `refillMs` is the time to regain one token. */
  takeToken(key: string, capacity: number, refillMs: number, now: number): boolean {
    const r = this.sql.exec<Row>("SELECT tokens, at FROM sim_buckets WHERE key = ?", key).toArray()[0];
    const elapsed = r ? Math.max(0, now - Number(r.at)) : 0;
    const tokens = r ? Math.min(capacity, Number(r.tokens) + elapsed / refillMs) : capacity;
    if (tokens < 1) return false;
    this.sql.exec("INSERT OR REPLACE INTO sim_buckets (key, tokens, at) VALUES (?, ?, ?)", key, tokens - 1, now);
    return true;
  }

  // ---------- status webhook jobs ----------

  addJob(dueAt: number, phoneNumberId: string, payload: JobPayload): void {
    this.sql.exec("INSERT INTO sim_jobs (due_at, phone_number_id, payload) VALUES (?, ?, ?)", dueAt, phoneNumberId, JSON.stringify(payload));
  }

  dueJobs(now: number, limit: number): Job[] {
    return this.sql.exec<Row>("SELECT * FROM sim_jobs WHERE due_at <= ? ORDER BY due_at, id LIMIT ?", now, limit).toArray().map(toJob);
  }

  pendingJobs(): Array<Job & { lastError: string | null }> {
    return this.sql.exec<Row>("SELECT * FROM sim_jobs ORDER BY due_at, id").toArray().map((r) => ({ ...toJob(r), lastError: r.last_error === null ? null : String(r.last_error) }));
  }

  nextDueAt(): number | null {
    const row = this.sql.exec<{ next: number | null }>("SELECT MIN(due_at) AS next FROM sim_jobs").one();
    return row.next === null ? null : Number(row.next);
  }

  completeJob(id: number): void {
    this.sql.exec("DELETE FROM sim_jobs WHERE id = ?", id);
  }

  retryJob(id: number, dueAt: number, error: string): void {
    this.sql.exec("UPDATE sim_jobs SET due_at = ?, attempts = attempts + 1, last_error = ? WHERE id = ?", dueAt, error, id);
  }
}

function toSentRow(r: Row): SentRow {
  return {
    wamid: String(r.wamid),
    phoneNumberId: String(r.phone_number_id),
    toKey: String(r.to_key),
    type: String(r.type),
    body: JSON.parse(String(r.body)) as unknown,
    at: Number(r.at),
    callbackData: r.callback_data === null ? null : String(r.callback_data),
  };
}

function toJob(r: Row): Job {
  return { id: Number(r.id), dueAt: Number(r.due_at), attempts: Number(r.attempts), phoneNumberId: String(r.phone_number_id), payload: JSON.parse(String(r.payload)) as JobPayload };
}
