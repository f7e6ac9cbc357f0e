// The open conversation: header (customer, owner, Claim, who else is here), history, typing line, composer,
// and the contact panel. Opens the conversation's socket, marks it read, and handles the claim race.
import { createAsync, useAction } from "@solidjs/router";
import { createEffect, createMemo, createSignal, For, type JSX, on, onCleanup, Show } from "solid-js";
import type { Message } from "../../../shared/model";
import { ApiError } from "../data/api";
import { claimAction, getConversation, markReadAction, newClientId, sendAction } from "../data/inbox";
import { type LocalSend, openConversation, realtime } from "../data/realtime";
import type { Me } from "../data/types";
import { t } from "../i18n";
import { claimedHere, claimTick, contactOpen, setContactOpen, setSelectedId } from "../pages/inbox-ui";
import { rememberAgent } from "./agent-names";
import { Avatar } from "./Avatar";
import { Composer } from "./Composer";
import { ContactPanel } from "./ContactPanel";
import { displayName, prettyPhone } from "./contact-name";
import { failureText } from "./failure";
import { Icon } from "./Icon";
import { MessageList } from "./MessageList";

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

  // ---- claim ----
  const claim = useAction(claimAction);
  const [claiming, setClaiming] = createSignal(false);
  const [claimError, setClaimError] = createSignal<string | null>(null);
  async function doClaim() {
    const c = conversation();
    if (!c || claiming() || c.assigneeId === meId) return;
    setClaiming(true);
    setClaimError(null);
    claimedHere.add(props.id);
    try {
      await claim(props.id, meId);
    } catch (err) {
      const e = err as ApiError;
      const owner = (e.details as { owner?: { id?: string; name?: string | null } } | undefined)?.owner;
      rememberAgent(owner?.id, owner?.name);
      // An agent who lost the race may no longer see the conversation at all (404): that is the same answer.
      setClaimError(
        e.code === "already_claimed" ? t("conv.claimTaken", { name: owner?.name ?? t("conv.someone") }) : e.status === 404 ? t("conv.lost") : failureText(e.code, e.message),
      );
    } finally {
      setClaiming(false);
    }
  }
  createEffect(on(claimTick, () => void doClaim(), { defer: true }));

  // ---- presence ----
  const others = createMemo(() => (realtime.presence[props.id] ?? []).filter((v) => v.agentId !== meId));
  createEffect(() => others().forEach((v) => rememberAgent(v.agentId, v.name)));
  const typists = () => others().filter((v) => v.typing);

  // ---- retries ----
  const send = useAction(sendAction);
  const retryLocal = (s: LocalSend) => void send({ conversationId: props.id, clientId: s.clientId, text: s.text, private: s.private, template: s.template }).catch(() => undefined);
  const retryFailed = (m: Message) => void send({ conversationId: props.id, clientId: newClientId(), text: m.text ?? "" }).catch(() => undefined);

  const name = () => {
    const c = conversation();
    return c ? displayName(c.contact.name, c.contact.phone) : "";
  };

  return (
    <>
      <section class="pane pane-conversation" aria-label={name()}>
        <Show
          when={!lost()}
          fallback={
            <div class="empty-state">
              <h2>{claimError() ?? t("conv.lost")}</h2>
              <p>{t("conv.lostHint")}</p>
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
                    </div>
                  </div>
                  <div class="conv-actions">
                    <Show when={others().length}>
                      <div class="presence" title={t("conv.viewing", { names: others().map((v) => v.name).join(", ") })}>
                        <For each={others().slice(0, 3)}>{(v) => <Avatar name={v.name} seed={v.agentId} size="sm" />}</For>
                        <span class="sr-only">{t("conv.viewing", { names: others().map((v) => v.name).join(", ") })}</span>
                      </div>
                    </Show>
                    <Show
                      when={c().assigneeId}
                      fallback={
                        <button type="button" class="btn btn-primary" onClick={() => void doClaim()} disabled={claiming()} title={t("conv.claimHint")}>
                          <Icon name="hand" size={16} />
                          {claiming() ? t("conv.claiming") : t("conv.claim")}
                          <kbd class="kbd-on-primary">c</kbd>
                        </button>
                      }
                    >
                      {(aid) => (
                        <span class="owner" classList={{ "owner-me": aid() === meId }} data-owner={aid()}>
                          <Avatar name={c().assigneeName} seed={aid()} size="sm" />
                          {aid() === meId ? t("conv.ownerYou") : t("conv.owner", { name: c().assigneeName ?? t("conv.someone") })}
                        </span>
                      )}
                    </Show>
                    <button
                      type="button"
                      class="icon-btn"
                      aria-label={t("conv.showContact")}
                      aria-pressed={contactOpen()}
                      onClick={() => setContactOpen(!contactOpen())}
                    >
                      <Icon name="info" />
                    </button>
                  </div>
                </header>
                <Show when={claimError()}>
                  <div class="notice notice-warn" role="alert">
                    <Icon name="alert" size={16} />
                    {claimError()}
                  </div>
                </Show>
                <MessageList conversationId={props.id} customerName={name()} onRetryFailed={retryFailed} onRetryLocal={retryLocal} />
                <div class="typing" aria-live="polite">
                  <Show when={typists().length}>
                    <span class="typing-dots" aria-hidden="true">
                      <i />
                      <i />
                      <i />
                    </span>
                    {t("conv.typing", { name: typists().map((v) => v.name).join(", ") })}
                  </Show>
                </div>
                <Composer conversation={c()} windowClosesAt={loaded()?.windowClosesAt ?? null} />
              </>
            )}
          </Show>
        </Show>
      </section>
      <Show when={contactOpen() && !lost() && conversation()}>
        {(c) => <ContactPanel conversation={c()} meId={meId} onClose={() => setContactOpen(false)} />}
      </Show>
    </>
  );
}
