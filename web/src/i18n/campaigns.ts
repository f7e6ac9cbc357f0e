// Words of the campaigns page: a dictionary that loads with it, so neither the inbox's first load nor the
// settings area carries it. Spanish ships with the page's chunk, English on demand (like reports.ts).
import { createSignal } from "solid-js";
import { fill, locale } from "./index";
import { campaignsEs, type CampaignsKey } from "./campaigns-es";

const [english, setEnglish] = createSignal<Record<CampaignsKey, string> | null>(null);
let loading = false;

export function tc(key: CampaignsKey, params?: Record<string, string | number>): string {
  if (locale() === "en" && !english() && !loading) {
    loading = true;
    void import("./campaigns-en").then((m) => setEnglish(m.campaignsEn));
  }
  const dict = locale() === "en" ? (english() ?? campaignsEs) : campaignsEs;
  return fill(dict[key], params);
}

export type { CampaignsKey };
