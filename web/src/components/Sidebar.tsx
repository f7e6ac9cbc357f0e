// Left pane: the workspace, the three views (Mine / Unassigned / All) with live counts, teams, filters
// (status, tag, priority), supervisors' "Sin atender" alerts and team view, and the agent's own corner:
// available/away, language, alerts, shortcuts, settings, sign out; supervisors also reach reports (and from there the wallboard) and campaigns.
import { A, useAction } from "@solidjs/router";
import { createMemo, For, type JSX, Show } from "solid-js";
import type { Priority } from "../../../shared/model";
import { directory, presenceOf } from "../data/directory";
import { notificationsBlocked, notificationsEnabled, setNotificationsEnabled } from "../data/notify";
import { realtime, setMyPresence } from "../data/realtime";
import { logoutAction } from "../data/session";
import type { AssigneeFilter, Me, StatusFilter } from "../data/types";
import { type MessageKey, t } from "../i18n";
import { filter, setAlertsOpen, setAssignee, setDrawerOpen, setPriorityFilter, setShortcutsOpen, setStatus, setTagFilter, setTeamFilter } from "../pages/inbox-ui";
import { isSupervisorRole } from "../pages/session";
import { Avatar } from "./Avatar";
import { Icon, type IconName } from "./Icon";
import { LanguageSelect } from "./LanguageSelect";

const VIEWS: Array<{ id: AssigneeFilter; label: MessageKey; icon: IconName; count: "mine" | "unassigned" | "all" | null }> = [
  { id: "me", label: "nav.mine", icon: "user", count: "mine" },
  { id: "unassigned", label: "nav.unassigned", icon: "inbox", count: "unassigned" },
  // What the assistant is handling (pending while it owns them); no live count: they are not in the open counts.
  { id: "bot", label: "nav.bot", icon: "bot", count: null },
  { id: "any", label: "nav.all", icon: "users", count: "all" },
];
const STATUSES: StatusFilter[] = ["all", "open", "pending", "snoozed", "resolved"];
const PRIORITIES: Priority[] = ["urgent", "high", "normal", "low"];

