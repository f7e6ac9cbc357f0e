// GET /api/reports/summary: every figure of a range, from the daily rollups (closed days) plus raw events (today,
// partial days, tag filters). Durations' percentiles are exact — read from the sorted raw values — whenever the
// range holds at most EXACT_LIMIT measurements; beyond that they come from the rollups' 2% histograms.
import type { DurationStats, ReportSummary } from "../../shared/api/reports";
import { type Bin, binPercentile, mergeBins, nearestRank } from "../../shared/report-math";
import { eventsWhere, type ReportFilters, rollupWhere } from "./report-filters";
import type { ReportRange } from "./report-range";
import { refreshMonths, refreshRollups } from "./rollups";

export const EXACT_LIMIT = 20_000;

/** Event kinds that measure a duration (their `value`, ms), by the summary field that reports them. */
export const DURATIONS = {
  firstResponse: "first_response",
  firstResponseFromAssignment: "first_response_from_assignment",
  nextReply: "next_reply",
  resolution: "resolved",
} as const;
type DurationKey = keyof typeof DURATIONS;

/** Bins per metric ("kind", or "kind:bh" for business-hours values); bucket −1 holds plain counts. */
export type MetricBins = Map<string, Bin[]>;

export interface ReportScope {
  db: D1Database;
  workspaceId: string;
  range: ReportRange;
  filters: ReportFilters;
  now: number;
}

/** A tag filter cannot use rollups (they are not kept per tag): the whole range is read from raw events. */
function spansOf(scope: ReportScope): { rollup: ReportRange["closedDays"]; raw: ReportRange["rawSpans"] } {
  const { range, filters } = scope;
  if (filters.tagId || !range.closedDays) return { rollup: null, raw: filters.tagId ? [{ from: range.from, to: range.to, days: [] }] : range.rawSpans };
  return { rollup: range.closedDays, raw: range.rawSpans };
}

/** Every metric's bins over the range, optionally per local day (for time series). */
export async function metricBins(scope: ReportScope, perDay = false): Promise<Array<{ day: number | null; metric: string; bin: Bin }>> {
  const { db, workspaceId, filters } = scope;
  const { rollup, raw } = spansOf(scope);
  const rows: Array<{ day: number | null; metric: string; bucket: number; n: number; s: number }> = [];
  const dayColumn = perDay ? "day" : "NULL";
  if (rollup) {
    await refreshRollups(db, workspaceId, rollup, scope.range.timeZone, scope.now);
    // Without a filter, whole months come from their monthly totals; the days around them from the daily rollups.
    const unfiltered = !filters.agentId && !filters.teamId && !filters.channelId && !perDay;
    const { months, days } = unfiltered ? splitIntoMonths(rollup) : { months: null, days: [rollup] };
    if (months) {
      await refreshMonths(db, workspaceId, months);
      const { results } = await db
        .prepare("SELECT NULL AS day, metric, bucket, sum(count) AS n, sum(sum) AS s FROM report_monthly WHERE workspace_id = ? AND month BETWEEN ? AND ? GROUP BY metric, bucket")
        .bind(workspaceId, months.first, months.last)
        .all<(typeof rows)[number]>();
      rows.push(...results);
    }
    for (const span of days) {
      const w = rollupWhere(workspaceId, span, filters);
      const { results } = await db
        .prepare(`SELECT ${dayColumn} AS day, metric, bucket, sum(count) AS n, sum(sum) AS s FROM report_daily WHERE ${w.sql} GROUP BY ${perDay ? "day, " : ""}metric, bucket`)
        .bind(...w.binds)
        .all<(typeof rows)[number]>();
      rows.push(...results);
    }
  }
  for (const span of raw) {
    const w = eventsWhere(workspaceId, span, filters);
    const e = perDay ? "e.day" : "NULL";
    // Named for the same reason as in rollups.ts: the planner would take the kind index and read every event.
    const dayIndex = span.days.length ? "INDEXED BY events_ws_day_idx" : "";
    const { results } = await db
      .prepare(
        `SELECT ${e} AS day, e.kind AS metric, coalesce(e.bucket, -1) AS bucket, count(*) AS n, coalesce(sum(e.value), 0) AS s FROM events e ${dayIndex} WHERE ${w.sql} GROUP BY ${perDay ? "e.day, " : ""}e.kind, e.bucket
         UNION ALL
         SELECT ${e} AS day, e.kind || ':bh' AS metric, e.business_bucket AS bucket, count(*) AS n, sum(e.business_value) AS s FROM events e ${dayIndex} WHERE ${w.sql} AND e.business_value IS NOT NULL GROUP BY ${perDay ? "e.day, " : ""}e.kind, e.business_bucket`,
      )
      .bind(...w.binds, ...w.binds)
      .all<(typeof rows)[number]>();
    rows.push(...results);
  }
  return rows.map((r) => ({ day: r.day, metric: r.metric, bin: { bucket: r.bucket, count: r.n, sum: r.s } }));
}

const lastDayOf = (month: number) => new Date(Date.UTC(Math.floor(month / 100), month % 100, 0)).getUTCDate();
const nextMonth = (month: number) => (month % 100 === 12 ? month + 89 : month + 1);
const previousMonth = (month: number) => (month % 100 === 1 ? month - 89 : month - 1);

