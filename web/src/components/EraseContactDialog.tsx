// A customer's right to erasure, from the contact panel (admins only): the admin reads what goes, types the
// customer's number or the word BORRAR to confirm, and gets a receipt. The receipt is drawn in its own root on
// document.body because the erasure closes the conversation under the panel (its socket ends, the panel unmounts)
// while the inbox goes back to the list.
import { createSignal, For, type JSX, onMount } from "solid-js";
import { render } from "solid-js/web";
import { contactsApi } from "../data/contacts";
import type { ContactRecord, ErasureReceipt } from "../data/types";
import { fullDate } from "../i18n/format";
import { tl } from "../i18n/on-demand";
import { actionErrorText } from "./conversation-actions";
import { displayName, prettyPhone } from "./contact-name";
import { ErrorLine } from "./ErrorLine";

const digits = (s: string) => s.replace(/\D/g, "");

/** What the admin typed confirms the erasure: the whole number (spaces, "+" and dashes ignored) or the word. */
export function confirmsErasure(typed: string, phone: string | null, word: string): boolean {
  const text = typed.trim();
  if (text.toLocaleUpperCase() === word) return true;
  return !!phone && digits(text).length > 0 && digits(text) === digits(phone);
}

export function EraseContactDialog(props: { contact: ContactRecord; onClose: () => void; onErased: (receipt: ErasureReceipt) => void }): JSX.Element {
  let dialog!: HTMLDialogElement;
  onMount(() => dialog.showModal());
  const [typed, setTyped] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const word = () => tl("erase.word");
  const ok = () => confirmsErasure(typed(), props.contact.phone, word());

  async function erase(e: SubmitEvent) {
    e.preventDefault();
    if (!ok() || busy()) return;
    setBusy(true);
    setError(null);
    try {
      const receipt = await contactsApi.erase(props.contact.id);
      dialog.close();
      props.onErased(receipt);
    } catch (err) {
      setError(actionErrorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <dialog ref={dialog} class="dialog dialog-wide" aria-labelledby="erase-title" onClose={() => props.onClose()}>
      <form onSubmit={erase}>
        <header class="dialog-head">
          <h2 id="erase-title">{tl("erase.title", { name: displayName(props.contact.name ?? props.contact.profileName, props.contact.phone) })}</h2>
          <button type="button" class="btn btn-ghost" onClick={() => dialog.close()}>
            {tl("dialog.cancel")}
          </button>
        </header>
        <div class="dialog-body merge-confirm">
          <ul class="merge-points">
            <li>{tl("erase.point1")}</li>
            <li>{tl("erase.point2")}</li>
            <li>{tl("erase.point3")}</li>
          </ul>
          <label class="field">
            <span class="field-label">
              {props.contact.phone ? tl("erase.typePhone", { phone: prettyPhone(props.contact.phone), word: word() }) : tl("erase.typeWord", { word: word() })}
            </span>
            <input class="input" autocomplete="off" autofocus value={typed()} onInput={(e) => setTyped(e.currentTarget.value)} />
          </label>
          <ErrorLine error={error()} />
        </div>
        <footer class="dialog-foot">
          <button type="submit" class="btn btn-danger" disabled={!ok() || busy()}>
            {busy() ? tl("erase.erasing") : tl("erase.confirm")}
          </button>
        </footer>
      </form>
    </dialog>
  );
}

/** Shows the receipt in a root of its own, outside the panel that the erasure is about to unmount. */
export function showErasureReceipt(receipt: ErasureReceipt): void {
  const host = document.body.appendChild(document.createElement("div"));
  const dispose = render(() => <ReceiptDialog receipt={receipt} onClose={() => { dispose(); host.remove(); }} />, host);
}

function ReceiptDialog(props: { receipt: ErasureReceipt; onClose: () => void }): JSX.Element {
  let dialog!: HTMLDialogElement;
  onMount(() => dialog.showModal());
  const r = props.receipt;
  const counts: Array<[string, number]> = [
    [tl("erase.contacts"), r.contacts],
    [tl("erase.conversations"), r.conversations],
    [tl("erase.messages"), r.messages],
    [tl("erase.files"), r.files],
    [tl("erase.campaignRecipients"), r.campaignRecipients],
  ];
  return (
    <dialog ref={dialog} class="dialog" aria-labelledby="receipt-title" data-erasure-receipt={r.contactId} onClose={() => props.onClose()}>
      <header class="dialog-head">
        <h2 id="receipt-title">{tl("erase.doneTitle")}</h2>
      </header>
      <div class="dialog-body">
        <p>{tl("erase.doneWhen", { when: fullDate(Date.parse(r.erasedAt)) })}</p>
        <ul class="merge-points">
          <For each={counts}>
            {([label, n]) => (
              <li>
                {label}: <strong>{n}</strong>
              </li>
            )}
          </For>
        </ul>
        <p class="muted small">{tl("erase.doneHint")}</p>
      </div>
      <footer class="dialog-foot">
        <button type="button" class="btn btn-primary" autofocus onClick={() => dialog.close()}>
          {tl("erase.doneClose")}
        </button>
      </footer>
    </dialog>
  );
}
