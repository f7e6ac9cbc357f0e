// A customer's right to erasure, from the contact panel (admins only): the admin reads what goes, types the
// customer's number or the word BORRAR to confirm, and gets a receipt. The receipt is drawn straight on
// document.body because the erasure closes the conversation under the panel (its socket ends, the panel unmounts)
// while the inbox goes back to the list.
import { createSignal, type JSX, onMount } from "solid-js";
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

/**
 * Shows the receipt on document.body, outside the panel that the erasure is about to unmount. Plain DOM rather than
 * a Solid root of its own: render/createRoot would add an export to the inbox's first-load chunk.
 */
export function showErasureReceipt(receipt: ErasureReceipt): void {
  const el = <K extends keyof HTMLElementTagNameMap>(tag: K, className: string, ...children: Array<Node | string>) => {
    const node = document.createElement(tag);
    node.className = className;
    node.append(...children);
    return node;
  };
  const counts: Array<[string, number]> = [
    [tl("erase.contacts"), receipt.contacts],
    [tl("erase.conversations"), receipt.conversations],
    [tl("erase.messages"), receipt.messages],
    [tl("erase.files"), receipt.files],
    [tl("erase.campaignRecipients"), receipt.campaignRecipients],
  ];
  const title = el("h2", "", tl("erase.doneTitle"));
  title.id = "receipt-title";
  const close = el("button", "btn btn-primary", tl("erase.doneClose"));
  close.type = "button";
  const dialog = el(
    "dialog",
    "dialog",
    el("header", "dialog-head", title),
    el(
      "div",
      "dialog-body",
      el("p", "", tl("erase.doneWhen", { when: fullDate(Date.parse(receipt.erasedAt)) })),
      el("ul", "merge-points", ...counts.map(([label, n]) => el("li", "", `${label}: `, el("strong", "", String(n))))),
      el("p", "muted small", tl("erase.doneHint")),
    ),
    el("footer", "dialog-foot", close),
  );
  dialog.setAttribute("aria-labelledby", title.id);
  dialog.dataset.erasureReceipt = receipt.contactId;
  close.addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  close.focus();
}
