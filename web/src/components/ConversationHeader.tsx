// The open conversation's header: who the customer is, who owns it (and in which team), who else is looking,
// and the actions: Tomar / Soltar / Transferir / Asignar / Posponer / Resolver, then priority and tags.
// Labels collapse to icons (with names for screen readers and tooltips) when the pane is narrow.
import { createSignal, For, type JSX, lazy, Show, Suspense } from "solid-js";
import { BOT_AGENT_ID, type ConversationState, type Priority } from "../../../shared/model";
import { directory, tagById, teamById } from "../data/directory";
import type { Viewer } from "../data/realtime";
import type { Me } from "../data/types";
import { type MessageKey, t, timeZone } from "../i18n";
import { fullDate, shortDateTime } from "../i18n/format";
import { contactOpen, setContactOpen } from "../pages/inbox-ui";
import { Avatar } from "./Avatar";
import { canHandOver, type ConversationActions } from "./conversation-actions";
import { displayName, prettyPhone } from "./contact-name";
import { Icon } from "./Icon";
import { SlaChip } from "./SlaChip";
import { Popover } from "./Popover";
import { SnoozeMenu } from "./SnoozeMenu";
import { TagChip } from "./TagChip";

const TransferDialog = lazy(() => import("./TransferDialog"));
const PRIORITIES: Priority[] = ["urgent", "high", "normal", "low"];

