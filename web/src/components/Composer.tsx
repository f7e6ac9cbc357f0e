// The reply box: Reply / Internal note modes (the note is yellow and says who sees it), Enter sends,
// Shift+Enter adds a line, typing presence, the window countdown, and templates once the window has closed.
import { useAction, useSubmissions } from "@solidjs/router";
import { createEffect, createSignal, type JSX, on, onCleanup, Show } from "solid-js";
import { SERVICE_WINDOW_MS } from "../../../shared/model";
import type { ConversationState } from "../../../shared/model";
import { TEXT_MAX_CHARS } from "../../../shared/whatsapp-limits";
import { ApiError } from "../data/api";
import { sendAction } from "../data/inbox";
import { sendTyping } from "../data/realtime";
import { t } from "../i18n";
import { duration, fastNow } from "../i18n/format";
import { composerMode, focusComposerTick, setComposerMode } from "../pages/inbox-ui";
import { Icon } from "./Icon";
import { TemplatePicker } from "./TemplatePicker";

/** Unsent drafts per conversation, kept while the tab lives. */
const drafts = new Map<string, string>();
const TYPING_IDLE_MS = 3000;
const WARN_BEFORE_MS = 2 * 60 * 60 * 1000;

export function Composer(props: { conversation: ConversationState; windowClosesAt: number | null }): JSX.Element {
  const send = useAction(sendAction);
  const sending = useSubmissions(sendAction, (input) => input[0]?.conversationId === props.conversation.id);
  const id = () => props.conversation.id;
  const [text, setText] = createSignal(drafts.get(id()) ?? "");
  const [refusedClosed, setRefusedClosed] = createSignal(false);
  let box!: HTMLTextAreaElement;

  const closesAt = () => {
    const live = props.conversation.lastInboundAt;
    return live !== null ? live + SERVICE_WINDOW_MS : props.windowClosesAt;
  };
  const left = () => (closesAt() === null ? -1 : closesAt()! - fastNow());
  const windowOpen = () => left() > 0 && !refusedClosed();
  const note = () => composerMode() === "note";
  // A new customer message reopens the window; forget an earlier refusal.
  createEffect(on(() => props.conversation.lastInboundAt, () => setRefusedClosed(false), { defer: true }));

  createEffect(on(focusComposerTick, () => queueMicrotask(() => box?.focus()), { defer: true }));
  createEffect(on(text, (value) => drafts.set(id(), value)));

  // Typing presence: on while keys are pressed, off after a pause, on send, and when leaving.
  let typing = false;
  let idle: ReturnType<typeof setTimeout> | undefined;
  const stopTyping = () => {
    clearTimeout(idle);
    if (typing) sendTyping(id(), false);
    typing = false;
  };
  const touchTyping = () => {
    if (!typing) sendTyping(id(), true);
    typing = true;
    clearTimeout(idle);
    idle = setTimeout(stopTyping, TYPING_IDLE_MS);
  };
  onCleanup(stopTyping);

  const autosize = () => {
    box.style.height = "auto";
    box.style.height = `${Math.min(box.scrollHeight, 200)}px`;
  };

  async function submit() {
    const value = text().trim();
    if (!value) return;
    const isNote = note();
    setText("");
    drafts.delete(id());
    queueMicrotask(autosize);
    stopTyping();
    try {
      await send({ conversationId: id(), text: value, private: isNote });
    } catch (err) {
      if (err instanceof ApiError && err.code === "window_closed") setRefusedClosed(true);
    }
  }

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      void submit();
    }
  };

  const sendTemplate = async (template: { name: string; language: string; params: string[]; headerParams: string[] }) => {
    try {
      await send({ conversationId: id(), template });
      return true;
    } catch {
      return false;
    }
  };

  return (
    <div class="composer" classList={{ "is-note": note() }}>
      <Show when={windowOpen() && left() < WARN_BEFORE_MS && !note()}>
        <div class="window-warning" role="status">
          <Icon name="clock" size={14} />
          {t("composer.windowClosing", { time: duration(left()) })}
        </div>
      </Show>
      <div class="composer-tabs" role="tablist" aria-label={t("composer.label")}>
        <button type="button" role="tab" class="tab" aria-selected={!note()} onClick={() => setComposerMode("reply")}>
          {t("composer.modeReply")} <kbd>r</kbd>
        </button>
        <button type="button" role="tab" class="tab tab-note" aria-selected={note()} onClick={() => setComposerMode("note")}>
          <Icon name="note" size={14} />
          {t("composer.modeNote")} <kbd>n</kbd>
        </button>
        <Show when={note()}>
          <span class="note-hint">{t("composer.noteHint")}</span>
        </Show>
      </div>
      <Show
        when={note() || windowOpen()}
        fallback={
          <div class="closed">
            <p class="closed-text">
              <Icon name="clock" size={16} />
              {closesAt() === null ? t("composer.windowNever") : t("composer.windowClosed")}
            </p>
            <TemplatePicker channelId={props.conversation.channelId} busy={false} onSend={sendTemplate} />
          </div>
        }
      >
        <div class="composer-box">
          <label for="composer-input" class="sr-only">
            {note() ? t("composer.noteLabel") : t("composer.label")}
          </label>
          <textarea
            id="composer-input"
            ref={box}
            rows="1"
            maxLength={TEXT_MAX_CHARS}
            placeholder={note() ? t("composer.notePlaceholder") : t("composer.placeholder")}
            value={text()}
            onInput={(e) => {
              setText(e.currentTarget.value);
              autosize();
              if (!note()) touchTyping();
            }}
            onKeyDown={onKeyDown}
            onBlur={stopTyping}
          />
          <div class="composer-actions">
            <span class="muted small hint">{t("composer.hint")}</span>
            <button type="button" class="btn" classList={{ "btn-primary": !note(), "btn-note": note() }} disabled={!text().trim()} onClick={() => void submit()}>
              <Icon name={note() ? "note" : "send"} size={16} />
              {note() ? t("composer.saveNote") : t("composer.send")}
            </button>
          </div>
        </div>
      </Show>
      <span class="sr-only" aria-live="polite">{sending.pending ? t("msg.sending") : ""}</span>
    </div>
  );
}
