// The arithmetic of reports, shared by the projection (which files each event under a day and a histogram bucket)
// and the report queries (which turn values or histograms into percentiles). Percentiles are nearest-rank: P50 of
// n sorted values is the value at rank ⌈0.5·n⌉, always a value that was measured.
import { wallClock } from "./zoned-time";

/** Histogram buckets grow by 2%: a percentile read from them is within about 1% of the exact one. */
const GROWTH = 1.02;
const FIRST_BUCKET_MS = 1_000;

/** Bucket 0 holds [0, 1 s); bucket b ≥ 1 holds [1 s·1.02^(b−1), 1 s·1.02^b). */
export function bucketOf(valueMs: number): number {
  if (valueMs < FIRST_BUCKET_MS) return 0;
  return Math.floor(Math.log(valueMs / FIRST_BUCKET_MS) / Math.log(GROWTH)) + 1;
}

/** `at`'s calendar day in the zone as a number: 2026-12-01 → 20261201 (sorts and compares like the date). */
export function dayNumber(at: number, timeZone: string): number {
  const w = wallClock(at, timeZone);
  return w.year * 10_000 + w.month * 100 + w.day;
}

export function nearestRank(sortedValues: readonly number[], p: number): number | null {
  if (!sortedValues.length) return null;
  return sortedValues[Math.max(0, Math.ceil(p * sortedValues.length) - 1)]!;
}

export interface Bin {
  bucket: number;
  count: number;
  sum: number;
}

/**
 * A percentile from histogram bins: the bin holding rank ⌈p·n⌉, reported as the mean of the values in it (so it
 * always lies inside the bin, at most one bin width — 2% — from the exact value).
 */
export function binPercentile(bins: readonly Bin[], p: number): number | null {
  const sorted = [...bins].filter((b) => b.count > 0).sort((a, b) => a.bucket - b.bucket);
  const n = sorted.reduce((sum, b) => sum + b.count, 0);
  if (!n) return null;
  const rank = Math.max(1, Math.ceil(p * n));
  let seen = 0;
  for (const bin of sorted) {
    seen += bin.count;
    if (seen >= rank) return Math.round(bin.sum / bin.count);
  }
  return null;
}

/** Merges bins of the same bucket (from several days, agents or channels). */
export function mergeBins(bins: Iterable<Bin>): Bin[] {
  const merged = new Map<number, Bin>();
  for (const b of bins) {
    const into = merged.get(b.bucket);
    if (into) {
      into.count += b.count;
      into.sum += b.sum;
    } else merged.set(b.bucket, { ...b });
  }
  return [...merged.values()];
}