export function Sidebar(props: { me: Me }): JSX.Element {
  const logout = useAction(logoutAction);
  const supervisor = isSupervisorRole(props.me);
  const myPresence = () => presenceOf(props.me.agent.id);
  const away = () => myPresence() === "away";
  /** Supervisors see every team; agents the teams they belong to. */
  const teams = createMemo(() => {
    const mine = directory.agents.find((a) => a.id === props.me.agent.id)?.teamIds ?? [];
    return directory.teams.filter((team) => supervisor || mine.includes(team.id));
  });
  const pick = (fn: () => void) => {
    fn();
    setDrawerOpen(false);
  };

  return (
    <nav class="pane pane-sidebar" aria-label={t("nav.inbox")}>
      <div class="brand">
        <span class="brand-mark" aria-hidden="true">
          ⬢
        </span>
        <div>
          <div class="brand-name">{t("app.name")}</div>
          <div class="brand-sub">{props.me.workspace.name}</div>
        </div>
      </div>

      <div class="nav-section">
        <div class="nav-title">{t("nav.inbox")}</div>
        <ul class="nav-list" role="list">
          <For each={VIEWS}>
            {(view) => (
              <li>
                <button
                  type="button"
                  class="nav-item"
                  aria-current={filter().assignee === view.id && !filter().teamId ? "page" : undefined}
                  onClick={() => pick(() => { setAssignee(view.id); setTeamFilter(null); })}
                >
                  <Icon name={view.icon} />
                  <span class="nav-label">{t(view.label)}</span>
                  <Show when={view.count !== null && realtime.counts}>
                    {(counts) => <span class="nav-count" classList={{ "is-zero": !counts()[view.count!] }} aria-label={t("nav.openCount", { n: counts()[view.count!] })}>{counts()[view.count!]}</span>}
                  </Show>
                </button>
              </li>
            )}
          </For>
          <Show when={supervisor}>
            <li>
              <button type="button" class="nav-item" onClick={() => pick(() => setAlertsOpen(true))}>
                <Icon name="alert" />
                <span class="nav-label">{t("nav.unattended")}</span>
                <span class="nav-count" classList={{ "is-alert": realtime.unattended.length > 0, "is-zero": !realtime.unattended.length }} aria-label={t("nav.unattendedCount", { n: realtime.unattended.length })}>
                  {realtime.unattended.length}
                </span>
              </button>
            </li>
          </Show>
        </ul>
      </div>

      <Show when={teams().length}>
        <div class="nav-section">
          <div class="nav-title">{t("nav.teams")}</div>
          <ul class="nav-list" role="list">
            <For each={teams()}>
              {(team) => (
                <li>
                  <button
                    type="button"
                    class="nav-item"
                    aria-current={filter().teamId === team.id ? "page" : undefined}
                    onClick={() => pick(() => { setTeamFilter(filter().teamId === team.id ? null : team.id); setAssignee("any"); })}
                  >
                    <span class="team-mark" aria-hidden="true">#</span>
                    <span class="nav-label">{team.name}</span>
                    <Show when={realtime.counts}>
                      {(counts) => <span class="nav-count" classList={{ "is-zero": !counts().teams[team.id] }}>{counts().teams[team.id] ?? 0}</span>}
                    </Show>
                  </button>
                </li>
              )}
            </For>
          </ul>
        </div>
      </Show>

      <div class="nav-section filters">
        <div class="nav-title">{t("nav.filters")}</div>
        <label class="filter-row">
          <span class="filter-label">{t("nav.status")}</span>
          <select id="status-filter" class="select select-sm" value={filter().status} onChange={(e) => setStatus(e.currentTarget.value as StatusFilter)}>
            <For each={STATUSES}>{(s) => <option value={s}>{t(`status.${s}` as MessageKey)}</option>}</For>
          </select>
        </label>
        <label class="filter-row">
          <span class="filter-label">{t("nav.tag")}</span>
          <select class="select select-sm" value={filter().tagId ?? ""} onChange={(e) => setTagFilter(e.currentTarget.value || null)}>
            <option value="">{t("nav.anyTag")}</option>
            <For each={directory.tags}>{(tag) => <option value={tag.id}>{tag.name}</option>}</For>
          </select>
        </label>
        <label class="filter-row">
          <span class="filter-label">{t("nav.priority")}</span>
          <select class="select select-sm" value={filter().priority ?? ""} onChange={(e) => setPriorityFilter((e.currentTarget.value || null) as Priority | null)}>
            <option value="">{t("nav.anyPriority")}</option>
            <For each={PRIORITIES}>{(p) => <option value={p}>{t(`priority.${p}` as MessageKey)}</option>}</For>
          </select>
        </label>
      </div>

      <div class="sidebar-foot">
        <div class="pref">
          <Show when={supervisor}>
            <A class="pref-row pref-btn" href="/settings/team">
              <Icon name="users" size={16} />
              <span>{t("nav.teamView")}</span>
            </A>
            <A class="pref-row pref-btn" href="/reports">
              <Icon name="chart" size={16} />
              <span>{t("nav.reports")}</span>
            </A>
            <A class="pref-row pref-btn" href="/campaigns">
              <Icon name="send" size={16} />
              <span>{t("nav.campaigns")}</span>
            </A>
          </Show>
          <A class="pref-row pref-btn" href="/settings">
            <Icon name="gear" size={16} />
            <span>{t("nav.settingsArea")}</span>
          </A>
          <label class="pref-row">
            <input type="checkbox" checked={notificationsEnabled()} onChange={(e) => void setNotificationsEnabled(e.currentTarget.checked)} />
            <span>{t("nav.notifications")}</span>
          </label>
          {notificationsBlocked() && <p class="pref-note">{t("nav.notificationsBlocked")}</p>}
          <label class="pref-row">
            <Icon name="globe" size={16} />
            <span class="sr-only">{t("nav.language")}</span>
            <LanguageSelect />
          </label>
          <button type="button" class="pref-row pref-btn" onClick={() => setShortcutsOpen(true)}>
            <Icon name="keyboard" size={16} />
            <span>{t("nav.shortcuts")}</span>
          </button>
        </div>
        <div class="me">
          <Avatar name={props.me.agent.name} seed={props.me.agent.id} size="sm" presence={myPresence()} />
          <div class="me-text">
            <div class="me-name">{props.me.agent.name}</div>
            <button
              type="button"
              class="presence-toggle"
              role="switch"
              aria-checked={!away()}
              aria-label={t("presence.toggle")}
              title={away() ? t("presence.awayHint") : t("presence.onlineHint")}
              onClick={() => setMyPresence(away() ? "online" : "away")}
            >
              <span class={`presence-dot is-${myPresence()}`} aria-hidden="true" />
              {away() ? t("presence.away") : t("presence.online")}
            </button>
          </div>
          <button type="button" class="icon-btn" aria-label={t("nav.logout")} title={t("nav.logout")} onClick={() => void logout()}>
            <Icon name="logout" size={16} />
          </button>
        </div>
      </div>
    </nav>
  );
}
