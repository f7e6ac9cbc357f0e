// One metric over time, drawn by uPlot on a canvas: created in onMount, fed new points when the filter changes,
// rebuilt when the metric does, resized with its box, destroyed in onCleanup. Ticks fall on the buckets (the
// workspace's midnights) and on whole units ("2 min", never "1 min 40 s"; counts never 0,5).
// Loaded on demand by the reports page, so uPlot (~23 KB gzip) comes only with a chart.
import { createEffect, type JSX, on, onCleanup, onMount } from "solid-js";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { ReportTimeseries } from "../../../../shared/api/reports";
import { locale } from "../../i18n";
import { type ChartUnit, count, humanDuration, score } from "./report-format";

const HEIGHT = 260;
const DAY_S = 86_400;
const BUCKET_S = { day: DAY_S, week: 7 * DAY_S, month: 30 * DAY_S } as const;
const SEC = 1000;
const DURATION_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800].map((s) => s * SEC);
const COUNT_STEPS = [0, 1, 2, 3, 4, 5, 6].flatMap((k) => [1, 2, 5].map((m) => m * 10 ** k));

const everyNth = (xs: ArrayLike<number>, n: number) => Array.from(xs).filter((_x, i) => i % n === 0);

export default function TimeseriesChart(props: { series: ReportTimeseries; unit: ChartUnit; label: string; timeZone: string }): JSX.Element {
  let box!: HTMLDivElement;
  let chart: uPlot | null = null;

  // The axis starts at a plain 0 ("< 1 s" is for a measured duration).
  const value = (v: number | null | undefined) => (v === null || v === undefined ? "—" : v === 0 ? "0" : props.unit === "duration" ? humanDuration(v) : props.unit === "score" ? score(v) : count(v));
  const day = (seconds: number) =>
    new Intl.DateTimeFormat(locale(), { timeZone: props.timeZone, day: "numeric", month: "short", year: props.series.interval === "month" ? "2-digit" : undefined }).format(seconds * 1000);
  // uPlot wants seconds on the x axis and `null` for a bucket with nothing measured (drawn as a gap).
  const data = (): uPlot.AlignedData => [props.series.points.map((p) => p.at / 1000), props.series.points.map((p) => p.value)];
  const width = () => Math.max(280, box.clientWidth - 16);

  function build(): void {
    chart?.destroy();
    const half = BUCKET_S[props.series.interval] / 2;
    chart = new uPlot(
      {
        width: width(),
        height: HEIGHT,
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        scales: {
          // From the data, half a bucket either side: for a single point uPlot's own x range spans ~1,000 days.
          x: { time: true, range: (u, min, max) => (u.data[0].length ? [u.data[0][0]! - half, u.data[0][u.data[0].length - 1]! + half] : [min, max]) },
          y: { range: (_u, _min, max) => (props.unit === "score" ? [0, 5] : [0, max > 0 ? max * 1.15 : 1]) },
        },
        axes: [
          // Ticks on bucket starts (a week's Monday, a month's 1st), thinned to one per ~72 px.
          { splits: (u) => everyNth(u.data[0], Math.ceil(u.data[0].length / Math.max(2, Math.floor(u.width / 72)))), values: (_u, splits) => splits.map(day), stroke: "#7a8090", grid: { stroke: "#eef0f4" }, ticks: { show: false } },
          {
            values: (_u, splits) => splits.map(value),
            incrs: props.unit === "duration" ? DURATION_STEPS : props.unit === "score" ? [1] : COUNT_STEPS,
            size: props.unit === "duration" ? 84 : 48,
            stroke: "#7a8090",
            grid: { stroke: "#eef0f4" },
            ticks: { show: false },
          },
        ],
        series: [{}, { label: props.label, stroke: "#4f46e5", width: 2, fill: "rgba(79, 70, 229, 0.08)", points: { show: true, size: 7 }, spanGaps: false }],
      },
      data(),
      box,
    );
  }

  onMount(() => {
    build();
    // Another metric, zone or language changes the axes: rebuild. New points for the same metric: new data only.
    createEffect(
      on(
        () => [props.unit, props.label, props.timeZone, locale(), props.series.interval],
        () => build(),
        { defer: true },
      ),
    );
    createEffect(on(data, (points) => chart?.setData(points), { defer: true }));
    const resize = new ResizeObserver(() => chart?.setSize({ width: width(), height: HEIGHT }));
    resize.observe(box);
    onCleanup(() => resize.disconnect());
  });
  onCleanup(() => {
    chart?.destroy();
    chart = null;
  });

  return <div class="chart" ref={box} role="img" aria-label={props.label} />;
}
