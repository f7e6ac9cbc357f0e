// Left pane: the workspace, the three views (Mine / Unassigned / All) with unread counts, the status filter,
// and the agent's preferences (language, alerts, shortcuts, sign out).
import { useAction } from "@solidjs/router";
import { For, type JSX } from "solid-js";
import type { ConversationSummary } from "../../../shared/model";
import { notificationsBlocked, notificationsEnabled, setNotificationsEnabled } from "../data/notify";
import { logoutAction } from "../data/session";
import type { AssigneeFilter, Me, StatusFilter } from "../data/types";
import { type Locale, locale, type MessageKey, setLocale, t } from "../i18n";
import { filter, setAssignee, setDrawerOpen, setShortcutsOpen, setStatus } from "../pages/inbox-ui";
import { Avatar } from "./Avatar";
import { Icon, type IconName } from "./Icon";

const VIEWS: Array<{ id: AssigneeFilter; label: MessageKey; icon: IconName }> = [
  { id: "me", label: "nav.mine", icon: "user" },
  { id: "unassigned", label: "nav.unassigned", icon: "inbox" },
  { id: "any", label: "nav.all", icon: "users" },
];
const STATUSES: StatusFilter[] = ["all", "open", "pending", "snoozed", "resolved"];

export function Sidebar(props: { me: Me; rows: () => ConversationSummary[] }): JSX.Element {
  const logout = useAction(logoutAction);
  const unreadFor = (view: AssigneeFilter) =>
    props.rows().filter((r) => r.unreadCount > 0 && (view === "me" ? r.assigneeId === props.me.agent.id : view === "unassigned" ? r.assigneeId === null : true)).length;

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
                  aria-current={filter().assignee === view.id ? "page" : undefined}
                  onClick={() => {
                    setAssignee(view.id);
                    setDrawerOpen(false);
                  }}
                >
                  <Icon name={view.icon} />
                  <span class="nav-label">{t(view.label)}</span>
                  {unreadFor(view.id) > 0 && <span class="nav-count" aria-label={t("list.unread", { n: unreadFor(view.id) })}>{unreadFor(view.id)}</span>}
                </button>
              </li>
            )}
          </For>
        </ul>
      </div>

      <div class="nav-section">
        <label class="nav-title" for="status-filter">
          {t("nav.status")}
        </label>
        <select id="status-filter" class="select" value={filter().status} onChange={(e) => setStatus(e.currentTarget.value as StatusFilter)}>
          <For each={STATUSES}>{(s) => <option value={s}>{t(`status.${s}` as MessageKey)}</option>}</For>
        </select>
      </div>

      <div class="sidebar-foot">
        <div class="pref">
          <label class="pref-row">
            <input type="checkbox" checked={notificationsEnabled()} onChange={(e) => void setNotificationsEnabled(e.currentTarget.checked)} />
            <span>{t("nav.notifications")}</span>
          </label>
          {notificationsBlocked() && <p class="pref-note">{t("nav.notificationsBlocked")}</p>}
          <label class="pref-row">
            <Icon name="globe" size={16} />
            <span class="sr-only">{t("nav.language")}</span>
            <select class="select select-sm" aria-label={t("nav.language")} value={locale()} onChange={(e) => setLocale(e.currentTarget.value as Locale)}>
              <option value="es">Español</option>
              <option value="en">English</option>
            </select>
          </label>
          <button type="button" class="pref-row pref-btn" onClick={() => setShortcutsOpen(true)}>
            <Icon name="keyboard" size={16} />
            <span>{t("nav.shortcuts")}</span>
          </button>
        </div>
        <div class="me">
          <Avatar name={props.me.agent.name} seed={props.me.agent.id} size="sm" />
          <div class="me-text">
            <div class="me-name">{props.me.agent.name}</div>
            <div class="me-mail">{props.me.agent.email}</div>
          </div>
          <button type="button" class="icon-btn" aria-label={t("nav.logout")} title={t("nav.logout")} onClick={() => void logout()}>
            <Icon name="logout" size={16} />
          </button>
        </div>
      </div>
    </nav>
  );
}
