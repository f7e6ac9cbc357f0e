// A report's date range in the workspace's calendar: which local days it covers whole (read from the daily
// rollups once the day is over) and which stretches must be read from raw events (partial days, today).
import { dayNumber } from "../../shared/report-math";
import { instantAt, wallClock } from "../../shared/zoned-time";
import { apiError } from "../http-errors";

/** Longest range one report reads. */
const MAX_DAYS = 800;

export interface ReportRange {
  from: number;
  to: number;
  timeZone: string;
  /** Local days wholly inside [from, to) and already over: their rollups answer for them. */
  closedDays: { first: number; last: number } | null;
  /** Stretches of [from, to) outside closedDays, with the local days they fall on. */
  rawSpans: Array<{ from: number; to: number; days: number[] }>;
}

export interface LocalDay {
  day: number;
  start: number;
  end: number;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function midnight(date: string, timeZone: string, plusDays = 0): number {
  const [, y, m, d] = DATE.exec(date)!;
  const utc = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d) + plusDays));
  return instantAt(timeZone, utc.getUTCFullYear(), utc.getUTCMonth() + 1, utc.getUTCDate(), 0, 0);
}

/** The local day containing `at`, with its start and end instants. */
export function localDay(at: number, timeZone: string): LocalDay {
  const w = wallClock(at, timeZone);
  const start = instantAt(timeZone, w.year, w.month, w.day, 0, 0);
  const next = new Date(Date.UTC(w.year, w.month - 1, w.day + 1));
  const end = instantAt(timeZone, next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), 0, 0);
  return { day: dayNumber(at, timeZone), start, end };
}

/** Every local day touching [from, to), in order. */
export function daysBetween(from: number, to: number, timeZone: string): LocalDay[] {
  const days: LocalDay[] = [];
  for (let at = from; at < to; ) {
    const d = localDay(at, timeZone);
    days.push(d);
    at = d.end;
  }
  return days;
}

/** "2026-12-01" is that whole day (as `to`, inclusive); a number is an instant (as `to`, exclusive). */
export function resolveRange(q: { from: string | number; to: string | number }, timeZone: string, now: number): ReportRange {
  const from = typeof q.from === "string" ? midnight(q.from, timeZone) : q.from;
  const to = typeof q.to === "string" ? midnight(q.to, timeZone, 1) : q.to;
  if (!(to > from)) throw apiError(400, "invalid_range", "`to` must come after `from`.");
  if (to - from > MAX_DAYS * 86_400_000) throw apiError(400, "range_too_long", `A report covers at most ${MAX_DAYS} days.`);
  const days = daysBetween(from, to, timeZone);
  const closed = days.filter((d) => d.start >= from && d.end <= to && d.end <= now);
  // Whole closed days form one run in the middle (only the first and last day can be partial, and only today open).
  const first = closed[0];
  const last = closed[closed.length - 1];
  const rawSpans: ReportRange["rawSpans"] = [];
  const span = (a: number, b: number) => {
    if (b > a) rawSpans.push({ from: a, to: b, days: daysBetween(a, b, timeZone).map((d) => d.day) });
  };
  if (first && last) {
    span(from, first.start);
    span(last.end, to);
  } else span(from, to);
  return { from, to, timeZone, closedDays: first && last ? { first: first.day, last: last.day } : null, rawSpans };
}
