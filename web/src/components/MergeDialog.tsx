// Merging a duplicate into the open contact: search contacts by name or phone, pick one, read what will
// happen, confirm. The duplicate's conversations, tags, attributes and notes move to this contact.
import { createResource, createSignal, For, type JSX, onMount, Show } from "solid-js";
import { contactsApi } from "../data/contacts";
import type { ContactRecord, ContactSearchItem } from "../data/types";
import { tl } from "../i18n/on-demand";
import { relativeTime } from "../i18n/format";
import { actionErrorText } from "./conversation-actions";
import { Avatar } from "./Avatar";
import { displayName, prettyPhone } from "./contact-name";
import { ErrorLine } from "./ErrorLine";

export function MergeDialog(props: { primary: ContactRecord; onClose: () => void; onMerged: () => void }): JSX.Element {
  let dialog!: HTMLDialogElement;
  onMount(() => dialog.showModal());
  const [text, setText] = createSignal("");
  const [query, setQuery] = createSignal("");
  let debounce: ReturnType<typeof setTimeout> | undefined;
  const [results] = createResource(query, async (q) => (q.trim().length >= 2 ? (await contactsApi.search(q)).items.filter((c) => c.id !== props.primary.id) : []));
  const [chosen, setChosen] = createSignal<ContactSearchItem | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const name = (c: { name: string | null; profileName?: string | null; phone: string | null }) => displayName(c.name ?? c.profileName, c.phone);

  async function merge() {
    const duplicate = chosen();
    if (!duplicate) return;
    setBusy(true);
    setError(null);
    try {
      await contactsApi.merge(props.primary.id, duplicate.id);
      dialog.close();
      props.onMerged();
    } catch (err) {
      setError(actionErrorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <dialog ref={dialog} class="dialog dialog-wide" aria-labelledby="merge-title" onClose={() => props.onClose()}>
      <header class="dialog-head">
        <h2 id="merge-title">{tl("merge.title", { name: name(props.primary) })}</h2>
        <button type="button" class="btn btn-ghost" onClick={() => dialog.close()}>
          {tl("dialog.cancel")}
        </button>
      </header>
      <div class="dialog-body">
        <Show
          when={chosen()}
          fallback={
            <>
              <label class="field">
                <span class="field-label">{tl("merge.search")}</span>
                <input
                  class="input"
                  type="search"
                  autofocus
                  placeholder={tl("merge.searchPlaceholder")}
                  value={text()}
                  onInput={(e) => {
                    setText(e.currentTarget.value);
                    clearTimeout(debounce);
                    const value = e.currentTarget.value;
                    debounce = setTimeout(() => setQuery(value), 250);
                  }}
                />
              </label>
              <div class="pick-scroll" aria-live="polite">
                <Show when={results()?.length} fallback={<p class="empty-line">{query().trim().length >= 2 && !results.loading ? tl("merge.none") : tl("merge.hint")}</p>}>
                  <For each={results()}>
                    {(c) => (
                      <button type="button" class="pick" onClick={() => setChosen(c)}>
                        <Avatar name={name(c)} seed={c.id} size="sm" />
                        <span class="pick-main">
                          <span class="pick-name">{name(c)}</span>
                          <span class="pick-sub">
                            {prettyPhone(c.phone)} · {tl("merge.lastSeen", { when: relativeTime(c.lastSeenAt) })}
                          </span>
                        </span>
                      </button>
                    )}
                  </For>
                </Show>
              </div>
            </>
          }
        >
          {(duplicate) => (
            <div class="merge-confirm">
              <p>{tl("merge.explain", { duplicate: name(duplicate()), primary: name(props.primary) })}</p>
              <ul class="merge-points">
                <li>{tl("merge.point1")}</li>
                <li>{tl("merge.point2")}</li>
                <li>{tl("merge.point3")}</li>
              </ul>
              <ErrorLine error={error()} />
            </div>
          )}
        </Show>
      </div>
      <Show when={chosen()}>
        <footer class="dialog-foot">
          <button type="button" class="btn btn-ghost" onClick={() => setChosen(null)}>
            {tl("merge.back")}
          </button>
          <button type="button" class="btn btn-primary" disabled={busy()} onClick={() => void merge()}>
            {tl("merge.confirm")}
          </button>
        </footer>
      </Show>
    </dialog>
  );
}
