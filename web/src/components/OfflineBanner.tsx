// The discreet "Sin conexión — reconectando…" banner, shown only after a short grace period so a
// fast reconnect never flashes it.
import { createEffect, createSignal, type JSX, onCleanup, Show } from "solid-js";
import { isOnline } from "../data/realtime";
import { t } from "../i18n";

export function OfflineBanner(): JSX.Element {
  const [show, setShow] = createSignal(false);
  createEffect(() => {
    if (isOnline()) return setShow(false);
    const timer = setTimeout(() => setShow(true), 1200);
    onCleanup(() => clearTimeout(timer));
  });
  return (
    <Show when={show()}>
      <div class="offline-banner" role="status" aria-live="polite">
        <span class="pulse-dot" aria-hidden="true" />
        {t("banner.offline")}
      </div>
    </Show>
  );
}
