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
/**
 * The same counts per kind of object (its binding name), so a test can tell one side's work from the other's:
 * storage work counts for the object that did it, an RPC for the object that serves it.
 */
const byScope = new Map<string, WorkCounts>();

const zero = (): WorkCounts => ({ statements: 0, commits: 0, alarmWrites: 0, rpcs: 0 });
function scoped(scope: string | undefined): WorkCounts | null {
  if (!scope) return null;
  let c = byScope.get(scope);
  if (!c) byScope.set(scope, (c = zero()));
  return c;
}

/** Totals, or the counts of one kind of object (e.g. "Workspace", "WorkspaceRelay"). */
export function workCounts(scope?: string): WorkCounts {
  return scope ? { ...(byScope.get(scope) ?? zero()) } : { ...counts };
}

export function resetWorkCounts(): void {
  counts.statements = counts.commits = counts.alarmWrites = counts.rpcs = 0;
  byScope.clear();
}

/** Storage of one object, metered: `sql` counts statements, `transaction` commits, `setAlarm` alarm writes. */
export class MeteredStorage {
  readonly sql: SqlStorage;
  /** Set while a transaction runs: whether it wrote anything (a read-only one commits nothing). */
  #inTransaction = false;
  #wrote = false;
  readonly #scope: string | undefined;

  /** `scope`: the kind of object (its binding name), for `workCounts(scope)`. */
  constructor(private readonly storage: DurableObjectStorage, scope?: string) {
    this.#scope = scope;
    const raw = storage.sql;
    const exec = <T extends Record<string, SqlStorageValue>>(query: string, ...bindings: unknown[]): SqlStorageCursor<T> => {
      counts.statements++;
      const own = scoped(this.#scope);
      if (own) own.statements++;
      const cursor = raw.exec<T>(query, ...bindings);
      // rowsWritten is final once the cursor is consumed; a write statement without RETURNING is consumed at once.
      if (!/^\s*(select|with|pragma)\b/i.test(query)) this.#noteWrite();
      return cursor;
    };
    this.sql = new Proxy(raw, { get: (target, prop) => (prop === "exec" ? exec : Reflect.get(target, prop, target)) });
  }

  #noteWrite(): void {
    if (this.#inTransaction) this.#wrote = true;
    else this.#commit();
  }

  #commit(): void {
    counts.commits++;
    const own = scoped(this.#scope);
    if (own) own.commits++;
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
      if (this.#wrote) this.#commit();
    }
  }

  getAlarm(): Promise<number | null> {
    return this.storage.getAlarm();
  }

  #alarmWrite(): void {
    counts.alarmWrites++;
    const own = scoped(this.#scope);
    if (own) own.alarmWrites++;
  }

  setAlarm(at: number): Promise<void> {
    this.#alarmWrite();
    return this.storage.setAlarm(at);
  }

  deleteAlarm(): Promise<void> {
    this.#alarmWrite();
    return this.storage.deleteAlarm();
  }
}

/** Counts one call to another object (called by the typed stub helpers); `callee` is its binding name. */
export function meterRpc(callee?: string): void {
  counts.rpcs++;
  const own = scoped(callee);
  if (own) own.rpcs++;
}
