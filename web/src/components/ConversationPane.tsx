// The open conversation: header (customer, owner, actions, labels), history, typing line, composer, and the
// contact panel (loaded on demand). Opens the conversation's socket, marks it read, wires the c / e shortcuts,
// and takes files dropped anywhere on it.
import { createAsync, useAction } from "@solidjs/router";
import { createEffect, createMemo, createSignal, type JSX, lazy, on, onCleanup, Show, Suspense } from "solid-js";
import type { Message } from "../../../shared/model";
import { ApiError } from "../data/api";
import { getConversation, markReadAction, newClientId, sendAction, sendAttachment } from "../data/inbox";
import { type LocalSend, openConversation, realtime } from "../data/realtime";
import type { Me } from "../data/types";
import { t } from "../i18n";
import { claimTick, contactOpen, resolveTick, setContactOpen, setSelectedId } from "../pages/inbox-ui";
import { rememberAgent } from "./agent-names";
import { Composer } from "./Composer";
import { displayName } from "./contact-name";
import { useConversationActions } from "./conversation-actions";
import { ConversationHeader } from "./ConversationHeader";
import { Icon } from "./Icon";
import { MessageList } from "./MessageList";

const ContactPanel = lazy(() => import("./ContactPanel"));

export function ConversationPane(props: { id: string; me: Me; onBack: () => void }): JSX.Element {
  const view = createAsync(() => getConversation(props.id).catch((err: unknown) => (err instanceof ApiError ? err : new ApiError(0, "network", String(err)))));
  onCleanup(openConversation(props.id));
  setSelectedId(props.id);

  const cache = () => realtime.conversations[props.id];
  const loaded = () => {
    const v = view();
    return v && !(v instanceof ApiError) ? v : undefined;
  };
  const conversation = () => cache()?.conversation ?? loaded()?.conversation;
  const lost = () => realtime.lost[props.id];
  const meId = props.me.agent.id;

  // Read on open, and again whenever new customer messages arrive while it is open and visible.
  const markRead = useAction(markReadAction);
  createEffect(() => {
    const c = conversation();
    if (c && c.unreadCount > 0 && !document.hidden) void markRead(props.id);
  });
  void markRead(props.id);

  createEffect(() => {
    const c = conversation();
    if (c) rememberAgent(c.assigneeId, c.assigneeName);
  });

  const actions = useConversationActions(() => props.id, props.me);
  createEffect(on(claimTick, () => conversation()?.assigneeId !== meId && void actions.claim(), { defer: true }));
  createEffect(on(resolveTick, () => conversation() && conversation()!.status !== "resolved" && void actions.setStatus({ status: "resolved" }), { defer: true }));

  // ---- presence ----
  const others = createMemo(() => (realtime.presence[props.id] ?? []).filter((v) => v.agentId !== meId));
  createEffect(() => others().forEach((v) => rememberAgent(v.agentId, v.name)));
  const typists = () => others().filter((v) => v.typing);

  // ---- retries ----
  const send = useAction(sendAction);
  const retryLocal = (s: LocalSend) =>
    void (s.attachment
      ? sendAttachment({ conversationId: props.id, clientId: s.clientId, file: s.attachment.file, kind: s.attachment.kind, caption: s.text || undefined })
      : send({ conversationId: props.id, clientId: s.clientId, text: s.text, private: s.private, template: s.template })
    ).catch(() => undefined);
  const retryFailed = (m: Message) => void send({ conversationId: props.id, clientId: newClientId(), text: m.text ?? "" }).catch(() => undefined);

  // ---- files dropped on the pane ----
  const [dropping, setDropping] = createSignal(false);
  const [dropped, setDropped] = createSignal<File | null>(null);

  const name = () => {
    const c = conversation();
    return c ? displayName(c.contact.name, c.contact.phone) : "";
  };

  return (
    <>
      <section
        class="pane pane-conversation"
        aria-label={name()}
        onDragOver={(e) => {
          if (!e.dataTransfer?.types.includes("Files")) return;
          e.preventDefault();
          setDropping(true);
        }}
        onDragLeave={(e) => e.currentTarget === e.target && setDropping(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDropping(false);
          const file = e.dataTransfer?.files[0];
          if (file) setDropped(file);
        }}
      >
        <Show
          when={!lost()}
          fallback={
            <div class="empty-state">
              <Show when={actions.handedTo()} fallback={<><h2>{actions.error() ?? t("conv.lost")}</h2><p>{t("conv.lostHint")}</p></>}>
                {(to) => (
                  <>
                    <div class="empty-mark" aria-hidden="true">👋</div>
                    <h2>{t("conv.handedOff", { name: to() })}</h2>
                    <p>{t("conv.handedOffHint")}</p>
                  </>
                )}
              </Show>
              <button type="button" class="btn btn-secondary only-narrow" onClick={() => props.onBack()}>
                {t("conv.back")}
              </button>
            </div>
          }
        >
          <Show
            when={conversation()}
            fallback={
              <div class="empty-state" role="status">
                <p>{view() instanceof ApiError ? t("conv.notFound") : t("conv.loading")}</p>
              </div>
            }
          >
            {(c) => (
              <>
                <ConversationHeader conversation={c()} me={props.me} viewers={others()} actions={actions} onBack={props.onBack} />
                <MessageList conversationId={props.id} customerName={name()} lastInboundAt={c().lastInboundAt} windowClosesAt={loaded()?.windowClosesAt ?? null} onRetryFailed={retryFailed} onRetryLocal={retryLocal} />
                <div class="typing" aria-live="polite">
                  <Show when={realtime.botDraft[props.id]}>
                    {(draft) => (
                      <span class="bot-draft">
                        <strong>{t("conv.botWriting")}</strong> {draft()}
                      </span>
                    )}
                  </Show>
                  <Show when={typists().length}>
                    <span class="typing-dots" aria-hidden="true">
                      <i />
                      <i />
                      <i />
                    </span>
                    {t("conv.typing", { name: typists().map((v) => v.name).join(", ") })}
                  </Show>
                </div>
                <Composer conversation={c()} me={props.me} windowClosesAt={loaded()?.windowClosesAt ?? null} dropped={dropped()} onDroppedTaken={() => setDropped(null)} />
                <Show when={dropping()}>
                  <div class="drop-zone" aria-hidden="true">
                    <Icon name="clip" size={28} />
                    {t("attach.drop")}
                  </div>
                </Show>
              </>
            )}
          </Show>
        </Show>
      </section>
      <Show when={contactOpen() && !lost() && conversation()}>
        {(c) => (
          <Suspense fallback={<aside class="pane pane-contact" aria-busy="true" />}>
            <ContactPanel conversation={c()} contactId={c().contactId ?? realtime.rows[props.id]?.contactId ?? `ct_${props.id.slice(3)}`} me={props.me} onClose={() => setContactOpen(false)} />
          </Suspense>
        )}
      </Show>
    </>
  );
}