export function ConversationHeader(props: { conversation: ConversationState; me: Me; viewers: Viewer[]; actions: ConversationActions; onBack: () => void }): JSX.Element {
  const c = () => props.conversation;
  const meId = props.me.agent.id;
  const supervisor = props.me.agent.role !== "agent";
  const a = props.actions;
  const [dialog, setDialog] = createSignal<"transfer" | "assign" | null>(null);
  const mine = () => c().assigneeId === meId;
  const claimable = () => c().assigneeId === null || c().assigneeId === BOT_AGENT_ID;
  const closed = () => c().status === "resolved" || c().status === "snoozed";
  const name = () => displayName(c().contact.name, c().contact.phone);
  const ownerLabel = () =>
    c().assigneeId === null ? t("conv.unassigned") : mine() ? t("conv.ownerYou") : t("conv.owner", { name: c().assigneeName ?? t("conv.someone") });
  const freeTags = () => directory.tags.filter((tag) => !c().tagIds.includes(tag.id));

  return (
    <>
      <header class="conv-head">
        <button type="button" class="icon-btn only-narrow" aria-label={t("conv.back")} onClick={() => props.onBack()}>
          <Icon name="back" />
        </button>
        <Avatar name={c().contact.name ?? c().contact.phone?.slice(-2)} seed={c().contact.key || c().id} />
        <div class="conv-title">
          <h2 class="conv-name">{name()}</h2>
          <div class="conv-sub">
            <Show when={c().contact.name && c().contact.phone}>
              <span>{prettyPhone(c().contact.phone)}</span>
            </Show>
            <Show when={c().status !== "open"}>
              <span class={`status-pill status-${c().status}`}>{t(`status.${c().status}` as MessageKey)}</span>
            </Show>
            <SlaChip sla={c().sla} />
          </div>
        </div>
        <div class="conv-actions">
          <Show when={props.viewers.length}>
            <div class="presence" title={t("conv.viewing", { names: props.viewers.map((v) => v.name).join(", ") })}>
              <For each={props.viewers.slice(0, 3)}>{(v) => <Avatar name={v.name} seed={v.agentId} size="sm" />}</For>
              <span class="sr-only">{t("conv.viewing", { names: props.viewers.map((v) => v.name).join(", ") })}</span>
            </div>
          </Show>
          <button type="button" class="icon-btn" aria-label={t("conv.showContact")} aria-pressed={contactOpen()} onClick={() => setContactOpen(!contactOpen())}>
            <Icon name="info" />
          </button>
        </div>
      </header>

      <div class="conv-bar" role="toolbar" aria-label={t("actions.label")}>
        <span class="owner" classList={{ "owner-me": mine(), "owner-none": c().assigneeId === null }} data-owner={c().assigneeId ?? ""}>
          <Show when={c().assigneeId} fallback={<Icon name="inbox" size={14} />}>
            {(aid) => <Avatar name={c().assigneeName} seed={aid()} size="sm" />}
          </Show>
          <span class="owner-label">
            {ownerLabel()}
            <Show when={teamById(c().teamId)}>{(team) => <span class="owner-team"> · {team().name}</span>}</Show>
          </span>
        </span>
        <span class="bar-spacer" />
        <Show when={claimable() && !closed()}>
          <button type="button" class="btn btn-primary btn-sm" onClick={() => void a.claim()} disabled={!!a.busy()} title={t("conv.claimHint")}>
            <Icon name="hand" size={16} />
            {a.busy() === "claim" ? t("conv.claiming") : t("conv.claim")}
            <kbd class="kbd-on-primary">c</kbd>
          </button>
        </Show>
        <Show when={c().assigneeId !== null && (mine() || supervisor)}>
          <button type="button" class="btn btn-secondary btn-sm act" onClick={() => void a.release()} disabled={!!a.busy()} aria-label={t("actions.release")} title={t("actions.releaseHint")}>
            <Icon name="release" size={16} />
            <span class="act-label">{t("actions.release")}</span>
          </button>
        </Show>
        <Show when={canHandOver(c(), props.me)}>
          <button type="button" class="btn btn-secondary btn-sm act" onClick={() => setDialog("transfer")} disabled={!!a.busy()} aria-label={t("actions.transfer")} title={t("actions.transfer")}>
            <Icon name="transfer" size={16} />
            <span class="act-label">{t("actions.transfer")}</span>
          </button>
        </Show>
        <Show when={supervisor}>
          <button type="button" class="btn btn-secondary btn-sm act" onClick={() => setDialog("assign")} disabled={!!a.busy()} aria-label={t("actions.assign")} title={t("actions.assign")}>
            <Icon name="user" size={16} />
            <span class="act-label">{t("actions.assign")}</span>
          </button>
        </Show>
        <Show when={c().status !== "snoozed"}>
          <SnoozeMenu disabled={!!a.busy()} timeZone={timeZone() ?? props.me.workspace.timezone} onSnooze={(until) => a.setStatus({ status: "snoozed", snoozedUntil: until })} />
        </Show>
        <Show
          when={closed()}
          fallback={
            <button type="button" class="btn btn-secondary btn-sm act act-resolve" onClick={() => void a.setStatus({ status: "resolved" })} disabled={!!a.busy()} aria-label={t("actions.resolve")} title={t("actions.resolveHint")}>
              <Icon name="check" size={16} />
              <span class="act-label">{t("actions.resolve")}</span>
              <kbd>e</kbd>
            </button>
          }
        >
          <button type="button" class="btn btn-secondary btn-sm act" onClick={() => void a.setStatus({ status: "open" })} disabled={!!a.busy()} aria-label={t("actions.reopen")}>
            <Icon name="retry" size={16} />
            <span class="act-label">{t("actions.reopen")}</span>
          </button>
        </Show>
      </div>

      <div class="conv-labels">
        <label class="prio-select" classList={{ [`is-${c().priority}`]: true }}>
          <Icon name="flag" size={14} />
          <span class="sr-only">{t("contact.priority")}</span>
          <select aria-label={t("contact.priority")} value={c().priority} disabled={!!a.busy()} onChange={(e) => void a.setPriority(e.currentTarget.value as Priority)}>
            <For each={PRIORITIES}>{(p) => <option value={p}>{t(`priority.${p}` as MessageKey)}</option>}</For>
          </select>
        </label>
        <div class="tag-list" aria-label={t("tags.label")}>
          <For each={c().tagIds}>
            {(id) => <Show when={tagById(id)}>{(tag) => <TagChip tag={tag()} onRemove={() => void a.changeTags({ remove: [id] })} />}</Show>}
          </For>
        </div>
        <Popover label={t("tags.add")} triggerClass="btn btn-ghost btn-sm add-tag" trigger={<><Icon name="plus" size={14} />{t("tags.addShort")}</>} disabled={!!a.busy()}>
          {(close) => (
            <Show when={freeTags().length} fallback={<p class="popover-empty">{directory.tags.length ? t("tags.allUsed") : t("tags.none")}</p>}>
              <ul class="menu" role="list">
                <For each={freeTags()}>
                  {(tag) => (
                    <li>
                      <button
                        type="button"
                        class="menu-item"
                        onClick={() => {
                          close();
                          void a.changeTags({ add: [tag.id] });
                        }}
                      >
                        <TagChip tag={tag} />
                      </button>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          )}
        </Popover>
      </div>

      <Show when={c().status === "snoozed" && c().snoozedUntil}>
        {(until) => (
          <div class="notice notice-snooze" role="status">
            <Icon name="snooze" size={16} />
            <span title={fullDate(until())}>{t("snooze.until", { when: shortDateTime(until()) })}</span>
            <button type="button" class="link-btn" onClick={() => void a.setStatus({ status: "open" })}>
              {t("snooze.wake")}
            </button>
          </div>
        )}
      </Show>
      <Show when={a.error()}>
        <div class="notice notice-warn" role="alert">
          <Icon name="alert" size={16} />
          <span class="notice-text">{a.error()}</span>
          <button type="button" class="icon-btn" aria-label={t("toast.close")} onClick={() => a.clearError()}>
            <Icon name="close" size={14} />
          </button>
        </div>
      </Show>
      <Show when={dialog()}>
        {(mode) => (
          <Suspense>
            <TransferDialog mode={mode()} conversation={c()} me={props.me} actions={a} onClose={() => setDialog(null)} />
          </Suspense>
        )}
      </Show>
    </>
  );
}
