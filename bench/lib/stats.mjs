// Percentiles and summaries for latency samples (milliseconds), shared by every metric.
// Nearest-rank percentiles on the sorted samples: p99 of 1,000 samples is the 990th value, never interpolated.

export function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function summarize(samples) {
  const s = Float64Array.from(samples).sort();
  const round = (v) => Math.round(v * 1000) / 1000;
  return {
    n: s.length,
    p50: round(percentile(s, 50)),
    p90: round(percentile(s, 90)),
    p99: round(percentile(s, 99)),
    p999: round(percentile(s, 99.9)),
    max: round(s[s.length - 1] ?? NaN),
  };
}

export const round2 = (v) => Math.round(v * 100) / 100;
