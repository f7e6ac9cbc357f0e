// Counts the storage and RPC work the objects do, so a test can state what one inbound message costs
// (SQL statements, commits, alarm writes, RPCs between objects) and the bench can report it. Every object reaches
// SQLite, transactions, alarms and other objects through these wrappers; the counters are a few integer additions.
// Module state: locally (tests, wrangler dev) the Worker and every object share one isolate, so the totals span
// all of them; in production each isolate counts its own and nobody reads them.

export interface WorkCounts {
  statements: number;
  /** Durable write batches: each transaction that wrote, and each write made outside one. */
  commits: number;
  alarmWrites: number;
  /** Calls from one object (or the Worker) to another object's RPC method. */
  rpcs: number;
}

const counts: WorkCounts = { statements: 0, commits: 0, alarmWrites: 0, rpcs: 0 };

export function workCounts(): WorkCounts {
  return { ...counts };
}

export function resetWorkCounts(): void {
  counts.statements = counts.commits = counts.alarmWrites = counts.rpcs = 0;
}

/** Storage of one object, metered: `sql` counts statements, `transaction` commits, `setAlarm` alarm writes. */
export class MeteredStorage {
  readonly sql: SqlStorage;
  /** Set while a transaction runs: whether it wrote anything (a read-only one commits nothing). */
  #inTransaction = false;
  #wrote = false;

  constructor(private readonly storage: DurableObjectStorage) {
    const raw = storage.sql;
    const exec = <T extends Record<string, SqlStorageValue>>(query: string, ...bindings: unknown[]): SqlStorageCursor<T> => {
      counts.statements++;
      const cursor = raw.exec<T>(query, ...bindings);
      // rowsWritten is final once the cursor is consumed; a write statement without RETURNING is consumed at once.
      if (!/^\s*(select|with|pragma)\b/i.test(query)) this.#noteWrite();
      return cursor;
    };
    this.sql = new Proxy(raw, { get: (target, prop) => (prop === "exec" ? exec : Reflect.get(target, prop, target)) });
  }

  #noteWrite(): void {
    if (this.#inTransaction) this.#wrote = true;
    else counts.commits++;
  }

  /** Runs `fn` in one SQLite transaction (one durable commit if it wrote). Nested calls join the outer one. */
  transaction<T>(fn: () => T): T {
    if (this.#inTransaction) return fn();
    this.#inTransaction = true;
    this.#wrote = false;
    try {
      return this.storage.transactionSync(fn);
    } finally {
      this.#inTransaction = false;
      if (this.#wrote) counts.commits++;
    }
  }

  getAlarm(): Promise<number | null> {
    return this.storage.getAlarm();
  }

  setAlarm(at: number): Promise<void> {
    counts.alarmWrites++;
    return this.storage.setAlarm(at);
  }

  deleteAlarm(): Promise<void> {
    counts.alarmWrites++;
    return this.storage.deleteAlarm();
  }
}

/** Counts one call to another object (called by the typed stub helpers). */
export function meterRpc(): void {
  counts.rpcs++;
}
