// The reports area (supervisors and admins, loaded on demand): a range and filters, the summary's cards, one
// metric over time, a line per person, what customers wrote with their rating, and the CSV export of the same
// filter. Agents get a sentence instead: the API would refuse them anyway.
import { A } from "@solidjs/router";
import { createMemo, createResource, For, type JSX, lazy, Show, Suspense } from "solid-js";
import { createStore } from "solid-js/store";
import type { ReportSummary, TimeseriesMetric } from "../../../../shared/api/reports";
import { Icon } from "../../components/Icon";
import { exportCsvUrl, type ReportFilter, type ReportInterval, reportsApi } from "../../data/reports";
import { t } from "../../i18n";
import { type ReportsKey, tr } from "../../i18n/reports";
import "../../styles/reports.css";
import { isSupervisorRole, useMe } from "../session";
import { AgentTable } from "./AgentTable";
import { CsatComments } from "./CsatComments";
import { MetricCards } from "./MetricCards";
import { type FilterChange, ReportFilters } from "./ReportFilters";
import { dayIn, presetRange } from "./range";
import { reportErrorText } from "./report-errors";
import type { ChartUnit } from "./report-format";

const TimeseriesChart = lazy(() => import("./TimeseriesChart"));

const METRICS: Array<{ id: TimeseriesMetric; label: ReportsKey; unit: ChartUnit }> = [
  { id: "firstResponse", label: "card.firstResponse", unit: "duration" },
  { id: "nextReply", label: "card.nextReply", unit: "duration" },
  { id: "resolution", label: "card.resolution", unit: "duration" },
  { id: "created", label: "card.created", unit: "count" },
  { id: "resolved", label: "card.resolved", unit: "count" },
  { id: "reopened", label: "card.reopened", unit: "count" },
  { id: "messagesIn", label: "card.messagesIn", unit: "count" },
  { id: "messagesOut", label: "card.messagesOut", unit: "count" },
  { id: "csat", label: "card.csat", unit: "score" },
  { id: "botAnswered", label: "card.botAnswered", unit: "count" },
  { id: "handoffs", label: "card.handoffs", unit: "count" },
  { id: "slaBreaches", label: "card.sla", unit: "count" },
];
const INTERVALS: ReportInterval[] = ["day", "week", "month"];
const metricOf = (id: TimeseriesMetric) => METRICS.find((m) => m.id === id) ?? METRICS[0]!;

/**
 * What the supervisor chose, for as long as the tab lives: opening a conversation from a comment and coming back
 * keeps the report. (Not in the URL: the router's search-params helper would add to the inbox's first load.)
 * No range chosen: the last 7 days.
 */
const [choices, setChoices] = createStore<Partial<Pick<ReportFilter, "from" | "to">> & Omit<ReportFilter, "from" | "to"> & { metric: TimeseriesMetric; interval: ReportInterval }>({
  agentId: null,
  teamId: null,
  channelId: null,
  tagId: null,
  businessHours: false,
  metric: "firstResponse",
  interval: "day",
});

export default function ReportsPage(): JSX.Element {
  const me = useMe();
  return (
    <div class="reports-page">
      <header class="reports-head">
        <A href="/" class="reports-back">
          <Icon name="back" size={16} />
          {tr("back")}
        </A>
        <h1>{tr("title")}</h1>
        <Show when={isSupervisorRole(me)}>
          <A href="/wallboard" class="btn btn-ghost btn-sm">
            <Icon name="eye" size={14} />
            {tr("wall.title")}
          </A>
        </Show>
      </header>
      <Show when={isSupervisorRole(me)} fallback={<p class="empty-line">{tr("notAllowed")}</p>}>
        <Reports timeZone={me.workspace.timezone} />
      </Show>
    </div>
  );
}

