// One message in the history: inbound (left, white), outbound (right, green, with ticks and author), internal
// note (yellow, "Nota interna"), with its quoted message, reactions and — when it failed — the reason and a retry.
import { For, type JSX, Show } from "solid-js";
import type { Message, MessageStatus } from "../../../shared/model";
import { t } from "../i18n";
import { timeOfDay } from "../i18n/format";
import { Icon } from "./Icon";
import { kindLabel } from "./message-labels";
import { MessageContent } from "./MessageContent";
import { Ticks } from "./Ticks";

export interface Quote {
  author: string;
  text: string;
}

export function quoteOf(m: Message, customerName: string): Quote {
  const label = m.kind !== "text" ? kindLabel(m.kind, m.text ?? undefined, m.media?.voice) : "";
  return {
    author: m.direction === "in" ? customerName : (m.authorName ?? t("preview.you").replace(/:\s*$/, "")),
    text: [label, m.text ?? ""].filter(Boolean).join(" · "),
  };
}

export function MessageBubble(props: {
  message: Message;
  /** Shown as this status instead of the message's (optimistic sends). */
  status?: MessageStatus | "sending";
  quote?: Quote | null;
  reactions?: string[];
  grouped?: boolean;
  failure?: string | null;
  onRetry?: () => void;
  /** A file still uploading (or refused): its preview and progress instead of the stored content. */
  upload?: { name: string; previewUrl: string | null; progress: number; caption: string };
  /** React / reply, for a customer's message (focusable, so the keyboard reaches them). */
  actions?: JSX.Element;
}): JSX.Element {
  const m = () => props.message;
  const side = () => (m().direction === "in" ? "in" : m().direction === "note" ? "note" : "out");
  const status = () => props.status ?? m().status;
  const bare = () => m().kind === "sticker";
  return (
    <div
      class={`msg msg-${side()}`}
      classList={{ "is-grouped": props.grouped, "is-failed": status() === "failed" }}
      data-message-id={m().id}
      data-kind={m().kind}
      data-status={status()}
      tabindex={side() === "in" ? 0 : undefined}
    >
      <div class="bubble" classList={{ "bubble-bare": bare() }}>
        <Show when={side() === "note"}>
          <div class="note-label">
            <Icon name={(m().content as { transfer?: boolean } | null)?.transfer ? "transfer" : "note"} size={14} />
            {(m().content as { transfer?: boolean } | null)?.transfer ? t("msg.transferNote") : t("msg.note")}
            <Show when={m().authorName}>
              <span class="note-author">· {m().authorName}</span>
            </Show>
          </div>
        </Show>
        <Show when={m().context?.forwarded || m().context?.frequentlyForwarded}>
          <div class="forwarded">↪ {t(m().context?.frequentlyForwarded ? "msg.frequentlyForwarded" : "msg.forwarded")}</div>
        </Show>
        <Show when={m().referral?.headline}>
          <div class="forwarded">📣 {t("msg.fromAd", { headline: m().referral!.headline! })}</div>
        </Show>
        <Show when={props.quote !== undefined && m().context?.replyTo}>
          <div class="quote">
            <div class="quote-author">{props.quote?.author ?? t("msg.quoted")}</div>
            <div class="quote-text">{props.quote?.text || t("msg.quoted")}</div>
          </div>
        </Show>
        <Show when={props.upload} fallback={<MessageContent message={m()} />}>
          {(u) => (
            <div class="upload">
              <Show when={u().previewUrl} fallback={<div class="doc"><span class="doc-icon" aria-hidden="true"><Icon name="file" size={20} /></span><span class="doc-name">{u().name}</span></div>}>
                {(src) => <img class="media-img upload-img" src={src()} alt={u().name} />}
              </Show>
              <Show when={status() === "sending"}>
                <div class="upload-bar" role="progressbar" aria-label={t("attach.uploading", { name: u().name })} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(u().progress * 100)}>
                  <span style={{ width: `${Math.round(u().progress * 100)}%` }} />
                </div>
              </Show>
              <Show when={u().caption}>
                <div class="caption">{u().caption}</div>
              </Show>
            </div>
          )}
        </Show>
        <div class="meta">
          <Show when={side() === "out" && m().authorName}>
            <span class="meta-author">{m().authorName}</span>
          </Show>
          <time dateTime={new Date(m().sentAt).toISOString()}>{timeOfDay(m().sentAt)}</time>
          <Show when={side() === "out"}>
            <Ticks status={status()} />
          </Show>
          <Show when={side() === "note" && status() === "sending"}>
            <Ticks status="sending" />
          </Show>
        </div>
      </div>
      {props.actions}
      <Show when={props.reactions?.length}>
        <div class="reactions" aria-label={t("kind.reaction", { emoji: props.reactions!.join(" ") })}>
          <For each={props.reactions}>{(emoji) => <span class="reaction">{emoji}</span>}</For>
        </div>
      </Show>
      <Show when={status() === "failed"}>
        <div class="failure" role="alert">
          <Icon name="alert" size={14} />
          <span>{props.failure ?? t("msg.notSent")}</span>
          <Show when={props.onRetry}>
            <button type="button" class="link-btn" onClick={() => props.onRetry?.()}>
              <Icon name="retry" size={14} />
              {t("msg.retry")}
            </button>
          </Show>
        </div>
      </Show>
    </div>
  );
}
