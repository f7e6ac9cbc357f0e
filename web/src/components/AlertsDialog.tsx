// Supervisors' "Sin atender" panel: customers waiting longer than the workspace's threshold, oldest first,
// with who has them; a click opens the conversation. Live (the workspace object resends the full set).
import { For, type JSX, onMount, Show } from "solid-js";
import { agentById } from "../data/directory";
import { realtime } from "../data/realtime";
import { tl } from "../i18n/on-demand";
import { now, waited } from "../i18n/format";
import { setAlertsOpen } from "../pages/inbox-ui";
import { Avatar } from "./Avatar";
import { displayName } from "./contact-name";

export default function AlertsDialog(props: { onOpen: (id: string) => void }): JSX.Element {
  let dialog!: HTMLDialogElement;
  onMount(() => dialog.showModal());
  const close = () => setAlertsOpen(false);
  return (
    <dialog ref={dialog} class="dialog dialog-wide" aria-labelledby="alerts-title" onClose={close}>
      <header class="dialog-head">
        <h2 id="alerts-title">{tl("alerts.title")}</h2>
        <button type="button" class="btn btn-ghost" onClick={() => dialog.close()}>
          {tl("shortcuts.close")}
        </button>
      </header>
      <div class="dialog-body">
        <p class="muted small">{tl("alerts.hint")}</p>
        <Show when={realtime.unattended.length} fallback={<p class="empty-line">{tl("alerts.none")}</p>}>
          <ul class="pick-list" role="list">
            <For each={realtime.unattended}>
              {(alert) => {
                const row = () => realtime.rows[alert.conversationId];
                const owner = () => agentById(alert.assigneeId)?.name ?? row()?.assigneeName;
                return (
                  <li>
                    <button
                      type="button"
                      class="pick"
                      onClick={() => {
                        dialog.close();
                        props.onOpen(alert.conversationId);
                      }}
                    >
                      <Avatar name={alert.contactName} seed={row()?.contactId ?? alert.conversationId} size="sm" />
                      <span class="pick-main">
                        <span class="pick-name">{displayName(alert.contactName, row()?.contactPhone)}</span>
                        <span class="pick-sub">{alert.assigneeId ? tl("alerts.owner", { name: owner() ?? tl("conv.someone") }) : tl("conv.unassigned")}</span>
                      </span>
                      <span class="chip chip-wait">{tl("list.waiting", { time: waited(now() - alert.waitingSince) })}</span>
                    </button>
                  </li>
                );
              }}
            </For>
          </ul>
        </Show>
      </div>
    </dialog>
  );
}
