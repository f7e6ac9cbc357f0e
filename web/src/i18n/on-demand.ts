// Words of the screens loaded on demand (settings, team view, invitation, contact panel, dialogs, templates, dev
// phone): a second dictionary that loads with them, so the inbox's first load does not carry it. Spanish ships
// with those chunks; English on demand. Keys not found here fall back to the inbox's dictionary (`t`).
import { createSignal } from "solid-js";
import { fill, locale, type MessageKey, t } from "./index";
import { onDemandEs, type OnDemandKey } from "./on-demand-es";

const [english, setEnglish] = createSignal<Record<OnDemandKey, string> | null>(null);
let loading = false;

/** `t()` for screens loaded on demand. */
export function tl(key: OnDemandKey | MessageKey, params?: Record<string, string | number>): string {
  if (locale() === "en" && !english() && !loading) {
    loading = true;
    void import("./on-demand-en").then((m) => setEnglish(m.onDemandEn));
  }
  if (!(key in onDemandEs)) return t(key as MessageKey, params);
  const dict = locale() === "en" ? (english() ?? onDemandEs) : onDemandEs;
  return fill(dict[key as OnDemandKey], params);
}

export type { OnDemandKey };
