// The wallboard (supervisors and admins): a full-screen page for a shared screen, live without reloading. Counts,
// presence and the conversation rows come from the workspace socket the app shell already holds (no second
// socket); today's CSAT and the assistant's share come from the reports API, read again every minute. Service
// targets near breach show once rows carry their SLA clock.
import { A } from "@solidjs/router";
import { createMemo, createResource, For, type JSX, onCleanup, onMount, Show } from "solid-js";
import { BOT_AGENT_ID } from "../../../../shared/model";
import { Avatar } from "../../components/Avatar";
import { displayName } from "../../components/contact-name";
import { Icon } from "../../components/Icon";
import { agentById, directory, presenceOf } from "../../data/directory";
import { type ListFilter, loadList, pageStateOf } from "../../data/inbox";
import { realtime } from "../../data/realtime";
import { reportsApi } from "../../data/reports";
import { type MessageKey, t } from "../../i18n";
import { fastNow, now, timeOfDay } from "../../i18n/format";
import { tr } from "../../i18n/reports";
import "../../styles/reports.css";
import { isSupervisorRole, useMe } from "../session";
import { dayIn } from "./range";
import { count, humanDuration, NONE, percent, score } from "./report-format";
import { closingWindows, longestWaiting, nearSlaBreach, openLoad, slaOf } from "./wallboard";

const OPEN: ListFilter = { assignee: "any", status: "open", teamId: null, tagId: null, priority: null, q: "" };
const MAX_PAGES = 10;
const SUMMARY_EVERY_MS = 60_000;
const PRESENCE_ORDER = { online: 0, away: 1, offline: 2 } as const;

export default function WallboardPage(): JSX.Element {
  const me = useMe();
  return (
    <Show when={isSupervisorRole(me)} fallback={<p class="empty-line wallboard-denied">{tr("notAllowed")}</p>}>
      <Wallboard timeZone={me.workspace.timezone} workspace={me.workspace.name} />
    </Show>
  );
}

