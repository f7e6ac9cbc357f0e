// The "?" dialog listing keyboard shortcuts; a native <dialog> so focus is trapped and Escape closes it.
import { createEffect, For, type JSX } from "solid-js";
import { type MessageKey, t } from "../i18n";
import { setShortcutsOpen, shortcutsOpen } from "../pages/inbox-ui";

const KEYS: Array<[string[], MessageKey]> = [
  [["j"], "shortcuts.next"],
  [["k"], "shortcuts.prev"],
  [["Enter"], "shortcuts.open"],
  [["c"], "shortcuts.claim"],
  [["e"], "shortcuts.resolve"],
  [["r"], "shortcuts.reply"],
  [["n"], "shortcuts.note"],
  [["/"], "shortcuts.search"],
  [["?"], "shortcuts.help"],
  [["Esc"], "shortcuts.escape"],
];

export function ShortcutsDialog(): JSX.Element {
  let dialog!: HTMLDialogElement;
  createEffect(() => {
    if (shortcutsOpen() && !dialog.open) dialog.showModal();
    if (!shortcutsOpen() && dialog.open) dialog.close();
  });
  return (
    <dialog ref={dialog} class="dialog" aria-labelledby="shortcuts-title" onClose={() => setShortcutsOpen(false)}>
      <header class="dialog-head">
        <h2 id="shortcuts-title">{t("shortcuts.title")}</h2>
        <button type="button" class="btn btn-ghost" onClick={() => setShortcutsOpen(false)}>
          {t("shortcuts.close")}
        </button>
      </header>
      <dl class="shortcut-list">
        <For each={KEYS}>
          {([keys, label]) => (
            <div class="shortcut">
              <dt>
                <For each={keys}>{(k) => <kbd>{k}</kbd>}</For>
              </dt>
              <dd>{t(label)}</dd>
            </div>
          )}
        </For>
      </dl>
    </dialog>
  );
}
