// The toast stack (bottom right; full width on a phone). A polite live region, so screen readers hear them.
import { For, type JSX, Show } from "solid-js";
import { t } from "../i18n";
import { Icon } from "./Icon";
import { dismissToast, toasts } from "./toasts";

export function Toasts(): JSX.Element {
  return (
    <div class="toasts" role="status" aria-live="polite">
      <For each={toasts()}>
        {(toast) => (
          <div class={`toast toast-${toast.tone ?? "info"}`}>
            <Icon name={toast.tone === "info" || !toast.tone ? "bell" : "alert"} size={18} />
            <div class="toast-body">
              <strong class="toast-title">{toast.title}</strong>
              <Show when={toast.body}>
                <p class="toast-text">{toast.body}</p>
              </Show>
            </div>
            <Show when={toast.action}>
              {(a) => (
                <button
                  type="button"
                  class="btn btn-secondary btn-sm"
                  onClick={() => {
                    a().run();
                    dismissToast(toast.id);
                  }}
                >
                  {a().label}
                </button>
              )}
            </Show>
            <button type="button" class="icon-btn" aria-label={t("toast.close")} onClick={() => dismissToast(toast.id)}>
              <Icon name="close" size={14} />
            </button>
          </div>
        )}
      </For>
    </div>
  );
}
