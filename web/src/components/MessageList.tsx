// The history of the open conversation: day separators, bubbles (reactions attached to the message they react
// to, quoted replies resolved by wamid), activity lines, optimistic sends; sticks to the bottom as messages arrive.
import { createEffect, createMemo, createSignal, For, type JSX, lazy, on, Show, Suspense } from "solid-js";
import type { Message } from "../../../shared/model";
import { loadOlderMessages } from "../data/inbox";
import { byTime } from "../data/merge";
import { type LocalSend, realtime } from "../data/realtime";
import { t } from "../i18n";
import { dayKey, dayLabel } from "../i18n/format";
import { ActivityLine } from "./ActivityLine";
import { failureText } from "./failure";
import { MessageBubble, quoteOf } from "./MessageBubble";
import * as C from "./message-content";

const LINE_KINDS = new Set(["activity", "system", "revoke", "request_welcome"]);
const MessageActions = lazy(() => import("./MessageActions"));

export function MessageList(props: {
  conversationId: string;
  customerName: string;
  lastInboundAt: number | null;
  windowClosesAt: number | null;
  onRetryFailed: (m: Message) => void;
  onRetryLocal: (send: LocalSend) => void;
}): JSX.Element {
  let scroller!: HTMLDivElement;
  const cache = () => realtime.conversations[props.conversationId];

  const all = createMemo(() => Object.values(cache()?.messages ?? {}).sort(byTime));
  const byWamid = createMemo(() => {
    const map = new Map<string, Message>();
    for (const m of all()) if (m.wamid) map.set(m.wamid, m);
    return map;
  });
  /** Latest reaction per target message from each side (the customer's and ours; either can change or remove it). */
  const reactions = createMemo(() => {
    const map = new Map<string, Record<string, string>>();
    for (const m of all()) {
      if (m.kind !== "reaction" || m.status === "failed") continue;
      const r = C.reaction(m.content);
      if (r.targetWamid && byWamid().has(r.targetWamid)) map.set(r.targetWamid, { ...map.get(r.targetWamid), [m.direction]: r.emoji ?? "" });
    }
    return map;
  });
  /** The customer message pointed at or focused last: its actions (react, reply) load on first use. */
  const [acting, setActing] = createSignal<string>();
  const act = (e: Event) => {
    const id = (e.target as Element).closest<HTMLElement>(".msg-in")?.dataset.messageId;
    if (id) setActing(id);
  };
  const visible = createMemo(() =>
    all().filter((m) => {
      if (m.kind !== "reaction") return true;
      const target = C.reaction(m.content).targetWamid;
      return !target || !byWamid().has(target); // a reaction to something not loaded stays as its own line
    }),
  );
  const locals = createMemo(() =>
    Object.values(realtime.localSends)
      .filter((s) => s.conversationId === props.conversationId)
      .sort((a, b) => a.createdAt - b.createdAt),
  );

  // Stick to the bottom: on open, and whenever something arrives while the agent is already near the bottom.
  const nearBottom = () => scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 160;
  let first = true;
  createEffect(
    on(
      () => [visible().length, locals().length, visible()[visible().length - 1]?.id],
      () => {
        const stick = first || nearBottom() || locals().some((s) => s.state === "sending");
        if (visible().length) first = false;
        if (stick) queueMicrotask(() => (scroller.scrollTop = scroller.scrollHeight));
      },
    ),
  );

  const [loadingOlder, setLoadingOlder] = createSignal(false);
  async function older() {
    setLoadingOlder(true);
    const fromBottom = scroller.scrollHeight - scroller.scrollTop;
    try {
      await loadOlderMessages(props.conversationId);
    } finally {
      setLoadingOlder(false);
      queueMicrotask(() => (scroller.scrollTop = scroller.scrollHeight - fromBottom));
    }
  }

  const localAsMessage = (s: LocalSend): Message => ({
    id: `local:${s.clientId}`,
    conversationId: s.conversationId,
    seq: Number.MAX_SAFE_INTEGER,
    updatedSeq: 0,
    direction: s.private ? "note" : "out",
    kind: s.attachment ? s.attachment.kind : s.template ? "template" : "text",
    wamid: null,
    text: s.text,
    content: s.template ? { name: s.template.name } : { body: s.text },
    context: null,
    referral: null,
    media: null,
    status: "pending",
    errorCode: null,
    errorReason: null,
    authorId: null,
    authorName: null,
    sentAt: s.createdAt,
    createdAt: s.createdAt,
    clientId: s.clientId,
  });

  return (
    <div class="messages" ref={scroller} role="log" aria-label={t("conv.messages")} aria-live="polite" tabindex="0" onMouseOver={act} onFocusIn={act}>
      <div class="messages-inner">
        <Show when={cache()?.hasMore}>
          <button type="button" class="btn btn-ghost load-older" disabled={loadingOlder()} onClick={() => void older()}>
            {loadingOlder() ? t("app.loading") : t("conv.loadOlder")}
          </button>
        </Show>
        <For each={visible()}>
          {(m, i) => {
            const prev = () => visible()[i() - 1];
            const newDay = () => !prev() || dayKey(prev()!.sentAt) !== dayKey(m.sentAt);
            const grouped = () => {
              const p = prev();
              return !newDay() && !!p && p.direction === m.direction && p.authorId === m.authorId && !LINE_KINDS.has(p.kind) && m.sentAt - p.sentAt < 5 * 60_000;
            };
            return (
              <>
                <Show when={newDay()}>
                  <div class="day-sep" role="separator">
                    <span>{dayLabel(m.sentAt)}</span>
                  </div>
                </Show>
                <Show
                  when={!LINE_KINDS.has(m.kind) && !(m.kind === "reaction")}
                  fallback={
                    m.kind === "reaction" ? (
                      <div class="activity">
                        <span class="activity-text">{C.reaction(m.content).emoji ? t("msg.reactedTo", { emoji: C.reaction(m.content).emoji! }) : t("msg.reactionRemoved")}</span>
                      </div>
                    ) : (
                      <ActivityLine message={m} />
                    )
                  }
                >
                  <MessageBubble
                    message={m}
                    grouped={grouped()}
                    quote={m.context?.replyTo ? (byWamid().get(m.context.replyTo) ? quoteOf(byWamid().get(m.context.replyTo)!, props.customerName) : null) : undefined}
                    reactions={m.wamid ? Object.values(reactions().get(m.wamid) ?? {}).filter(Boolean) : undefined}
                    actions={
                      acting() === m.id && (
                        <Suspense>
                          <MessageActions conversationId={props.conversationId} message={m} lastInboundAt={props.lastInboundAt} windowClosesAt={props.windowClosesAt} />
                        </Suspense>
                      )
                    }
                    failure={m.status === "failed" ? failureText(m.errorCode, m.errorReason) : null}
                    onRetry={m.status === "failed" && m.direction === "out" && m.kind === "text" ? () => props.onRetryFailed(m) : undefined}
                  />
                </Show>
              </>
            );
          }}
        </For>
        <For each={locals()}>
          {(s) => (
            <MessageBubble
              message={localAsMessage(s)}
              upload={s.attachment ? { name: s.attachment.file.name, previewUrl: s.attachment.previewUrl, progress: s.attachment.progress, caption: s.text } : undefined}
              status={s.state === "failed" ? "failed" : "sending"}
              failure={s.error ? failureText(s.error.code, s.error.message) : null}
              onRetry={s.state === "failed" && s.error?.code !== "window_closed" ? () => props.onRetryLocal(s) : undefined}
            />
          )}
        </For>
      </div>
    </div>
  );
}
