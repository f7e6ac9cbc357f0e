// Daily rollups (report_daily): each closed day's events summed per metric, person, team, channel and histogram
// bucket. A day is rebuilt whole from its raw events whenever the projection marked it (new or late events), in
// one D1 batch with the mark's removal, so a rollup never counts an event twice nor misses one written later.
// The day index is named: without table statistics (D1 keeps none unless ANALYZE runs) SQLite picks the kind index
// for the GROUP BY and reads the whole workspace for each day — seconds per day at a million events.
import { dayNumber } from "../../shared/report-math";

/** Days rebuilt per D1 batch (each day is six statements). */
const DAYS_PER_BATCH = 25;

const CALENDAR = `INSERT INTO report_daily (workspace_id, day, metric, agent_id, team_id, channel_id, bucket, count, sum)
  SELECT workspace_id, day, kind, coalesce(agent_id, ''), coalesce(team_id, ''), coalesce(channel_id, ''), coalesce(bucket, -1), count(*), coalesce(sum(value), 0)
  FROM events INDEXED BY events_ws_day_idx WHERE workspace_id = ? AND day = ? GROUP BY kind, agent_id, team_id, channel_id, bucket`;
const BUSINESS = `INSERT INTO report_daily (workspace_id, day, metric, agent_id, team_id, channel_id, bucket, count, sum)
  SELECT workspace_id, day, kind || ':bh', coalesce(agent_id, ''), coalesce(team_id, ''), coalesce(channel_id, ''), business_bucket, count(*), sum(business_value)
  FROM events INDEXED BY events_ws_day_idx WHERE workspace_id = ? AND day = ? AND business_value IS NOT NULL GROUP BY kind, agent_id, team_id, channel_id, business_bucket`;

/** Brings the rollups of the workspace's closed days in first..last up to date; returns how many days it rebuilt. */
export async function refreshRollups(db: D1Database, workspaceId: string, days: { first: number; last: number }, timeZone: string, now: number): Promise<number> {
  const today = dayNumber(now, timeZone);
  const { results } = await db
    .prepare("SELECT day FROM report_dirty_days WHERE workspace_id = ? AND day BETWEEN ? AND ? AND day < ? ORDER BY day")
    .bind(workspaceId, days.first, days.last, today)
    .all<{ day: number }>();
  for (let i = 0; i < results.length; i += DAYS_PER_BATCH) {
    const statements = results.slice(i, i + DAYS_PER_BATCH).flatMap(({ day }) => [
      db.prepare("DELETE FROM report_daily WHERE workspace_id = ? AND day = ?").bind(workspaceId, day),
      db.prepare(CALENDAR).bind(workspaceId, day),
      db.prepare(BUSINESS).bind(workspaceId, day),
      db.prepare("DELETE FROM report_dirty_days WHERE workspace_id = ? AND day = ?").bind(workspaceId, day),
      // Its month's totals are stale now: built again when a report next needs them.
      db.prepare("DELETE FROM report_months WHERE workspace_id = ? AND month = ?").bind(workspaceId, Math.floor(day / 100)),
      db.prepare("DELETE FROM report_monthly WHERE workspace_id = ? AND month = ?").bind(workspaceId, Math.floor(day / 100)),
    ]);
    await db.batch(statements);
  }
  return results.length;
}

/**
 * Brings the monthly totals of `months` (each over, and with every day rolled up) up to date from report_daily.
 * Months already current are left alone; each missing one is one INSERT … SELECT plus its marker, in one batch.
 */
export async function refreshMonths(db: D1Database, workspaceId: string, months: { first: number; last: number }): Promise<void> {
  const { results } = await db
    .prepare("SELECT month FROM report_months WHERE workspace_id = ? AND month BETWEEN ? AND ?")
    .bind(workspaceId, months.first, months.last)
    .all<{ month: number }>();
  const current = new Set(results.map((r) => r.month));
  const missing: number[] = [];
  for (let m = months.first; m <= months.last; m = m % 100 === 12 ? m + 89 : m + 1) if (!current.has(m)) missing.push(m);
  if (!missing.length) return;
  await db.batch(
    missing.flatMap((month) => [
      db.prepare("DELETE FROM report_monthly WHERE workspace_id = ? AND month = ?").bind(workspaceId, month),
      db
        .prepare(
          `INSERT INTO report_monthly (workspace_id, month, metric, bucket, count, sum)
           SELECT workspace_id, ?, metric, bucket, sum(count), sum(sum) FROM report_daily
           WHERE workspace_id = ? AND day BETWEEN ? AND ? GROUP BY metric, bucket`,
        )
        .bind(month, workspaceId, month * 100 + 1, month * 100 + 31),
      db.prepare("INSERT OR IGNORE INTO report_months (workspace_id, month) VALUES (?, ?)").bind(workspaceId, month),
    ]),
  );
}
