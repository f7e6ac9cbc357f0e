// The body of a bubble for every message kind the backend stores: text, media (with pending/failed states),
// location, contact cards, interactive and template-button replies, orders, unsupported, templates.
import { For, type JSX, Match, Show, Switch } from "solid-js";
import type { Message } from "../../../shared/model";
import { mediaUrl } from "../data/api";
import { locale, t } from "../i18n";
import { safeHref } from "../lib/whatsapp-format";
import { FormattedText } from "./FormattedText";
import { Icon } from "./Icon";
import * as C from "./message-content";

function Media(props: { message: Message; children: (src: string) => JSX.Element }): JSX.Element {
  return (
    <Switch>
      <Match when={props.message.media?.state === "stored"}>{props.children(mediaUrl(props.message.conversationId, props.message.id))}</Match>
      <Match when={props.message.media?.state === "failed"}>
        <div class="media-state media-failed">
          <Icon name="alert" size={16} />
          {t("msg.mediaFailed", { reason: props.message.media?.error ?? "—" })}
        </div>
      </Match>
      <Match when={true}>
        <div class="media-state media-pending" role="status">
          <span class="spinner" aria-hidden="true" />
          {t("msg.mediaPending")}
        </div>
      </Match>
    </Switch>
  );
}

function Caption(props: { text?: string }): JSX.Element {
  return <Show when={props.text}>{(text) => <FormattedText text={text()} class="caption" />}</Show>;
}

export function MessageContent(props: { message: Message }): JSX.Element {
  const m = () => props.message;
  const text = () => C.contentBody(m().content) ?? m().text ?? "";
  return (
    <Switch fallback={<FormattedText text={m().text ?? ""} />}>
      <Match when={m().kind === "text"}>
        <FormattedText text={text()} />
      </Match>
      <Match when={m().kind === "image"}>
        <Media message={m()}>{(src) => <a href={src} target="_blank" rel="noopener" class="media-link"><img class="media-img" src={src} alt={C.caption(m().content) ?? t("msg.image")} loading="lazy" /></a>}</Media>
        <Caption text={C.caption(m().content)} />
      </Match>
      <Match when={m().kind === "sticker"}>
        <Media message={m()}>{(src) => <img class="media-sticker" src={src} alt={t("msg.sticker")} loading="lazy" />}</Media>
      </Match>
      <Match when={m().kind === "audio"}>
        <div class="audio">
          <span class="audio-label">{m().media?.voice ? t("kind.voice") : t("kind.audio")}</span>
          <Media message={m()}>{(src) => <audio controls preload="none" src={src} aria-label={m().media?.voice ? t("msg.voice") : t("kind.audio")} />}</Media>
        </div>
      </Match>
      <Match when={m().kind === "video"}>
        <Media message={m()}>{(src) => <video class="media-video" controls preload="metadata" src={src} />}</Media>
        <Caption text={C.caption(m().content)} />
      </Match>
      <Match when={m().kind === "document"}>
        <div class="doc">
          <span class="doc-icon" aria-hidden="true">
            <Icon name="file" size={20} />
          </span>
          <span class="doc-name">{m().media?.filename ?? C.filename(m().content) ?? t("kind.document")}</span>
          <Media message={m()}>
            {(src) => (
              <a class="btn btn-secondary btn-sm" href={src} download={m().media?.filename ?? ""}>
                <Icon name="download" size={14} />
                {t("msg.download")}
              </a>
            )}
          </Media>
        </div>
        <Caption text={C.caption(m().content)} />
      </Match>
      <Match when={m().kind === "location"}>
        {(() => {
          const l = C.location(m().content);
          const href = l.latitude !== undefined && l.longitude !== undefined ? `https://www.openstreetmap.org/?mlat=${l.latitude}&mlon=${l.longitude}#map=17/${l.latitude}/${l.longitude}` : (safeHref(l.url) ?? undefined);
          return (
            <div class="loc">
              <span class="loc-pin" aria-hidden="true">
                <Icon name="pin" size={22} />
              </span>
              <div class="loc-text">
                <div class="loc-name">{l.name ?? t("kind.location").replace(/^\S+\s/, "")}</div>
                <Show when={l.address}>
                  <div class="loc-address">{l.address}</div>
                </Show>
                <Show when={href}>
                  <a href={href} target="_blank" rel="noopener noreferrer">
                    {t("msg.openMap")}
                  </a>
                </Show>
              </div>
            </div>
          );
        })()}
      </Match>
      <Match when={m().kind === "contacts"}>
        <For each={C.contactCards(m().content)}>
          {(card) => (
            <div class="vcard">
              <div class="vcard-title">
                <Icon name="user" size={16} />
                <strong>{card.name}</strong>
              </div>
              <Show when={card.org}>
                <div class="vcard-line">{card.org}</div>
              </Show>
              <For each={card.phones}>{(p) => <a class="vcard-line" href={`tel:${p.replace(/[^\d+]/g, "")}`}>{p}</a>}</For>
              <For each={card.emails}>{(e) => <a class="vcard-line" href={`mailto:${e}`}>{e}</a>}</For>
            </div>
          )}
        </For>
      </Match>
      <Match when={m().kind === "interactive"}>
        {(() => {
          const r = C.interactiveReply(m().content);
          const title = r.title ?? m().text ?? "";
          return (
            <div class="choice">
              <span class="choice-label">{r.type === "list_reply" ? t("msg.listReply", { title }) : r.type === "nfm_reply" ? t("msg.flowReply") : t("msg.buttonReply", { title })}</span>
              <Show when={r.description}>
                <span class="choice-desc">{r.description}</span>
              </Show>
            </div>
          );
        })()}
      </Match>
      <Match when={m().kind === "button"}>
        <div class="choice">
          <span class="choice-label">{t("msg.templateButton", { title: C.buttonText(m().content) ?? m().text ?? "" })}</span>
        </div>
      </Match>
      <Match when={m().kind === "order"}>
        {(() => {
          const o = C.order(m().content);
          return (
            <div class="order">
              <div class="order-title">
                🛒 <strong>{t("msg.order")}</strong>
              </div>
              <ul class="order-items">
                <For each={o.items}>
                  {(item) => (
                    <li>
                      <span>{t("msg.orderItem", { qty: item.quantity, item: item.id })}</span>
                      <Show when={item.price !== undefined}>
                        <span>{C.money(item.price! * item.quantity, item.currency, locale())}</span>
                      </Show>
                    </li>
                  )}
                </For>
              </ul>
              <Show when={o.total !== undefined}>
                <div class="order-total">
                  <span>{t("msg.orderTotal")}</span>
                  <strong>{C.money(o.total!, o.currency, locale())}</strong>
                </div>
              </Show>
              <Show when={o.text}>{(note) => <FormattedText text={note()} class="caption" />}</Show>
            </div>
          );
        })()}
      </Match>
      <Match when={m().kind === "unsupported"}>
        <div class="unsupported">
          <Icon name="alert" size={16} />
          <div>
            <div>{t("msg.unsupported")}</div>
            <Show when={C.unsupportedType(m().content)}>{(type) => <div class="muted small">{t("msg.unsupportedType", { type: type() })}</div>}</Show>
          </div>
        </div>
      </Match>
      <Match when={m().kind === "template"}>
        <div class="tpl-label">
          <Icon name="note" size={14} />
          {t("msg.template", { name: C.templateName(m().content) ?? "" })}
        </div>
        <FormattedText text={m().text ?? ""} />
      </Match>
    </Switch>
  );
}
