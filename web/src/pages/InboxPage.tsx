// The inbox: filters | list | conversation | contact, keyboard shortcuts, desktop alerts and the unread count in
// the title. The session, the workspace socket and toasts come from the app shell around it.
import { useNavigate, useParams } from "@solidjs/router";
import { createEffect, createMemo, type JSX, lazy, onCleanup, Show } from "solid-js";
import { displayName } from "../components/contact-name";
import { ConversationList } from "../components/ConversationList";
import { ConversationPane } from "../components/ConversationPane";
import { ShortcutsDialog } from "../components/ShortcutsDialog";
import { Sidebar } from "../components/Sidebar";
import { loadList, matchesFilter } from "../data/inbox";
import { byActivity } from "../data/merge";
import { watchForAlerts } from "../data/notify";
import { realtime } from "../data/realtime";
import { t } from "../i18n";
import { useInboxShortcuts } from "./inbox-shortcuts";
import { alertsOpen, claimedHere, drawerOpen, filter, setDrawerOpen } from "./inbox-ui";
import { useMe } from "./session";

const AlertsDialog = lazy(() => import("../components/AlertsDialog"));

export default function InboxPage(): JSX.Element {
  const me = useMe();
  const params = useParams<{ id?: string }>();
  const navigate = useNavigate();
  const meId = () => me.agent.id;

  createEffect(() => void loadList(filter()));

  /** Every loaded row that matches the filters and the search, newest activity first. */
  const rows = createMemo(() => {
    const f = filter();
    return Object.values(realtime.rows)
      .filter((r) => matchesFilter(r, f, meId()))
      .sort(byActivity);
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
      <Sidebar me={me} />
      <div class="drawer-scrim" onClick={() => setDrawerOpen(false)} aria-hidden="true" />
      <section class="pane pane-list" aria-label={t("list.label")}>
        <ConversationList rows={rows()} me={me} openId={params.id} onOpen={open} />
      </section>
      <Show when={params.id} fallback={<EmptyConversation />} keyed>
        {(id) => <ConversationPane id={id} me={me} onBack={() => navigate("/")} />}
      </Show>
      <ShortcutsDialog />
      <Show when={alertsOpen()}>
        <AlertsDialog onOpen={open} />
      </Show>
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
