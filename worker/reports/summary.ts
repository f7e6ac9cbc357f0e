// GET /api/reports/summary: every figure of a range, from the daily rollups (closed days) plus raw events (today,
// partial days, tag filters). Durations' percentiles are exact — read from the sorted raw values — whenever the
// range holds at most EXACT_LIMIT measurements; beyond that they come from the rollups' 2% histograms.
import type { AgentReport, DurationStats, ReportSummary } from "../../shared/api/reports";
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

/** What bins can be split by: the local day (time series), the person credited (the per-person table), or nothing. */
export type BinGroup = "day" | "agent" | null;
const ROLLUP_KEY = { day: "day", agent: "agent_id" } as const;
const RAW_KEY = { day: "e.day", agent: "coalesce(e.agent_id, '')" } as const;

/** Every metric's bins over the range, optionally split by day or by person (`key`: the day number or agent id). */
export async function metricBins(scope: ReportScope, group: BinGroup = null): Promise<Array<{ key: string | null; metric: string; bin: Bin }>> {
  const { db, workspaceId, filters } = scope;
  const { rollup, raw } = spansOf(scope);
  const rows: Array<{ key: string | number | null; metric: string; bucket: number; n: number; s: number }> = [];
  const rollupKey = group ? ROLLUP_KEY[group] : "NULL";
  const rawKey = group ? RAW_KEY[group] : "NULL";
  const by = (key: string) => (group ? `${key}, ` : "");
  if (rollup) {
    await refreshRollups(db, workspaceId, rollup, scope.range.timeZone, scope.now);
    // Without a filter or a split, whole months come from their monthly totals; the days around them from the daily rollups.
    const unfiltered = !filters.agentId && !filters.teamId && !filters.channelId && !group;
    const { months, days } = unfiltered ? splitIntoMonths(rollup) : { months: null, days: [rollup] };
    if (months) {
      await refreshMonths(db, workspaceId, months);
      const { results } = await db
        .prepare("SELECT NULL AS key, metric, bucket, sum(count) AS n, sum(sum) AS s FROM report_monthly WHERE workspace_id = ? AND month BETWEEN ? AND ? GROUP BY metric, bucket")
        .bind(workspaceId, months.first, months.last)
        .all<(typeof rows)[number]>();
      rows.push(...results);
    }
    for (const span of days) {
      const w = rollupWhere(workspaceId, span, filters);
      const { results } = await db
        .prepare(`SELECT ${rollupKey} AS key, metric, bucket, sum(count) AS n, sum(sum) AS s FROM report_daily WHERE ${w.sql} GROUP BY ${by(rollupKey)}metric, bucket`)
        .bind(...w.binds)
        .all<(typeof rows)[number]>();
      rows.push(...results);
    }
  }
  for (const span of raw) {
    const w = eventsWhere(workspaceId, span, filters);
    // Named for the same reason as in rollups.ts: the planner would take the kind index and read every event.
    const dayIndex = span.days.length ? "INDEXED BY events_ws_day_idx" : "";
    const { results } = await db
      .prepare(
        `SELECT ${rawKey} AS key, e.kind AS metric, coalesce(e.bucket, -1) AS bucket, count(*) AS n, coalesce(sum(e.value), 0) AS s FROM events e ${dayIndex} WHERE ${w.sql} GROUP BY ${by(rawKey)}e.kind, e.bucket
         UNION ALL
         SELECT ${rawKey} AS key, e.kind || ':bh' AS metric, e.business_bucket AS bucket, count(*) AS n, sum(e.business_value) AS s FROM events e ${dayIndex} WHERE ${w.sql} AND e.business_value IS NOT NULL GROUP BY ${by(rawKey)}e.kind, e.business_bucket`,
      )
      .bind(...w.binds, ...w.binds)
      .all<(typeof rows)[number]>();
    rows.push(...results);
  }
  return rows.map((r) => ({ key: r.key === null ? null : String(r.key), metric: r.metric, bin: { bucket: r.bucket, count: r.n, sum: r.s } }));
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

/**
 * The exact path: the measured values of these duration metrics over the whole range, sorted, in one D1 round trip
 * (one statement per metric), split by person when asked.
 */
async function sortedValues(scope: ReportScope, kinds: string[], business: boolean, byAgent = false): Promise<Map<string, Map<string, number[]>>> {
  const { db, workspaceId, range, filters } = scope;
  const column = business ? "e.business_value" : "e.value";
  const w = eventsWhere(workspaceId, { from: range.from, to: range.to }, filters);
  const key = byAgent ? RAW_KEY.agent : "''";
  const out = new Map<string, Map<string, number[]>>();
  if (!kinds.length) return out;
  const results = await db.batch<{ g: string; v: number }>(
    kinds.map((kind) =>
      db.prepare(`SELECT ${key} AS g, ${column} AS v FROM events e WHERE e.kind = ? AND ${w.sql} AND ${column} IS NOT NULL ORDER BY ${column}`).bind(kind, ...w.binds),
    ),
  );
  kinds.forEach((kind, i) => {
    const groups = new Map<string, number[]>();
    for (const { g, v } of results[i]!.results) groups.set(g, [...(groups.get(g) ?? []), v]);
    out.set(kind, groups);
  });
  return out;
}

const NOTHING: DurationStats = { count: 0, p50Ms: null, p90Ms: null, meanMs: null };

function statsOfValues(values: number[]): DurationStats {
  if (!values.length) return NOTHING;
  return { count: values.length, p50Ms: nearestRank(values, 0.5), p90Ms: nearestRank(values, 0.9), meanMs: Math.round(values.reduce((a, b) => a + b, 0) / values.length) };
}

function statsOfBins(bins: Bin[]): DurationStats {
  const count = bins.reduce((n, b) => n + b.count, 0);
  if (!count) return NOTHING;
  return { count, p50Ms: binPercentile(bins, 0.5), p90Ms: binPercentile(bins, 0.9), meanMs: Math.round(bins.reduce((n, b) => n + b.sum, 0) / count) };
}

/** Each duration metric's figures: exact (sorted raw values) when it has at most EXACT_LIMIT measurements, else from bins. */
async function durations(scope: ReportScope, bins: MetricBins, businessHours: boolean): Promise<{ stats: Record<DurationKey, DurationStats>; exact: boolean }> {
  const metricOf = (kind: string) => (businessHours ? `${kind}:bh` : kind);
  const entries = Object.entries(DURATIONS) as Array<[DurationKey, string]>;
  const small = entries.filter(([, kind]) => countOf(bins, metricOf(kind)) > 0 && countOf(bins, metricOf(kind)) <= EXACT_LIMIT).map(([, kind]) => kind);
  const values = await sortedValues(scope, small, businessHours);
  const stats = {} as Record<DurationKey, DurationStats>;
  for (const [key, kind] of entries) {
    stats[key] = values.has(kind) ? statsOfValues(values.get(kind)!.get("") ?? []) : statsOfBins(bins.get(metricOf(kind)) ?? []);
  }
  return { stats, exact: entries.every(([, kind]) => countOf(bins, metricOf(kind)) <= EXACT_LIMIT) };
}

/** CSAT from its bins (a rating's bucket is its score): answers, mean 1–5 and the share of 4–5. */
function csatOf(bins: MetricBins): { responses: number; score: number | null; satisfied: number | null } {
  const csat = bins.get("csat_answered") ?? [];
  const responses = csat.reduce((c, b) => c + b.count, 0);
  if (!responses) return { responses, score: null, satisfied: null };
  const sum = csat.reduce((c, b) => c + b.sum, 0);
  return { responses, score: Math.round((sum / responses) * 100) / 100, satisfied: csat.filter((b) => b.bucket >= 4).reduce((c, b) => c + b.count, 0) / responses };
}

export async function reportSummary(scope: ReportScope, businessHours: boolean): Promise<ReportSummary> {
  const bins = byMetric(await metricBins(scope));
  const { stats, exact } = await durations(scope, bins, businessHours);
  const n = (metric: string) => countOf(bins, metric);
  const outByBot = n("bot_message_out");
  const { responses, score, satisfied } = csatOf(bins);
  const asked = n("csat_asked");
  const breaches = { firstResponse: n("sla_breach_first_response"), nextResponse: n("sla_breach_next_response"), resolution: n("sla_breach_resolution") };
  return {
    range: { from: scope.range.from, to: scope.range.to, timeZone: scope.range.timeZone },
    ...stats,
    conversations: { created: n("conversation_created"), resolved: n("resolved"), reopened: n("reopened"), windowsExpired: n("window_expired") },
    messages: { in: n("message_in"), out: n("message_out") + outByBot, outByPeople: n("message_out"), outByBot },
    bot: { answered: n("bot_reply"), handedOff: n("handoff"), conversations: n("bot_assigned") },
    csat: {
      asked,
      responses,
      score,
      satisfied,
      rate: asked ? Math.min(1, responses / asked) : null,
    },
    sla: { breaches: breaches.firstResponse + breaches.nextResponse + breaches.resolution, ...breaches, warnings: n("sla_warning") },
    exact,
    businessHours,
  };
}

/**
 * GET /api/reports/agents: the per-person table in one request — first response, resolutions and CSAT credited to
 * each person over the range (the same definitions and filters as the summary; first response exact while the
 * range holds at most EXACT_LIMIT of them).
 */
export async function reportByAgent(scope: ReportScope, businessHours: boolean): Promise<AgentReport> {
  const firstResponse = businessHours ? "first_response:bh" : "first_response";
  const byAgent = new Map<string, MetricBins>();
  for (const { key, metric, bin } of await metricBins(scope, "agent")) {
    if (!key) continue;
    const bins = byAgent.get(key) ?? new Map<string, Bin[]>();
    bins.set(metric, [...(bins.get(metric) ?? []), bin]);
    byAgent.set(key, bins);
  }
  const total = [...byAgent.values()].reduce((n, bins) => n + countOf(bins, firstResponse), 0);
  const values = total && total <= EXACT_LIMIT ? (await sortedValues(scope, ["first_response"], businessHours, true)).get("first_response") : undefined;
  const agents = [...byAgent.entries()].map(([agentId, bins]) => {
    const merged = byMetric([...bins.entries()].flatMap(([metric, list]) => list.map((bin) => ({ metric, bin }))));
    const { responses, score } = csatOf(merged);
    return {
      agentId,
      firstResponse: values ? statsOfValues(values.get(agentId) ?? []) : statsOfBins(merged.get(firstResponse) ?? []),
      resolved: countOf(merged, "resolved"),
      csat: { responses, score },
    };
  });
  return { agents, exact: total <= EXACT_LIMIT, businessHours };
}
