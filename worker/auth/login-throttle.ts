// Slows down password guessing: too many failures for one account or from one address in 15 minutes → 429.
import { and, count, eq, gt, inArray, lt } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { loginFailures } from "../../shared/db-schema";

const WINDOW_MS = 15 * 60 * 1000;
const MAX_PER_ACCOUNT = 10;
const MAX_PER_ADDRESS = 50;

const keys = (email: string, address: string) => ({ account: `email:${email}`, address: `ip:${address}` });

/** Seconds to wait before trying again, or 0 when a login attempt may proceed. */
export async function loginBlockedFor(db: D1Database, email: string, address: string): Promise<number> {
  const k = keys(email, address);
  const since = Date.now() - WINDOW_MS;
  const rows = await drizzle(db)
    .select({ key: loginFailures.key, n: count() })
    .from(loginFailures)
    .where(and(inArray(loginFailures.key, [k.account, k.address]), gt(loginFailures.at, since)))
    .groupBy(loginFailures.key)
    .all();
  const n = (key: string) => rows.find((r) => r.key === key)?.n ?? 0;
  return n(k.account) >= MAX_PER_ACCOUNT || n(k.address) >= MAX_PER_ADDRESS ? Math.ceil(WINDOW_MS / 1000) : 0;
}

export async function recordLoginFailure(db: D1Database, email: string, address: string): Promise<void> {
  const k = keys(email, address);
  const now = Date.now();
  const d1 = drizzle(db);
  await d1.batch([
    d1.insert(loginFailures).values([{ key: k.account, at: now }, { key: k.address, at: now }]),
    d1.delete(loginFailures).where(lt(loginFailures.at, now - WINDOW_MS)),
  ]);
}

export async function clearLoginFailures(db: D1Database, email: string): Promise<void> {
  await drizzle(db).delete(loginFailures).where(eq(loginFailures.key, keys(email, "").account));
}
