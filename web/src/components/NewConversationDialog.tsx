// "Nueva conversación": write first to a customer — pick the number to write from (when the workspace has several),
// the customer's phone (country code defaulting to the workspace's country), and an approved template with its
// values and preview. The same number again opens its existing conversation (the server keeps one per contact).
import { useNavigate } from "@solidjs/router";
import { createResource, createSignal, For, type JSX, onCleanup, onMount, Show } from "solid-js";
import { contactsApi } from "../data/contacts";
import { ApiError } from "../data/api";
import { CALLING_CODES, callingCodeOf, outreachApi, toE164Digits } from "../data/outreach";
import type { ContactSearchItem, Me } from "../data/types";
import { tl } from "../i18n/on-demand";
import TemplatePicker from "./TemplatePicker";

export default function NewConversationDialog(props: { me: Me; onClose: () => void }): JSX.Element {
  let dialog!: HTMLDialogElement;
  let phoneBox!: HTMLInputElement;
  const navigate = useNavigate();
  const [channels] = createResource(() => outreachApi.channels());
  const [channelId, setChannelId] = createSignal<string | null>(null);
  const [code, setCode] = createSignal(callingCodeOf(props.me.workspace.timezone));
  const [phone, setPhone] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const channel = () => channelId() ?? channels()?.[0]?.id ?? null;
  // A contact found by name or phone fills the number (they keep their one conversation per number).
  const [found, setFound] = createSignal<ContactSearchItem[]>([]);
  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(searchTimer));
  const search = (text: string) => {
    clearTimeout(searchTimer);
    if (text.trim().length < 2) return setFound([]);
    searchTimer = setTimeout(() => void contactsApi.search(text).then((r) => setFound(r.items.filter((c) => c.phone).slice(0, 5)), () => setFound([])), 250);
  };
  const to = () => toE164Digits(phone(), code());
  onMount(() => {
    dialog.showModal();
    phoneBox.focus();
  });

  async function send(template: { name: string; language: string; params: string[]; headerParams: string[] }): Promise<boolean> {
    const from = channel();
    const number = to();
    if (!from || !number) {
      setError(tl("start.badNumber"));
      return false;
    }
    setBusy(true);
    setError(null);
    try {
      const started = await outreachApi.start({ channelId: from, to: number, template, clientId: crypto.randomUUID() });
      dialog.close();
      navigate(`/c/${started.conversation.id}`);
      return true;
    } catch (err) {
      setError(err instanceof ApiError ? err.message : tl("start.failed"));
      return false;
    } finally {
      setBusy(false);
    }
  }

  return (
    <dialog ref={dialog} class="dialog dialog-wide" aria-labelledby="start-title" onClose={() => props.onClose()}>
      <header class="dialog-head">
        <h2 id="start-title">{tl("start.title")}</h2>
        <button type="button" class="btn btn-ghost" onClick={() => dialog.close()}>
          {tl("dialog.cancel")}
        </button>
      </header>
      <div class="dialog-body">
        <Show when={(channels()?.length ?? 0) > 1}>
          <label class="field">
            <span class="field-label">{tl("start.from")}</span>
            <select class="select" value={channel() ?? ""} onChange={(e) => setChannelId(e.currentTarget.value)}>
              <For each={channels()}>{(ch) => <option value={ch.id}>{`${ch.name} (${ch.displayNumber})`}</option>}</For>
            </select>
          </label>
        </Show>
        <label class="field">
          <span class="field-label">{tl("start.search")}</span>
          <input class="input" type="search" autocomplete="off" placeholder={tl("start.searchPlaceholder")} onInput={(e) => search(e.currentTarget.value)} />
        </label>
        <Show when={found().length}>
          <div class="pick-scroll">
            <For each={found()}>
              {(c) => (
                <button type="button" class="pick" onClick={() => (setPhone(c.phone!), setFound([]))}>
                  <span class="pick-main">
                    <span class="pick-name">{c.name ?? c.profileName ?? c.phone}</span>
                    <span class="pick-sub">{c.phone}</span>
                  </span>
                </button>
              )}
            </For>
          </div>
        </Show>
        <div class="field">
          <span class="field-label" id="start-phone-label">
            {tl("start.phone")}
          </span>
          <div class="start-phone">
            <select class="select" aria-label={tl("start.country")} value={code()} onChange={(e) => setCode(e.currentTarget.value)}>
              <For each={CALLING_CODES}>{(c) => <option value={c.code}>{`+${c.code} ${c.country}`}</option>}</For>
            </select>
            <input ref={phoneBox} class="input" type="tel" inputmode="tel" autocomplete="off" aria-labelledby="start-phone-label" placeholder="600 11 22 33" value={phone()} onInput={(e) => setPhone(e.currentTarget.value)} />
          </div>
          <p class={phone().trim() && !to() ? "field-error" : "field-help"} role="status">
            {phone().trim() ? (to() ? tl("start.willWrite", { number: `+${to()}` }) : tl("start.badNumber")) : tl("start.phoneHelp")}
          </p>
        </div>
        <Show when={error()}>{(message) => <p class="field-error" role="alert">{message()}</p>}</Show>
        <Show when={channel()}>{(id) => <TemplatePicker channelId={id()} busy={busy() || !to()} onSend={send} />}</Show>
      </div>
    </dialog>
  );
}
