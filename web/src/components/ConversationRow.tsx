// One row of the list: who (name or phone), the last message (media as "📷 Foto"), when, unread badge,
// owner initials, how long the customer has waited, tags, snooze, the 24-hour window and a priority marker.
import { For, type JSX, Show } from "solid-js";
import type { ConversationSummary } from "../../../shared/model";
import { SERVICE_WINDOW_MS } from "../../../shared/model";
import type { Me } from "../data/types";
import { duration, now, relativeTime, waited } from "../i18n/format";
import { t } from "../i18n";
import { Avatar } from "./Avatar";
import { displayName } from "./contact-name";
import { Icon } from "./Icon";
import { kindLabel } from "./message-labels";
import { agentName } from "./agent-names";
import { tagById } from "../data/directory";
import { SlaChip } from "./SlaChip";
import { TagChip } from "./TagChip";
import { shortDateTime } from "../i18n/format";

export function previewOf(row: Pick<ConversationSummary, "lastMessagePreview" | "lastMessageKind" | "lastMessageDirection">): string {
  const kind = row.lastMessageKind;
  const text = row.lastMessagePreview?.trim() ?? "";
  const label = kind && kind !== "text" && kind !== "template" ? kindLabel(kind, text) : "";
  const body = label ? (text && kind !== "reaction" && kind !== "location" ? `${label} · ${text}` : label) : text;
  const prefix = row.lastMessageDirection === "out" ? t("preview.you") : row.lastMessageDirection === "note" ? t("preview.note") : "";
  return body ? prefix + body : t("list.noMessages");
}

export function ConversationRow(props: { row: ConversationSummary; me: Me; open: boolean; selected: boolean }): JSX.Element {
  const name = () => displayName(props.row.contactName, props.row.contactPhone);
  const windowLeft = () => (props.row.lastInboundAt === null ? null : props.row.lastInboundAt + SERVICE_WINDOW_MS - now());
  const ownerName = () => (props.row.assigneeId === props.me.agent.id ? props.me.agent.name : (props.row.assigneeName ?? agentName(props.row.assigneeId)));
  const urgent = () => props.row.priority === "urgent" || props.row.priority === "high";
  return (
    <a
      id={`row-${props.row.id}`}
      href={`/c/${props.row.id}`}
      class="row"
      classList={{ "is-open": props.open, "is-selected": props.selected, "is-unread": props.row.unreadCount > 0 }}
      aria-current={props.open ? "page" : undefined}
    >
      <Avatar name={props.row.contactName ?? props.row.contactPhone?.slice(-2)} seed={props.row.contactId || props.row.id} />
      <div class="row-body">
        <div class="row-line">
          <span class="row-name">{name()}</span>
          <Show when={urgent()}>
            <span class={`prio prio-${props.row.priority}`} title={t(props.row.priority === "urgent" ? "priority.urgent" : "priority.high")}>
              <Icon name="flag" size={12} title={t(props.row.priority === "urgent" ? "priority.urgent" : "priority.high")} />
            </span>
          </Show>
          <Show when={props.row.lastMessageAt}>{(at) => <time class="row-time">{relativeTime(at())}</time>}</Show>
        </div>
        <div class="row-line">
          <span class="row-preview">{previewOf(props.row)}</span>
          <Show when={props.row.unreadCount > 0}>
            <span class="badge" aria-label={t("list.unread", { n: props.row.unreadCount })}>
              {props.row.unreadCount > 99 ? "99+" : props.row.unreadCount}
            </span>
          </Show>
        </div>
        <div class="row-meta">
          <Show when={props.row.waitingSince !== null && props.row.status === "open" && props.row.waitingSince}>
            {(since) => (
              <span class="chip chip-wait" classList={{ "is-long": now() - since() > 10 * 60_000 }} title={t("list.waitingHint")}>
                {t("list.waiting", { time: waited(now() - since()) })}
              </span>
            )}
          </Show>
          <SlaChip sla={props.row.sla} />
          <Show when={props.row.status === "snoozed" && props.row.snoozedUntil}>
            {(until) => (
              <span class="chip chip-snooze">
                <Icon name="snooze" size={12} />
                {shortDateTime(until())}
              </span>
            )}
          </Show>
          <span class="row-tags">
            <For each={(props.row.tagIds ?? []).slice(0, 2)}>{(id) => <Show when={tagById(id)}>{(tag) => <TagChip tag={tag()} small />}</Show>}</For>
            <Show when={(props.row.tagIds ?? []).length > 2}>
              <span class="chip">+{props.row.tagIds.length - 2}</span>
            </Show>
          </span>
          <Show when={windowLeft() !== null && (windowLeft()! <= 0 || windowLeft()! < 2 * 3_600_000 || !props.row.tagIds?.length)}>
            <span
              class="chip chip-window"
              classList={{ "is-closed": windowLeft()! <= 0, "is-closing": windowLeft()! > 0 && windowLeft()! < 2 * 3_600_000 }}
              title={windowLeft()! > 0 ? t("list.windowLeft", { time: duration(windowLeft()!) }) : t("list.windowClosed")}
            >
              <Icon name="clock" size={12} />
              {windowLeft()! > 0 ? duration(windowLeft()!) : t("list.windowClosed")}
            </span>
          </Show>
          <span class="row-owner">
            <Show when={props.row.assigneeId} fallback={<span class="nobody" title={t("list.unassigned")}><span class="sr-only">{t("list.unassigned")}</span></span>}>
              {(id) => (
                <Avatar
                  name={ownerName() ?? "?"}
                  seed={id()}
                  size="sm"
                  title={id() === props.me.agent.id ? t("list.ownerYou") : t("list.ownerOther", { name: ownerName() ?? t("conv.someone") })}
                />
              )}
            </Show>
          </span>
        </div>
      </div>
    </a>
  );
}