function Wallboard(props: { timeZone: string; workspace: string }): JSX.Element {
  let root!: HTMLDivElement;
  // The socket sends changes, not the list: the open conversations are read once (up to 500), then kept live.
  onMount(async () => {
    for (let i = 0; i < MAX_PAGES; i++) {
      await loadList(OPEN, i > 0);
      if (pageStateOf(OPEN)?.done) break;
    }
  });

  const rows = createMemo(() => Object.values(realtime.rows));
  const waiting = createMemo(() => longestWaiting(rows()));
  const closing = createMemo(() => closingWindows(rows(), now()));
  // The rows themselves (stable store objects), so the list keeps its elements while the clock ticks.
  const slaRisk = createMemo(() => nearSlaBreach(rows(), fastNow()));
  const load = createMemo(() => openLoad(rows()));
  const people = createMemo(() =>
    directory.agents
      .filter((a) => a.active && a.id !== BOT_AGENT_ID)
      .sort((a, b) => PRESENCE_ORDER[presenceOf(a.id)] - PRESENCE_ORDER[presenceOf(b.id)] || a.name.localeCompare(b.name)),
  );

  // Today in the workspace's calendar, asked again every minute (and so across midnight).
  const [today, { refetch }] = createResource(() => {
    const day = dayIn(Date.now(), props.timeZone);
    return reportsApi.summary({ from: day, to: day, agentId: null, teamId: null, channelId: null, tagId: null, businessHours: false });
  });
  const timer = setInterval(() => void refetch(), SUMMARY_EVERY_MS);
  onCleanup(() => clearInterval(timer));
  const todayLatest = () => (today.error ? undefined : today.latest);
  const botShare = () => {
    const m = todayLatest()?.messages;
    return m && m.out > 0 ? m.outByBot / m.out : null;
  };

  const fullScreen = () => (document.fullscreenElement ? void document.exitFullscreen() : void root.requestFullscreen?.().catch(() => undefined));

  return (
    <div class="wallboard" ref={root}>
      <header class="wallboard-head">
        <A href="/" class="wallboard-back" aria-label={tr("back")} title={tr("back")}>
          <Icon name="back" size={18} />
        </A>
        <h1>
          {tr("wall.title")} <span class="wallboard-sub">{props.workspace}</span>
        </h1>
        <span class="wallboard-clock">{timeOfDay(fastNow())}</span>
        <button type="button" class="wallboard-btn" onClick={fullScreen}>
          {tr("wall.fullScreen")}
        </button>
      </header>

      <div class="wall-tiles">
        <Tile id="open" label={tr("wall.open")} value={count(realtime.counts?.all)} />
        <Tile id="unassigned" label={tr("wall.unassigned")} value={count(realtime.counts?.unassigned)} tone={realtime.counts?.unassigned ? "warn" : undefined} />
        <Tile id="unattended" label={t("nav.unattended")} value={count(realtime.unattended.length)} tone={realtime.unattended.length ? "danger" : undefined} />
        <Tile
          id="waiting"
          label={tr("wall.longestWait")}
          value={waiting() ? humanDuration(Math.max(0, fastNow() - waiting()!.waitingSince!)) : NONE}
          sub={waiting() ? displayName(waiting()!.contactName, waiting()!.contactPhone) : tr("wall.nobodyWaiting")}
        />
        <Tile id="csat" label={tr("wall.csatToday")} value={score(todayLatest()?.csat.score)} sub={todayLatest()?.csat.responses ? tr("wall.satisfied", { share: percent(todayLatest()?.csat.satisfied) }) : tr("wall.noRatings")} />
        <Tile
          id="bot"
          label={tr("wall.botShare")}
          value={percent(botShare())}
          sub={todayLatest() ? tr("wall.botOf", { bot: count(todayLatest()!.messages.outByBot), out: count(todayLatest()!.messages.out) }) : undefined}
        />
      </div>

      <div class="wall-columns">
        <section class="wall-panel" aria-labelledby="wall-people">
          <h2 id="wall-people">{tr("wall.people")}</h2>
          <ul class="wall-people" role="list">
            <For each={people()}>
              {(p) => {
                const open = () => p.openCount ?? load().get(p.id) ?? 0;
                const full = () => p.capacity > 0 && open() >= p.capacity;
                return (
                  <li class="wall-person" data-agent={p.id} classList={{ "is-offline": presenceOf(p.id) === "offline" }}>
                    <Avatar name={p.name} seed={p.id} size="sm" presence={presenceOf(p.id)} />
                    <span class="wall-person-name">
                      {p.name}
                      <span class="wall-person-state">{t(`presence.${presenceOf(p.id)}` as MessageKey)}</span>
                    </span>
                    <span class="wall-load" title={tr("wall.loadHint", { open: open(), capacity: p.capacity })}>
                      <span class="wall-load-bar">
                        <span classList={{ full: full() }} style={{ width: `${p.capacity ? Math.min(100, Math.round((open() / p.capacity) * 100)) : 0}%` }} />
                      </span>
                      <span class="wall-load-text">{p.capacity ? `${open()} / ${p.capacity}` : open()}</span>
                    </span>
                  </li>
                );
              }}
            </For>
          </ul>
        </section>

        <div class="wall-stack">
          <section class="wall-panel" aria-labelledby="wall-sla">
            <h2 id="wall-sla">{tr("wall.sla")}</h2>
            <ul class="wall-windows" role="list">
              <For each={slaRisk()} fallback={<li class="wall-none">{tr("wall.noSla")}</li>}>
                {(row) => {
                  const sla = () => slaOf(row)!;
                  const over = () => fastNow() >= sla().dueAt;
                  return (
                    <li class="wall-window" data-sla={sla().kind}>
                      <A href={`/c/${encodeURIComponent(row.id)}`}>{displayName(row.contactName, row.contactPhone)}</A>
                      <span class="wall-window-owner">{tr(`wall.sla.${sla().kind}`)}</span>
                      <span class="wall-window-left" classList={{ urgent: over() }}>
                        {over() ? tr("wall.slaOver", { time: humanDuration(fastNow() - sla().dueAt) }) : tr("wall.slaDue", { time: humanDuration(sla().dueAt - fastNow()) })}
                      </span>
                    </li>
                  );
                }}
              </For>
            </ul>
          </section>

          <section class="wall-panel" aria-labelledby="wall-windows">
            <h2 id="wall-windows">{tr("wall.windows")}</h2>
            <ul class="wall-windows" role="list">
              <For each={closing()} fallback={<li class="wall-none">{tr("wall.noWindows")}</li>}>
                {({ row, closesAt }) => (
                  <li class="wall-window">
                    <A href={`/c/${encodeURIComponent(row.id)}`}>{displayName(row.contactName, row.contactPhone)}</A>
                    <span class="wall-window-owner">{row.assigneeId ? (agentById(row.assigneeId)?.name ?? row.assigneeName ?? "") : tr("wall.unassignedOne")}</span>
                    <span class="wall-window-left" classList={{ urgent: closesAt - fastNow() < 30 * 60_000 }}>
                      {tr("wall.closesIn", { time: humanDuration(Math.max(0, closesAt - fastNow())) })}
                    </span>
                  </li>
                )}
              </For>
            </ul>
          </section>
        </div>
      </div>
      <Show when={today.error}>
        <p class="wall-note" role="status">{tr("wall.todayUnavailable")}</p>
      </Show>
    </div>
  );
}

function Tile(props: { id: string; label: string; value: string; sub?: string; tone?: "warn" | "danger" }): JSX.Element {
  return (
    <section class="wall-tile" classList={{ [`is-${props.tone}`]: Boolean(props.tone) }} data-tile={props.id} aria-label={props.label}>
      <h2 class="wall-tile-label">{props.label}</h2>
      <p class="wall-tile-value">{props.value}</p>
      <Show when={props.sub}>
        <p class="wall-tile-sub">{props.sub}</p>
      </Show>
    </section>
  );
}
