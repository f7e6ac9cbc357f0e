// Which D1 failures of the projection's batch are the rows' fault and which are D1's. A row D1 rejects (a NOT NULL
// column given null, a value of a type it cannot bind) fails the same way on every retry, so the writer isolates it
// and sets it aside; anything else (network, overload, a restart, the fault injection of worker/dev/d1-faults.ts)
// is worth retrying with backoff, the rows waiting in SQLite meanwhile.

/** The projection could not even build a row's statement from its values (thrown by writeProjection). */
export class RejectedRowError extends Error {
  constructor(cause: unknown) {
    super(`row cannot be written: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = "RejectedRowError";
  }
}

/** SQLite's and D1's words for "this statement can never succeed with these values". */
const REJECTED_ROW = /SQLITE_CONSTRAINT|constraint failed|SQLITE_MISMATCH|datatype mismatch|SQLITE_TOOBIG|string or blob too big|D1_TYPE_ERROR|not supported for value/i;

/** The messages of an error and its causes (drizzle wraps D1's error in its own, with D1's as the cause). */
function messages(err: unknown): string[] {
  const out: string[] = [];
  for (let e: unknown = err, depth = 0; e !== undefined && e !== null && depth < 5; depth++) {
    if (e instanceof Error) {
      out.push(e.message);
      e = e.cause;
    } else {
      out.push(String(e));
      break;
    }
  }
  return out;
}

/** True when D1 rejected the values themselves: retrying the same rows cannot help. */
export function isRejectedRow(err: unknown): boolean {
  return err instanceof RejectedRowError || messages(err).some((m) => REJECTED_ROW.test(m));
}

/** A short description for logs and the set-aside rows (D1's own message, not drizzle's long SQL). */
export function d1ErrorText(err: unknown): string {
  const all = messages(err);
  return (all.find((m) => REJECTED_ROW.test(m)) ?? all.at(-1) ?? "unknown error").slice(0, 500);
}
