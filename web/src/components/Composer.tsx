// The reply box: Reply / Internal note modes (the note is yellow and says who sees it), Enter sends,
// Shift+Enter adds a line, "/" canned replies with their variables filled in, "@" mentions in notes,
// attachments (checked against WhatsApp's limits before uploading), typing presence, the window countdown,
// and templates once the window has closed.
import { useAction, useSubmissions } from "@solidjs/router";
import { createEffect, createMemo, createSignal, For, type JSX, lazy, on, onCleanup, Show, Suspense } from "solid-js";
import type { ConversationState, MediaKind } from "../../../shared/model";
import { SERVICE_WINDOW_MS } from "../../../shared/model";
import { TEXT_MAX_CHARS } from "../../../shared/whatsapp-limits";
import { ApiError } from "../data/api";
import { assistAvailable } from "../data/assist";
import { directory, loadCanned } from "../data/directory";
import { sendAction, sendAttachment } from "../data/inbox";
import { realtime, sendTyping } from "../data/realtime";
import type { CannedReply, Me } from "../data/types";
import { t } from "../i18n";
import { duration, fastNow, fileSize } from "../i18n/format";
import { rankCanned, renderCanned, slashTokenAt, type TokenAt } from "../lib/canned";
import { matchPeople, mentionedIds, mentionTokenAt } from "../lib/mentions";
import { composerMode, focusComposerTick, quoting, setComposerMode, setQuoting } from "../pages/inbox-ui";
import { ACCEPTED_TYPES, checkAttachment, takesCaption } from "./attachment-check";
import { Avatar } from "./Avatar";
import { Icon } from "./Icon";

const TemplatePicker = lazy(() => import("./TemplatePicker"));
const RichMessageDialog = lazy(() => import("./RichMessageDialog"));
// Only where the assistant runs (model mode): most inboxes never load it.
const AssistBar = lazy(() => import("./AssistBar"));
const ReplyQuote = lazy(() => import("./ReplyQuote"));

/** Unsent drafts per conversation, kept while the tab lives. */
const drafts = new Map<string, string>();
const TYPING_IDLE_MS = 3000;
const WARN_BEFORE_MS = 2 * 60 * 60 * 1000;

type Suggestion = { kind: "canned"; reply: CannedReply; preview: string } | { kind: "person"; id: string; name: string };

