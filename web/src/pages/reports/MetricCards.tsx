// The summary's figures as cards: durations (median large, P90, mean, how many), counts, CSAT and SLA. Each card
// says what it measures on hover or keyboard focus (a tooltip the card points to with aria-describedby).
import { type JSX, Show } from "solid-js";
import type { DurationStats, MetricKey, ReportSummary } from "../../../../shared/api/reports";
import { tr } from "../../i18n/reports";
import { metricDefinition } from "./definitions";
import { count, humanDuration, percent, score } from "./report-format";

export function MetricCards(props: { summary: ReportSummary }): JSX.Element {
  const s = () => props.summary;
  const approx = () => !s().exact;
  return (
    <div class="metric-grid">
      <DurationCard metric="firstResponse" title={tr("card.firstResponse")} stats={s().firstResponse} approx={approx()} />
      <DurationCard metric="firstResponseFromAssignment" title={tr("card.firstResponseFromAssignment")} stats={s().firstResponseFromAssignment} approx={approx()} />
      <DurationCard metric="nextReply" title={tr("card.nextReply")} stats={s().nextReply} approx={approx()} />
      <DurationCard metric="resolution" title={tr("card.resolution")} stats={s().resolution} approx={approx()} />
      <CountCard metric="created" title={tr("card.created")} value={s().conversations.created} />
      <CountCard metric="resolved" title={tr("card.resolved")} value={s().conversations.resolved} />
      <CountCard metric="reopened" title={tr("card.reopened")} value={s().conversations.reopened} />
      <CountCard metric="messagesIn" title={tr("card.messagesIn")} value={s().messages.in} />
      <CountCard metric="messagesOut" title={tr("card.messagesOut")} value={s().messages.out}>
        {tr("card.outSplit", { people: count(s().messages.outByPeople), bot: count(s().messages.outByBot) })}
      </CountCard>
      <CountCard metric="botAnswered" title={tr("card.botAnswered")} value={s().bot.answered}>
        {tr("card.botConversations", { n: count(s().bot.conversations) })}
      </CountCard>
      <CountCard metric="handoffs" title={tr("card.handoffs")} value={s().bot.handedOff} />
      <MetricCard metric={["csat", "csatRate"]} title={tr("card.csat")}>
        <p class="metric-value">
          {score(s().csat.score)}
          <span class="metric-unit"> / 5</span>
        </p>
        <dl class="metric-facts">
          <Fact label={tr("card.satisfied")} value={percent(s().csat.satisfied)} />
          <Fact label={tr("card.responseRate")} value={percent(s().csat.rate)} />
          <Fact label={tr("card.answers")} value={`${count(s().csat.responses)} / ${count(s().csat.asked)}`} />
        </dl>
      </MetricCard>
      <MetricCard metric={["sla"]} title={tr("card.sla")} tone={s().sla.breaches > 0 ? "danger" : undefined}>
        <p class="metric-value">{count(s().sla.breaches)}</p>
        <dl class="metric-facts">
          <Fact label={tr("card.slaFirst")} value={count(s().sla.firstResponse)} />
          <Fact label={tr("card.slaNext")} value={count(s().sla.nextResponse)} />
          <Fact label={tr("card.slaResolution")} value={count(s().sla.resolution)} />
        </dl>
      </MetricCard>
    </div>
  );
}

/** A card that explains itself: focusable, described by its metric's definition. */
function MetricCard(props: { metric: MetricKey[]; title: string; tone?: "danger"; children: JSX.Element }): JSX.Element {
  const tip = `metric-${props.metric[0]}`;
  return (
    <article class="metric" classList={{ "is-danger": props.tone === "danger" }} tabindex="0" aria-describedby={tip} data-metric={props.metric[0]}>
      <h3 class="metric-title">{props.title}</h3>
      {props.children}
      <p class="metric-def" role="tooltip" id={tip}>
        {props.metric.map(metricDefinition).join(" ")}
      </p>
    </article>
  );
}

function DurationCard(props: { metric: MetricKey; title: string; stats: DurationStats; approx: boolean }): JSX.Element {
  return (
    <MetricCard metric={[props.metric]} title={props.title}>
      <p class="metric-value">
        {humanDuration(props.stats.p50Ms)}
        <Show when={props.approx && props.stats.count > 0}>
          <span class="metric-approx" title={tr("card.approxHint")}>
            {tr("card.approx")}
          </span>
        </Show>
      </p>
      <p class="metric-caption">{tr("card.median")}</p>
      <dl class="metric-facts">
        <Fact label="P90" value={humanDuration(props.stats.p90Ms)} />
        <Fact label={tr("card.mean")} value={humanDuration(props.stats.meanMs)} />
        <Fact label={tr("card.measured")} value={count(props.stats.count)} />
      </dl>
    </MetricCard>
  );
}

function CountCard(props: { metric: MetricKey; title: string; value: number; children?: JSX.Element }): JSX.Element {
  return (
    <MetricCard metric={[props.metric]} title={props.title}>
      <p class="metric-value">{count(props.value)}</p>
      <Show when={props.children}>
        <p class="metric-caption">{props.children}</p>
      </Show>
    </MetricCard>
  );
}

function Fact(props: { label: string; value: string }): JSX.Element {
  return (
    <div>
      <dt>{props.label}</dt>
      <dd>{props.value}</dd>
    </div>
  );
}
