// Fast-forwards a conversation object's clock for fault tests: makes every waiting outbox job due now and runs
// the alarm, so retries with exponential backoff (1 s, 2 s, 4 s …) happen in milliseconds, in order.
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import type { Conversation } from "../../../durable/conversation";

export function conversationObject(conversationId: string) {
  return env.Conversation.getByName(conversationId);
}

/** Pending jobs of one object, as (kind, attempts, lastError). */
export function jobsOf(conversationId: string) {
  return runInDurableObject(conversationObject(conversationId), (_: Conversation, state) =>
    state.storage.sql.exec<{ kind: string; attempts: number; last_error: string | null }>("SELECT kind, attempts, last_error FROM jobs ORDER BY id").toArray(),
  );
}

/** Makes every job due and runs the alarm once (an attempt per due job). */
export async function runJobsNow(conversationId: string): Promise<void> {
  const stub = conversationObject(conversationId);
  await runInDurableObject(stub, async (_: Conversation, state) => {
    state.storage.sql.exec("UPDATE jobs SET due_at = MIN(due_at, ?)", Date.now());
    await state.storage.setAlarm(Date.now());
  });
  await runDurableObjectAlarm(stub);
}

/** Repeats runJobsNow until `done()` holds; an attempt already in flight (a slow D1 call) is waited for. */
export async function drainUntil(conversationId: string, done: () => Promise<boolean>, timeoutMs = 8_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`not done after ${timeoutMs} ms of alarms; jobs: ${JSON.stringify(await jobsOf(conversationId))}`);
    await runJobsNow(conversationId);
    await new Promise((r) => setTimeout(r, 50));
  }
}