export function Composer(props: { conversation: ConversationState; me: Me; windowClosesAt: number | null; dropped?: File | null; onDroppedTaken?: () => void }): JSX.Element {
  const send = useAction(sendAction);
  const sending = useSubmissions(sendAction, (input) => input[0]?.conversationId === props.conversation.id);
  const id = () => props.conversation.id;
  const [rich, setRich] = createSignal(false);
  const [text, setText] = createSignal(drafts.get(id()) ?? "");
  const [refusedClosed, setRefusedClosed] = createSignal(false);
  let box!: HTMLTextAreaElement;
  let filePicker!: HTMLInputElement;

  const closesAt = () => {
    const live = props.conversation.lastInboundAt;
    return live !== null ? live + SERVICE_WINDOW_MS : props.windowClosesAt;
  };
  const left = () => (closesAt() === null ? -1 : closesAt()! - fastNow());
  const windowOpen = () => left() > 0 && !refusedClosed();
  const note = () => composerMode() === "note";
  /** The message this reply quotes, if one was picked in this conversation. */
  const quotedHere = () => (quoting()?.conversationId === id() ? quoting() : null);
  // A new customer message reopens the window; forget an earlier refusal.
  createEffect(on(() => props.conversation.lastInboundAt, () => setRefusedClosed(false), { defer: true }));

  createEffect(on(focusComposerTick, () => queueMicrotask(() => box?.focus()), { defer: true }));
  createEffect(on(text, (value) => drafts.set(id(), value)));

  // ---- typing presence: on while keys are pressed, off after a pause, on send, and when leaving ----
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
    if (!box) return;
    box.style.height = "auto";
    box.style.height = `${Math.min(box.scrollHeight, 200)}px`;
  };

  // ---- "/" canned replies and "@" mentions ----
  const [token, setToken] = createSignal<(TokenAt & { kind: "canned" | "person" }) | null>(null);
  const [active, setActive] = createSignal(0);
  const variables = () => ({
    contact: { name: realtime.rows[id()]?.contactName ?? props.conversation.contact.name, phone: props.conversation.contact.phone },
    agent: { name: props.me.agent.name },
  });
  const suggestions = createMemo<Suggestion[]>(() => {
    const tk = token();
    if (!tk) return [];
    if (tk.kind === "canned") return rankCanned(directory.canned ?? [], tk.query).slice(0, 8).map((reply) => ({ kind: "canned", reply, preview: renderCanned(reply.body, variables()) }));
    const people = directory.agents.filter((a) => a.active && a.id !== props.me.agent.id);
    return matchPeople(people, tk.query).slice(0, 8).map((p) => ({ kind: "person", id: p.id, name: p.name }));
  });
  const open = () => token() !== null && (suggestions().length > 0 || (token()!.kind === "canned" && directory.canned === null));
  function detectToken() {
    const caret = box.selectionStart ?? text().length;
    const slash = slashTokenAt(text(), caret);
    const mention = note() ? mentionTokenAt(text(), caret) : null;
    const next = slash ? { ...slash, kind: "canned" as const } : mention ? { ...mention, kind: "person" as const } : null;
    if (next?.kind === "canned") void loadCanned();
    if (next?.kind !== token()?.kind || next?.query !== token()?.query) setActive(0);
    setToken(next);
  }
  function choose(s: Suggestion) {
    const tk = token();
    if (!tk) return;
    const caret = box.selectionStart ?? text().length;
    const insert = s.kind === "canned" ? s.preview : `@${s.name} `;
    const value = text().slice(0, tk.start) + insert + text().slice(caret);
    setText(value);
    setToken(null);
    queueMicrotask(() => {
      box.focus();
      const at = tk.start + insert.length;
      box.setSelectionRange(at, at);
      autosize();
    });
  }

  // ---- attachments ----
  const [file, setFile] = createSignal<{ file: File; kind: MediaKind; preview: string | null } | null>(null);
  const [fileProblem, setFileProblem] = createSignal<string | null>(null);
  function attach(next: File) {
    const checked = checkAttachment(next);
    setFileProblem(checked.problem);
    if (checked.problem) return setFile(null);
    if (!windowOpen()) return setFileProblem(t("error.window_closed"));
    clearFile();
    setComposerMode("reply");
    setFile({ file: next, kind: checked.kind, preview: checked.kind === "image" ? URL.createObjectURL(next) : null });
    queueMicrotask(() => box?.focus());
  }
  function clearFile() {
    const current = file();
    if (current?.preview) URL.revokeObjectURL(current.preview);
    setFile(null);
  }
  onCleanup(clearFile);
  createEffect(
    on(
      () => props.dropped,
      (dropped) => {
        if (!dropped) return;
        props.onDroppedTaken?.();
        attach(dropped);
      },
    ),
  );

  async function submit() {
    const value = text().trim();
    const attachment = note() ? null : file();
    if (!value && !attachment) return;
    const isNote = note();
    setText("");
    drafts.delete(id());
    setToken(null);
    queueMicrotask(autosize);
    stopTyping();
    if (attachment) {
      // The bubble takes over the preview; the object URL is released when the stored message arrives.
      setFile(null);
      setFileProblem(null);
      const caption = takesCaption(attachment.kind) ? value : "";
      try {
        await sendAttachment({ conversationId: id(), file: attachment.file, kind: attachment.kind, caption: caption || undefined });
      } catch (err) {
        if (err instanceof ApiError && err.code === "window_closed") setRefusedClosed(true);
        return;
      } finally {
        if (attachment.preview) URL.revokeObjectURL(attachment.preview);
      }
      if (caption || !value) return;
    }
    try {
      const mentions = isNote ? mentionedIds(value, directory.agents) : undefined;
      const quoted = isNote ? undefined : quotedHere();
      if (quoted) setQuoting(null);
      await send({ conversationId: id(), text: value, private: isNote, mentions, replyTo: quoted?.wamid });
    } catch (err) {
      if (err instanceof ApiError && err.code === "window_closed") setRefusedClosed(true);
    }
  }

  const onKeyDown = (e: KeyboardEvent) => {
    if (open() && suggestions().length) {
      const n = suggestions().length;
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        setActive((i) => (i + (e.key === "ArrowDown" ? 1 : n - 1)) % n);
        return;
      }
      if ((e.key === "Enter" && !e.shiftKey) || e.key === "Tab") {
        e.preventDefault();
        choose(suggestions()[active()]!);
        return;
      }
      if (e.key === "Escape") {
        e.preventDefault();
        e.stopPropagation();
        setToken(null);
        return;
      }
    }
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
      <Show when={fileProblem()}>
        <div class="attach-error" role="alert">
          <Icon name="alert" size={14} />
          <span>{fileProblem()}</span>
          <button type="button" class="icon-btn" aria-label={t("toast.close")} onClick={() => setFileProblem(null)}>
            <Icon name="close" size={12} />
          </button>
        </div>
      </Show>
      <Show
        when={note() || windowOpen()}
        fallback={
          <div class="closed">
            <p class="closed-text">
              <Icon name="clock" size={16} />
              {closesAt() === null ? t("composer.windowNever") : t("composer.windowClosed")}
            </p>
            <Suspense fallback={<p class="muted">{t("app.loading")}</p>}>
              <TemplatePicker channelId={props.conversation.channelId} busy={false} onSend={sendTemplate} />
            </Suspense>
          </div>
        }
      >
        <div class="composer-box">
          <Show when={!note() && quotedHere()}>
            {(q) => (
              <Suspense>
                <ReplyQuote conversationId={id()} messageId={q().messageId} customerName={props.conversation.contact.name ?? ""} />
              </Suspense>
            )}
          </Show>
          <Show when={!note() && file()}>
            {(f) => (
              <div class="attach-preview">
                <Show when={f().preview} fallback={<span class="attach-icon" aria-hidden="true"><Icon name="file" size={20} /></span>}>
                  {(src) => <img class="attach-thumb" src={src()} alt="" />}
                </Show>
                <span class="attach-text">
                  <span class="attach-name">{f().file.name}</span>
                  <span class="attach-size">
                    {fileSize(f().file.size)} · {takesCaption(f().kind) ? t("attach.captionHint") : t("attach.noCaption")}
                  </span>
                </span>
                <button type="button" class="icon-btn" aria-label={t("attach.remove")} onClick={clearFile}>
                  <Icon name="close" size={14} />
                </button>
              </div>
            )}
          </Show>
          <Show when={open()}>
            <ul class="suggest" id="composer-suggest" role="listbox" aria-label={token()?.kind === "canned" ? t("canned.label") : t("mention.label")}>
              <Show when={suggestions().length} fallback={<li class="suggest-empty">{t("app.loading")}</li>}>
                <For each={suggestions()}>
                  {(s, i) => (
                    <li
                      id={`suggest-${i()}`}
                      role="option"
                      class="suggest-item"
                      aria-selected={i() === active()}
                      onMouseDown={(e) => {
                        e.preventDefault();
                        choose(s);
                      }}
                      onMouseEnter={() => setActive(i())}
                    >
                      <Show
                        when={s.kind === "canned" && s}
                        fallback={
                          <>
                            <Avatar name={(s as { name: string }).name} seed={(s as { id: string }).id} size="sm" />
                            <span class="suggest-title">{(s as { name: string }).name}</span>
                          </>
                        }
                      >
                        {(c) => (
                          <>
                            <span class="suggest-key">/{c().reply.shortcut}</span>
                            <span class="suggest-main">
                              <span class="suggest-title">
                                {c().reply.title}
                                <Show when={c().reply.personal}>
                                  <span class="chip">{t("canned.personal")}</span>
                                </Show>
                              </span>
                              <span class="suggest-preview">{c().preview}</span>
                            </span>
                          </>
                        )}
                      </Show>
                    </li>
                  )}
                </For>
              </Show>
            </ul>
          </Show>
          <label for="composer-input" class="sr-only">
            {note() ? t("composer.noteLabel") : t("composer.label")}
          </label>
          <textarea
            id="composer-input"
            ref={box}
            rows="1"
            maxLength={TEXT_MAX_CHARS}
            placeholder={file() && !note() ? t("attach.captionPlaceholder") : note() ? t("composer.notePlaceholder") : t("composer.placeholder")}
            value={text()}
            aria-autocomplete="list"
            aria-controls={open() ? "composer-suggest" : undefined}
            aria-activedescendant={open() && suggestions().length ? `suggest-${active()}` : undefined}
            onInput={(e) => {
              setText(e.currentTarget.value);
              autosize();
              detectToken();
              if (!note()) touchTyping();
            }}
            onClick={detectToken}
            onKeyDown={onKeyDown}
            onBlur={() => {
              stopTyping();
              setTimeout(() => setToken(null), 150);
            }}
          />
          <div class="composer-actions">
            <Show when={!note()}>
              <button type="button" class="icon-btn" aria-label={t("attach.pick")} title={t("attach.pick")} onClick={() => filePicker.click()}>
                <Icon name="clip" />
              </button>
              <input
                ref={filePicker}
                type="file"
                class="sr-only"
                tabindex="-1"
                aria-hidden="true"
                accept={ACCEPTED_TYPES}
                onChange={(e) => {
                  const picked = e.currentTarget.files?.[0];
                  e.currentTarget.value = "";
                  if (picked) attach(picked);
                }}
              />
            </Show>
            <Show when={!note()}>
              <button type="button" class="icon-btn" aria-label={t("composer.more")} title={t("composer.more")} onClick={() => setRich(true)}>
                <Icon name="plus" />
              </button>
              <Show when={rich()}>
                <Suspense>
                  <RichMessageDialog conversationId={id()} onClose={() => setRich(false)} />
                </Suspense>
              </Show>
              <Show when={assistAvailable()}>
                <Suspense>
                  <AssistBar conversationId={id()} draft={text()} onText={(value) => setText(value)} />
                </Suspense>
              </Show>
            </Show>
            <span class="muted small hint">{note() ? t("composer.noteHintKeys") : t("composer.hint")}</span>
            <button type="button" class="btn" classList={{ "btn-primary": !note(), "btn-note": note() }} disabled={!text().trim() && !(file() && !note())} onClick={() => void submit()}>
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
