// Everything a signed-in page shares: the session check, the workspace socket (live list, counts, presence,
// mentions, alerts), the directory, the offline banner and toasts. The inbox and the settings area render inside.
import { createAsync, Navigate, type RouteSectionProps, useNavigate } from "@solidjs/router";
import { type JSX, Match, onCleanup, Switch } from "solid-js";
import { displayName } from "../components/contact-name";
import { OfflineBanner } from "../components/OfflineBanner";
import { Toasts } from "../components/Toasts";
import { showToast } from "../components/toasts";
import { loadDirectory } from "../data/directory";
import { resyncLists } from "../data/inbox";
import { notifyDesktop } from "../data/notify";
import { connectWorkspace, onWorkspaceEvent, realtime, sessionExpired } from "../data/realtime";
import { getMe } from "../data/session";
import type { Me } from "../data/types";
import { type MessageKey, setTimeZone, t } from "../i18n";
import { MeContext } from "./session";

const RETURN_REASONS = ["no_answer", "offline", "deactivated"];

export default function AppShell(props: RouteSectionProps): JSX.Element {
  const me = createAsync(() => getMe());
  return (
    <Switch fallback={<div class="boot" role="status">{t("app.loading")}</div>}>
      <Match when={me() === null || sessionExpired()}>
        <Navigate href="/login" />
      </Match>
      <Match when={me()}>{(current) => <Session me={current()}>{props.children}</Session>}</Match>
    </Switch>
  );
}

function Session(props: { me: Me; children: JSX.Element }): JSX.Element {
  const navigate = useNavigate();
  setTimeZone(props.me.workspace.timezone);
  onCleanup(connectWorkspace(props.me.workspace.id, () => void resyncLists()));
  void loadDirectory();

  const contactOf = (conversationId: string) => {
    const row = realtime.rows[conversationId];
    return row ? displayName(row.contactName, row.contactPhone) : t("contact.noName");
  };
  onCleanup(
    onWorkspaceEvent((event) => {
      if (event.type === "channel_alert") {
        const body = event.errors.map((e) => `${e.title}${e.details ? `: ${e.details}` : ""} (${e.code})`).join(" · ");
        showToast({ title: t("toast.channel"), body, tone: "error" }, 30_000);
        notifyDesktop(t("toast.channel"), body, `channel:${event.channelId}`, () => undefined);
        return;
      }
      if (event.type === "template") return; // the templates screen listens for these
      const open = () => navigate(`/c/${event.conversationId}`);
      if (event.type === "sla") {
        const title = t(event.stage === "breach" ? "toast.slaBreach" : "toast.slaWarning", { name: contactOf(event.conversationId) });
        showToast({ title, tone: event.stage === "breach" ? "error" : "warn", action: { label: t("toast.open"), run: open } });
      } else if (event.type === "mention") {
        const title = t("toast.mention", { name: event.byName });
        showToast({ title, body: event.text, action: { label: t("toast.open"), run: open } });
        notifyDesktop(title, event.text, `mention:${event.messageId}`, open);
      } else {
        const reason: MessageKey = RETURN_REASONS.includes(event.reason) ? (`returned.${event.reason}` as MessageKey) : "returned.other";
        const title = t("toast.returned", { name: contactOf(event.conversationId) });
        const body = t(reason, { agent: event.agentName ?? t("activity.someone") });
        showToast({ title, body, tone: "warn", action: { label: t("toast.open"), run: open } });
        notifyDesktop(title, body, `returned:${event.conversationId}`, open);
      }
    }),
  );

  return (
    <MeContext.Provider value={props.me}>
      <OfflineBanner />
      {props.children}
      <Toasts />
    </MeContext.Provider>
  );
}