function Reports(props: { timeZone: string }): JSX.Element {
  const today = () => dayIn(Date.now(), props.timeZone);
  const filter = createMemo((): ReportFilter => {
    const fallback = presetRange("last7", today());
    const from = choices.from ?? fallback.from;
    const to = choices.to ?? fallback.to;
    return {
      // A range typed backwards is read forwards rather than refused.
      from: from <= to ? from : to,
      to: from <= to ? to : from,
      agentId: choices.agentId,
      teamId: choices.teamId,
      channelId: choices.channelId,
      tagId: choices.tagId,
      businessHours: choices.businessHours,
    };
  });
  const change = (c: FilterChange) => setChoices(c);

  const [summary] = createResource(filter, (f) => reportsApi.summary(f));
  const [series] = createResource(
    () => ({ filter: filter(), metric: choices.metric, interval: choices.interval }),
    ({ filter, metric, interval }) => reportsApi.timeseries(filter, metric, interval),
  );

  return (
    <main class="reports-main">
      <ReportFilters filter={filter()} today={today()} onChange={change} />
      <div class="reports-bar">
        <p class="muted small">
          {tr("zone", { zone: props.timeZone })}
          <Show when={filter().businessHours}> · {tr("filters.businessHours")}</Show>
        </p>
        <Show when={summary.loading || series.loading}>
          <span class="muted small" role="status">
            {tr("updating")}
          </span>
        </Show>
        <a class="btn btn-secondary btn-sm" href={exportCsvUrl(filter())} download="" data-testid="export-csv">
          <Icon name="download" size={14} />
          {tr("export")}
        </a>
      </div>

      <Show when={!summary.error} fallback={<p class="form-error" role="alert">{reportErrorText(summary.error)}</p>}>
        <Show when={summary.latest} fallback={<p class="muted" role="status">{t("app.loading")}</p>}>
          {(s) => (
            <>
              <Show when={isEmpty(s())}>
                <p class="report-empty">{tr("empty")}</p>
              </Show>
              <MetricCards summary={s()} />
            </>
          )}
        </Show>
      </Show>

      <section class="report-section" aria-labelledby="chart-title">
        <div class="report-section-head">
          <h2 id="chart-title" class="report-section-title">
            {tr("chart.title")}
          </h2>
          <label class="report-inline">
            <span class="sr-only">{tr("chart.metric")}</span>
            <select class="select select-sm" name="metric" value={choices.metric} onChange={(e) => setChoices("metric", e.currentTarget.value as TimeseriesMetric)}>
              <For each={METRICS}>{(m) => <option value={m.id}>{tr(m.label)}</option>}</For>
            </select>
          </label>
          <label class="report-inline">
            <span class="sr-only">{tr("chart.interval")}</span>
            <select class="select select-sm" name="interval" value={choices.interval} onChange={(e) => setChoices("interval", e.currentTarget.value as ReportInterval)}>
              <For each={INTERVALS}>{(i) => <option value={i}>{tr(`interval.${i}`)}</option>}</For>
            </select>
          </label>
        </div>
        <Show when={!series.error} fallback={<p class="form-error" role="alert">{reportErrorText(series.error)}</p>}>
          <Show when={series.latest} fallback={<div class="chart chart-placeholder" />}>
            {(data) => (
              <Show when={data().points.some((p) => p.value !== null)} fallback={<p class="empty-line">{tr("chart.empty")}</p>}>
                <Suspense fallback={<div class="chart chart-placeholder" />}>
                  <TimeseriesChart series={data()} unit={metricOf(data().metric).unit} label={tr(metricOf(data().metric).label)} timeZone={data().timeZone || props.timeZone} />
                </Suspense>
              </Show>
            )}
          </Show>
        </Show>
      </section>

      <AgentTable filter={filter()} />
      <CsatComments filter={filter()} />
    </main>
  );
}

/** Nothing happened in the range: say so instead of a page of zeros. */
function isEmpty(s: ReportSummary): boolean {
  return s.conversations.created + s.conversations.resolved + s.messages.in + s.messages.out + s.firstResponse.count + s.csat.asked === 0;
}
