// A durable job table behind the object's single alarm: outbox sends, media copies, D1 projection, mark-as-read.
// Jobs are written in the same SQLite transaction as the change that needs them, so a crash never loses one;
// the alarm always points at the earliest due job. Handlers must be idempotent (alarms are at-least-once).
import type { MeteredStorage } from "./work-meter";

export interface Job {
  id: number;
  kind: string;
  key: string;
  dueAt: number;
  attempts: number;
  /** Set while an attempt is in flight; found set after a restart means the attempt's outcome is unknown. */
  startedAt: number | null;
  payload: string | null;
  lastError: string | null;
}

type JobRow = {
  id: number;
  kind: string;
  key: string;
  due_at: number;
  attempts: number;
  started_at: number | null;
  payload: string | null;
  last_error: string | null;
};

export const JOBS_SCHEMA = `
CREATE TABLE IF NOT EXISTS jobs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  key TEXT NOT NULL UNIQUE,
  due_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  started_at INTEGER,
  payload TEXT,
  last_error TEXT,
  -- set when the same key was enqueued while an attempt was in flight: run once more after it
  rerun INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS jobs_due_idx ON jobs(due_at);
`;

const toJob = (r: JobRow): Job => ({
  id: r.id,
  kind: r.kind,
  key: r.key,
  dueAt: r.due_at,
  attempts: r.attempts,
  startedAt: r.started_at,
  payload: r.payload,
  lastError: r.last_error,
});

/** Exponential backoff with jitter: 1 s, 2 s, 4 s … capped at 5 minutes. */
export function backoffMs(attempts: number, minimumMs = 1_000): number {
  const base = Math.min(5 * 60_000, minimumMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

export class JobQueue {
  private readonly sql: SqlStorage;
  /** The alarm time we last set (null: none pending). Read once when the object starts (see init). */
  #alarmAt: number | null = null;

  constructor(private readonly storage: MeteredStorage) {
    this.sql = storage.sql;
  }

  /** Learns the pending alarm; call once before serving (blockConcurrencyWhile). */
  async init(): Promise<void> {
    this.#alarmAt = await this.storage.getAlarm();
  }

  /**
   * Adds a job unless one with the same key is waiting (then the earlier due time wins), so repeated changes
   * coalesce into one notification or read receipt. Call inside the transaction that makes the job necessary.
   */
  enqueue(kind: string, key: string, dueAt: number, payload: unknown = null, debounce = false): void {
    // Debounced (a bot turn after a burst of messages): the newest request sets the due time and payload.
    this.sql.exec(
      `INSERT INTO jobs (kind, key, due_at, payload) VALUES (?1, ?2, ?3, ?4)
       ON CONFLICT(key) DO UPDATE SET
         due_at = CASE WHEN ?5 THEN excluded.due_at ELSE MIN(jobs.due_at, excluded.due_at) END,
         payload = CASE WHEN ?5 THEN excluded.payload ELSE jobs.payload END,
         rerun = CASE WHEN jobs.started_at IS NULL THEN jobs.rerun ELSE 1 END`,
      kind,
      key,
      dueAt,
      payload === null ? null : JSON.stringify(payload),
      debounce ? 1 : 0,
    );
    this.armBefore(dueAt);
  }

  due(now: number, limit = 50): Job[] {
    return this.sql
      .exec<JobRow>("SELECT * FROM jobs WHERE due_at <= ? ORDER BY due_at, id LIMIT ?", now, limit)
      .toArray()
      .map(toJob);
  }

  byKey(key: string): Job | null {
    const row = this.sql.exec<JobRow>("SELECT * FROM jobs WHERE key = ?", key).toArray()[0];
    return row ? toJob(row) : null;
  }

  markStarted(id: number, now: number): void {
    this.storage.transaction(() => this.sql.exec("UPDATE jobs SET started_at = ?, attempts = attempts + 1 WHERE id = ?", now, id));
  }

  /** Re-queues a job: after a failure (attempt counted) or to wait for something (not counted). */
  reschedule(id: number, dueAt: number, error: string | null): void {
    this.storage.transaction(() => {
      this.sql.exec("UPDATE jobs SET due_at = ?, started_at = NULL, last_error = ? WHERE id = ?", dueAt, error, id);
      this.armBefore(dueAt);
    });
  }

  /** Waits until `dueAt` for an unknown outcome to settle, keeping the attempt's start time. */
  awaitOutcome(id: number, dueAt: number, error: string): void {
    this.storage.transaction(() => {
      this.sql.exec("UPDATE jobs SET due_at = ?, last_error = ?, started_at = COALESCE(started_at, ?) WHERE id = ?", dueAt, error, Date.now(), id);
      this.armBefore(dueAt);
    });
  }

  /** Done. If the same key was enqueued meanwhile, the job stays for one more run instead. */
  complete(id: number): void {
    this.storage.transaction(() => {
      this.sql.exec("DELETE FROM jobs WHERE id = ? AND rerun = 0", id);
      this.sql.exec("UPDATE jobs SET rerun = 0, started_at = NULL, attempts = 0 WHERE id = ?", id);
    });
  }

  completeByKey(key: string): void {
    this.sql.exec("DELETE FROM jobs WHERE key = ?", key);
  }

  /**
   * Points the alarm at `at` unless an earlier one is set (it will run and re-arm for the rest). Called inside the
   * transaction that needs it, so the alarm and the job commit together; an alarm is never deleted, an idle one
   * only wakes the object to find nothing due.
   */
  armBefore(at: number): void {
    if (this.#alarmAt !== null && this.#alarmAt <= at) return;
    this.#alarmAt = at;
    void this.storage.setAlarm(at);
  }

  /** The alarm fired (it is consumed): re-arm for the earliest job left, if any. */
  alarmFired(): void {
    this.#alarmAt = null;
  }

  rearm(): void {
    const next = this.sql.exec<{ at: number | null }>("SELECT MIN(due_at) AS at FROM jobs").one().at;
    if (next !== null) this.armBefore(next);
  }
}
