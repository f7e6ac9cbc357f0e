// Words of the reports page and the wallboard: a dictionary that loads with them, so neither the inbox's first
// load nor the settings area carries it. Spanish ships with those chunks, English on demand (like on-demand.ts).
import { createSignal } from "solid-js";
import { fill, locale } from "./index";
import { reportsEs, type ReportsKey } from "./reports-es";

const [english, setEnglish] = createSignal<Record<ReportsKey, string> | null>(null);
let loading = false;

export function tr(key: ReportsKey, params?: Record<string, string | number>): string {
  if (locale() === "en" && !english() && !loading) {
    loading = true;
    void import("./reports-en").then((m) => setEnglish(m.reportsEn));
  }
  const dict = locale() === "en" ? (english() ?? reportsEs) : reportsEs;
  return fill(dict[key], params);
}

export type { ReportsKey };