/** Closed days first..last (YYYYMMDD) as the whole months inside them and the loose days before and after. */
export function splitIntoMonths(days: { first: number; last: number }): { months: { first: number; last: number } | null; days: Array<{ first: number; last: number }> } {
  const firstMonth = day1(days.first) === days.first ? Math.floor(days.first / 100) : nextMonth(Math.floor(days.first / 100));
  const lastFull = Math.floor(days.last / 100);
  const lastMonth = days.last % 100 === lastDayOf(lastFull) ? lastFull : previousMonth(lastFull);
  if (firstMonth > lastMonth) return { months: null, days: [days] };
  const loose: Array<{ first: number; last: number }> = [];
  if (days.first < firstMonth * 100 + 1) loose.push({ first: days.first, last: previousMonth(firstMonth) * 100 + 31 });
  if (days.last > lastMonth * 100 + 31) loose.push({ first: nextMonth(lastMonth) * 100 + 1, last: days.last });
  return { months: { first: firstMonth, last: lastMonth }, days: loose };
}
const day1 = (day: number) => Math.floor(day / 100) * 100 + 1;

function byMetric(rows: Array<{ metric: string; bin: Bin }>): MetricBins {
  const map: MetricBins = new Map();
  for (const { metric, bin } of rows) map.set(metric, [...(map.get(metric) ?? []), bin]);
  for (const [metric, bins] of map) map.set(metric, mergeBins(bins));
  return map;
}

const countOf = (bins: MetricBins, metric: string) => (bins.get(metric) ?? []).reduce((n, b) => n + b.count, 0);
const sumOf = (bins: MetricBins, metric: string) => (bins.get(metric) ?? []).reduce((n, b) => n + b.sum, 0);

/** The sorted measured values of one duration metric over the whole range (the exact path). */
async function sortedValues(scope: ReportScope, kind: string, business: boolean): Promise<number[]> {
  const { db, workspaceId, range, filters } = scope;
  const column = business ? "e.business_value" : "e.value";
  const w = eventsWhere(workspaceId, { from: range.from, to: range.to }, filters);
  const { results } = await db
    .prepare(`SELECT ${column} AS v FROM events e WHERE e.kind = ? AND ${w.sql} AND ${column} IS NOT NULL ORDER BY ${column}`)
    .bind(kind, ...w.binds)
    .all<{ v: number }>();
  return results.map((r) => r.v);
}

async function durationStats(scope: ReportScope, bins: MetricBins, kind: string, business: boolean): Promise<{ stats: DurationStats; exact: boolean }> {
  const metric = business ? `${kind}:bh` : kind;
  const count = countOf(bins, metric);
  if (!count) return { stats: { count: 0, p50Ms: null, p90Ms: null, meanMs: null }, exact: true };
  const meanMs = Math.round(sumOf(bins, metric) / count);
  if (count <= EXACT_LIMIT) {
    const values = await sortedValues(scope, kind, business);
    // Rollups and raw rows agree on the count unless events arrived in between; the values are the truth.
    const mean = values.length ? Math.round(values.reduce((a, b) => a + b, 0) / values.length) : meanMs;
    return { stats: { count: values.length, p50Ms: nearestRank(values, 0.5), p90Ms: nearestRank(values, 0.9), meanMs: mean }, exact: true };
  }
  const list = bins.get(metric) ?? [];
  return { stats: { count, p50Ms: binPercentile(list, 0.5), p90Ms: binPercentile(list, 0.9), meanMs }, exact: false };
}

export async function reportSummary(scope: ReportScope, businessHours: boolean): Promise<ReportSummary> {
  const bins = byMetric(await metricBins(scope));
  let exact = true;
  const durations = {} as Record<DurationKey, DurationStats>;
  for (const [key, kind] of Object.entries(DURATIONS) as Array<[DurationKey, string]>) {
    const d = await durationStats(scope, bins, kind, businessHours);
    durations[key] = d.stats;
    exact &&= d.exact;
  }
  const n = (metric: string) => countOf(bins, metric);
  const outByBot = n("bot_message_out");
  const csatBins = bins.get("csat_answered") ?? [];
  const responses = csatBins.reduce((c, b) => c + b.count, 0);
  const satisfied = csatBins.filter((b) => b.bucket >= 4).reduce((c, b) => c + b.count, 0);
  const asked = n("csat_asked");
  const breaches = { firstResponse: n("sla_breach_first_response"), nextResponse: n("sla_breach_next_response"), resolution: n("sla_breach_resolution") };
  return {
    range: { from: scope.range.from, to: scope.range.to, timeZone: scope.range.timeZone },
    ...durations,
    conversations: { created: n("conversation_created"), resolved: n("resolved"), reopened: n("reopened"), windowsExpired: n("window_expired") },
    messages: { in: n("message_in"), out: n("message_out") + outByBot, outByPeople: n("message_out"), outByBot },
    bot: { answered: n("bot_reply"), handedOff: n("handoff"), conversations: n("bot_assigned") },
    csat: {
      asked,
      responses,
      score: responses ? Math.round((sumOf(bins, "csat_answered") / responses) * 100) / 100 : null,
      satisfied: responses ? satisfied / responses : null,
      rate: asked ? Math.min(1, responses / asked) : null,
    },
    sla: { breaches: breaches.firstResponse + breaches.nextResponse + breaches.resolution, ...breaches, warnings: n("sla_warning") },
    exact,
    businessHours,
  };
}
