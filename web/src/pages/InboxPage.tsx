// The inbox: checks the session, connects the live list, lays out filters | list | conversation | contact,
// and wires keyboard shortcuts, alerts and the unread count in the title.
import { createAsync, Navigate, useNavigate, useParams } from "@solidjs/router";
import { createEffect, createMemo, type JSX, Match, onCleanup, Show, Switch } from "solid-js";
import { ConversationList } from "../components/ConversationList";
import { ConversationPane } from "../components/ConversationPane";
import { OfflineBanner } from "../components/OfflineBanner";
import { ShortcutsDialog } from "../components/ShortcutsDialog";
import { Sidebar } from "../components/Sidebar";
import { loadList, matchesFilter, resyncLists } from "../data/inbox";
import { watchForAlerts } from "../data/notify";
import { connectWorkspace, realtime, sessionExpired } from "../data/realtime";
import { getMe } from "../data/session";
import type { Me } from "../data/types";
import { setTimeZone, t } from "../i18n";
import { byActivity } from "../data/merge";
import { useInboxShortcuts } from "./inbox-shortcuts";
import { claimedHere, drawerOpen, filter, search, setDrawerOpen } from "./inbox-ui";
import { displayName } from "../components/contact-name";

export default function InboxPage(): JSX.Element {
  const me = createAsync(() => getMe());
  return (
    <Switch fallback={<div class="boot" role="status">{t("app.loading")}</div>}>
      <Match when={me() === null || sessionExpired()}>
        <Navigate href="/login" />
      </Match>
      <Match when={me()}>{(current) => <Inbox me={current()} />}</Match>
    </Switch>
  );
}

function Inbox(props: { me: Me }): JSX.Element {
  const params = useParams<{ id?: string }>();
  const navigate = useNavigate();
  setTimeZone(props.me.workspace.timezone);
  const meId = () => props.me.agent.id;

  onCleanup(connectWorkspace(props.me.workspace.id, () => void resyncLists()));
  createEffect(() => void loadList(filter()));

  /** Every loaded row that matches the filter and the search box, newest activity first. */
  const rows = createMemo(() => {
    const f = filter();
    const q = search().trim().toLowerCase();
    const all = Object.values(realtime.rows).filter((r) => matchesFilter(r, f, meId()));
    const found = q
      ? all.filter((r) => `${r.contactName ?? ""} ${r.contactPhone ?? ""} ${r.lastMessagePreview ?? ""}`.toLowerCase().includes(q))
      : all;
    return found.sort(byActivity);
  });

  const open = (id: string) => {
    setDrawerOpen(false);
    navigate(`/c/${id}`);
  };
  useInboxShortcuts({ rows, openId: () => params.id, open });

  // Unread conversations in the title, so a background tab still says something happened.
  const unread = createMemo(() => Object.values(realtime.rows).filter((r) => r.unreadCount > 0 && r.id !== params.id && (r.assigneeId === meId() || r.assigneeId === null)).length);
  createEffect(() => (document.title = unread() ? `(${unread()}) ${t("app.name")}` : t("app.name")));
  onCleanup(() => (document.title = t("app.name")));

  onCleanup(
    watchForAlerts(
      { meId, claimedHere: (id) => claimedHere.has(id), openId: () => params.id, title: (r) => displayName(r.contactName, r.contactPhone), onClick: open },
      { assigned: (name) => t("notify.assigned", { name }), message: (name) => t("notify.message", { name }) },
    ),
  );

  return (
    <div class="inbox" classList={{ "has-open": Boolean(params.id), "drawer-open": drawerOpen() }}>
      <OfflineBanner />
      <Sidebar me={props.me} rows={() => Object.values(realtime.rows)} />
      <div class="drawer-scrim" onClick={() => setDrawerOpen(false)} aria-hidden="true" />
      <section class="pane pane-list" aria-label={t("list.label")}>
        <ConversationList rows={rows()} me={props.me} openId={params.id} onOpen={open} />
      </section>
      <Show when={params.id} fallback={<EmptyConversation />} keyed>
        {(id) => <ConversationPane id={id} me={props.me} onBack={() => navigate("/")} />}
      </Show>
      <ShortcutsDialog />
    </div>
  );
}

function EmptyConversation(): JSX.Element {
  return (
    <section class="pane pane-conversation pane-empty">
      <div class="empty-state">
        <div class="empty-mark" aria-hidden="true">
          🐝
        </div>
        <h2>{t("conv.empty")}</h2>
        <p>{t("conv.emptyHint")}</p>
      </div>
    </section>
  );
}
