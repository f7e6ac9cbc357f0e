// What an agent can do with a customer's message, from its bubble (hover or focus): react with one of six emojis
// (or take their reaction back: WhatsApp removes it with an empty emoji) and reply quoting it. Both need the 24-hour
// window; outside it the buttons say why. Loaded on demand, the first time an agent points at a message.
import { createSignal, For, type JSX, Show } from "solid-js";
import type { Message } from "../../../shared/model";
import { SERVICE_WINDOW_MS } from "../../../shared/model";
import { api, ApiError } from "../data/api";
import { realtime, mergeMessage } from "../data/realtime";
import { fastNow } from "../i18n/format";
import { tl } from "../i18n/on-demand";
import { focusComposer, setComposerMode, setQuoting } from "../pages/inbox-ui";
import * as C from "./message-content";

export const EMOJIS = ["👍", "❤️", "😂", "😮", "😢", "🙏"];

/** The business's current reaction to a message: the newest of ours that targets it ("" once removed). */
function ourReaction(conversationId: string, wamid: string): string {
  let newest: Message | undefined;
  for (const m of Object.values(realtime.conversations[conversationId]?.messages ?? {})) {
    if (m.kind === "reaction" && m.direction === "out" && m.status !== "failed" && C.reaction(m.content).targetWamid === wamid && (!newest || m.seq > newest.seq)) newest = m;
  }
  return newest ? (C.reaction(newest.content).emoji ?? "") : "";
}

export default function MessageActions(props: { conversationId: string; message: Message; lastInboundAt: number | null; windowClosesAt: number | null }): JSX.Element {
  const [picking, setPicking] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  let reactButton!: HTMLButtonElement;
  // The composer's rule: the newest customer message opens 24 hours; before any is loaded, what the server said.
  const open = () => {
    const closes = props.lastInboundAt !== null ? props.lastInboundAt + SERVICE_WINDOW_MS : props.windowClosesAt;
    return closes !== null && closes > fastNow();
  };
  const mine = () => (props.message.wamid ? ourReaction(props.conversationId, props.message.wamid) : "");
  // Focus goes back first: once the picker is gone the bar shows only while it holds focus (or the pointer).
  const closePicker = () => {
    reactButton.focus();
    setPicking(false);
  };

  async function react(emoji: string) {
    setPicking(false);
    setError(null);
    try {
      const result = await api.send(props.conversationId, { rich: { type: "reaction", messageId: props.message.id, emoji }, clientId: `web-${crypto.randomUUID()}` });
      mergeMessage(result.message);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : tl("msgActions.failed"));
    }
  }

  function reply() {
    if (!open() || !props.message.wamid) return;
    setComposerMode("reply");
    setQuoting({ conversationId: props.conversationId, messageId: props.message.id, wamid: props.message.wamid });
    focusComposer();
  }

  // A disabled button would hide its reason: these stay focusable, say why in their tooltip and do nothing.
  const why = (label: string) => (open() ? label : `${label}: ${tl("msgActions.closed")}`);
  return (
    <div
      class="msg-actions"
      classList={{ "is-open": picking() }}
      role="toolbar"
      aria-label={tl("msgActions.label")}
      onKeyDown={(e) => {
        if (e.key === "Escape" && picking()) {
          e.preventDefault();
          e.stopPropagation();
          closePicker();
        }
      }}
    >
      <button
        ref={reactButton}
        type="button"
        class="icon-btn msg-action"
        aria-label={why(tl("msgActions.react"))}
        title={why(tl("msgActions.react"))}
        aria-disabled={!open()}
        aria-expanded={picking()}
        onClick={() => open() && setPicking(!picking())}
      >
        <span aria-hidden="true">☺</span>
      </button>
      <button type="button" class="icon-btn msg-action" aria-label={why(tl("msgActions.reply"))} title={why(tl("msgActions.reply"))} aria-disabled={!open()} onClick={reply}>
        <span aria-hidden="true">↩</span>
      </button>
      <Show when={picking()}>
        <div class="emoji-picker" role="group" aria-label={tl("msgActions.react")}>
          <For each={EMOJIS}>
            {(emoji, i) => (
              <button
                type="button"
                class="emoji-choice"
                classList={{ "is-mine": mine() === emoji }}
                aria-label={tl("msgActions.reactWith", { emoji })}
                aria-pressed={mine() === emoji}
                ref={(el) => i() === 0 && queueMicrotask(() => el.focus())}
                onClick={() => void react(emoji)}
              >
                {emoji}
              </button>
            )}
          </For>
          <Show when={mine()}>
            <button type="button" class="emoji-choice emoji-remove" aria-label={tl("msgActions.removeReaction")} title={tl("msgActions.removeReaction")} onClick={() => void react("")}>
              ×
            </button>
          </Show>
        </div>
      </Show>
      <Show when={error()}>
        <span class="msg-action-error" role="alert">
          {error()}
        </span>
      </Show>
    </div>
  );
}
