// Right pane: who the customer is (name, phone, first contact) and the state of the conversation
// (24-hour window, status, owner, priority).
import { type JSX, Show } from "solid-js";
import { SERVICE_WINDOW_MS } from "../../../shared/model";
import type { ConversationState } from "../../../shared/model";
import { type MessageKey, t } from "../i18n";
import { duration, fullDate, now, relativeTime } from "../i18n/format";
import { Avatar } from "./Avatar";
import { displayName, prettyPhone } from "./contact-name";
import { Icon } from "./Icon";

export function ContactPanel(props: { conversation: ConversationState; meId: string; onClose: () => void }): JSX.Element {
  const c = () => props.conversation;
  const left = () => (c().lastInboundAt === null ? null : c().lastInboundAt! + SERVICE_WINDOW_MS - now());
  return (
    <aside class="pane pane-contact" aria-label={t("contact.title")}>
      <header class="contact-head">
        <h2 class="pane-title">{t("contact.title")}</h2>
        <button type="button" class="icon-btn" aria-label={t("contact.close")} onClick={() => props.onClose()}>
          <Icon name="close" size={16} />
        </button>
      </header>
      <div class="contact-card">
        <Avatar name={c().contact.name ?? c().contact.phone?.slice(-2)} seed={c().contact.key || c().id} size="lg" />
        <div class="contact-name">{displayName(c().contact.name, c().contact.phone)}</div>
        <Show when={c().contact.phone}>
          <a class="contact-phone" href={`tel:${c().contact.phone}`}>
            {prettyPhone(c().contact.phone)}
          </a>
        </Show>
      </div>
      <dl class="facts">
        <div class="fact">
          <dt>{t("contact.window")}</dt>
          <dd>
            <Show when={left() !== null} fallback={t("contact.windowNever")}>
              <span class="window-pill" classList={{ "is-closed": left()! <= 0, "is-closing": left()! > 0 && left()! < 2 * 3_600_000 }}>
                <span class="dot" aria-hidden="true" />
                {left()! > 0 ? t("contact.windowOpen", { time: duration(left()!) }) : t("contact.windowClosed")}
              </span>
            </Show>
          </dd>
        </div>
        <div class="fact">
          <dt>{t("contact.owner")}</dt>
          <dd>{c().assigneeId === props.meId ? t("conv.ownerYou") : (c().assigneeName ?? t("conv.unassigned"))}</dd>
        </div>
        <div class="fact">
          <dt>{t("contact.status")}</dt>
          <dd>{t(`status.${c().status}` as MessageKey)}</dd>
        </div>
        <Show when={c().priority !== "normal"}>
          <div class="fact">
            <dt>{t("contact.priority")}</dt>
            <dd>{t(`priority.${c().priority}` as MessageKey)}</dd>
          </div>
        </Show>
        <Show when={c().contact.phone}>
          <div class="fact">
            <dt>{t("contact.phone")}</dt>
            <dd class="mono-num">{c().contact.phone}</dd>
          </div>
        </Show>
        <Show when={c().contact.username}>
          <div class="fact">
            <dt>{t("contact.username")}</dt>
            <dd>{c().contact.username}</dd>
          </div>
        </Show>
        <div class="fact">
          <dt>{t("contact.firstSeen")}</dt>
          <dd title={fullDate(c().createdAt)}>{fullDate(c().createdAt)}</dd>
        </div>
        <Show when={c().lastInboundAt}>
          {(at) => (
            <div class="fact">
              <dt>{t("contact.lastMessage")}</dt>
              <dd title={fullDate(at())}>{relativeTime(at())}</dd>
            </div>
          )}
        </Show>
      </dl>
    </aside>
  );
}
