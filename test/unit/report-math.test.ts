// Histogram percentiles against exact nearest-rank ones: within one 2% bucket on a wide, skewed distribution.
import { describe, expect, it } from "vitest";
import { type Bin, binPercentile, bucketOf, dayNumber, mergeBins, nearestRank } from "../../shared/report-math";

describe("report math", () => {
  it("files each day under the zone's calendar date", () => {
    expect(dayNumber(Date.UTC(2026, 10, 10, 23, 30), "Europe/Madrid")).toBe(20261111);
    expect(dayNumber(Date.UTC(2026, 10, 10, 23, 30), "America/Mexico_City")).toBe(20261110);
  });

  it("nearest rank returns measured values", () => {
    expect(nearestRank([1, 2, 3, 4], 0.5)).toBe(2);
    expect(nearestRank([1, 2, 3, 4], 0.9)).toBe(4);
    expect(nearestRank([7], 0.9)).toBe(7);
    expect(nearestRank([], 0.5)).toBeNull();
  });

  it("histogram percentiles stay within 2% of the exact ones, whatever order the bins merge in", () => {
    // A skewed spread of waits: 0.2 s to ~10 h, deterministic.
    let x = 42;
    const values = Array.from({ length: 50_000 }, () => {
      x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
      return Math.round(200 * Math.exp((x / 2 ** 31) * 12));
    });
    const bins = new Map<number, Bin>();
    for (const v of values) {
      const b = bucketOf(v);
      const bin = bins.get(b) ?? { bucket: b, count: 0, sum: 0 };
      bin.count++;
      bin.sum += v;
      bins.set(b, bin);
    }
    const halves = [...bins.values()].flatMap((b) => [{ bucket: b.bucket, count: Math.floor(b.count / 2), sum: Math.floor(b.sum / 2) }, { bucket: b.bucket, count: b.count - Math.floor(b.count / 2), sum: b.sum - Math.floor(b.sum / 2) }]);
    const merged = mergeBins(halves.reverse());
    const sorted = [...values].sort((a, b) => a - b);
    for (const p of [0.5, 0.9, 0.99]) {
      const exact = nearestRank(sorted, p)!;
      const approx = binPercentile(merged, p)!;
      // Values under 1 s share bucket 0; above it a bucket spans 2%.
      if (exact >= 1_000) expect(Math.abs(approx - exact) / exact).toBeLessThanOrEqual(0.02);
      else expect(approx).toBeLessThan(1_000);
    }
  });
});

describe("monthly rollups", () => {
  it("split closed days into whole months and the loose days around them", async () => {
    const { splitIntoMonths } = await import("../../worker/reports/summary");
    expect(splitIntoMonths({ first: 20261015, last: 20261202 })).toEqual({ months: { first: 202611, last: 202611 }, days: [{ first: 20261015, last: 20261031 }, { first: 20261201, last: 20261202 }] });
    expect(splitIntoMonths({ first: 20251201, last: 20260228 })).toEqual({ months: { first: 202512, last: 202602 }, days: [] });
    expect(splitIntoMonths({ first: 20261103, last: 20261128 })).toEqual({ months: null, days: [{ first: 20261103, last: 20261128 }] });
    expect(splitIntoMonths({ first: 20261201, last: 20270131 })).toEqual({ months: { first: 202612, last: 202701 }, days: [] });
  });
});
