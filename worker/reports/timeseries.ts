// GET /api/reports/timeseries: one metric per day, week (from Monday) or month of the workspace's calendar, for
// charts. Durations are each bucket's median read from the 2% histograms; counts are exact.
import type { ReportTimeseries, TimeseriesMetric, TimeseriesPoint } from "../../shared/api/reports";
import { type Bin, binPercentile, mergeBins } from "../../shared/report-math";
import { instantAt } from "../../shared/zoned-time";
import { daysBetween } from "./report-range";
import { metricBins, type ReportScope } from "./summary";

/** The event kinds behind each chartable metric, and whether it is a duration (median) or a count. */
const SERIES: Record<TimeseriesMetric, { kinds: string[]; duration?: boolean; mean?: boolean }> = {
  firstResponse: { kinds: ["first_response"], duration: true },
  nextReply: { kinds: ["next_reply"], duration: true },
  resolution: { kinds: ["resolved"], duration: true },
  created: { kinds: ["conversation_created"] },
  resolved: { kinds: ["resolved"] },
  reopened: { kinds: ["reopened"] },
  messagesIn: { kinds: ["message_in"] },
  messagesOut: { kinds: ["message_out", "bot_message_out"] },
  csat: { kinds: ["csat_answered"], mean: true },
  botAnswered: { kinds: ["bot_reply"] },
  handoffs: { kinds: ["handoff"] },
  slaBreaches: { kinds: ["sla_breach_first_response", "sla_breach_next_response", "sla_breach_resolution"] },
};

const parts = (day: number) => ({ y: Math.floor(day / 10_000), m: Math.floor(day / 100) % 100, d: day % 100 });

/** The first local day of the bucket holding `day` (itself, its week's Monday, or the 1st of its month). */
function bucketStart(day: number, interval: "day" | "week" | "month"): { y: number; m: number; d: number } {
  const { y, m, d } = parts(day);
  if (interval === "day") return { y, m, d };
  if (interval === "month") return { y, m, d: 1 };
  const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7; // Monday 0
  const monday = new Date(Date.UTC(y, m - 1, d - weekday));
  return { y: monday.getUTCFullYear(), m: monday.getUTCMonth() + 1, d: monday.getUTCDate() };
}

export async function reportTimeseries(scope: ReportScope, metric: TimeseriesMetric, interval: "day" | "week" | "month", businessHours: boolean): Promise<ReportTimeseries> {
  const series = SERIES[metric];
  const tz = scope.range.timeZone;
  const wanted = new Set(series.kinds.map((k) => (series.duration && businessHours ? `${k}:bh` : k)));
  const rows = (await metricBins(scope, "day")).filter((r) => wanted.has(r.metric));
  const points = new Map<number, { bins: Bin[] }>();
  const keyOf = (day: number) => {
    const s = bucketStart(day, interval);
    return instantAt(tz, s.y, s.m, s.d, 0, 0);
  };
  // Every bucket of the range appears, empty ones included, so charts show the gaps.
  for (const d of daysBetween(scope.range.from, scope.range.to, tz)) if (!points.has(keyOf(d.day))) points.set(keyOf(d.day), { bins: [] });
  for (const r of rows) {
    if (r.key === null) continue;
    const at = keyOf(Number(r.key));
    points.get(at)?.bins.push(r.bin);
  }
  const out: TimeseriesPoint[] = [...points.entries()]
    .sort(([a], [b]) => a - b)
    .map(([at, { bins }]) => {
      const merged = mergeBins(bins);
      const count = merged.reduce((n, b) => n + b.count, 0);
      if (series.duration) return { at, value: binPercentile(merged, 0.5), count };
      if (series.mean) return { at, value: count ? Math.round((merged.reduce((s, b) => s + b.sum, 0) / count) * 100) / 100 : null, count };
      return { at, value: count, count };
    });
  return { metric, interval, timeZone: tz, points: out };
}
