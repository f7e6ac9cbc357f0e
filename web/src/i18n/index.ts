// Translation and locale: `t(key, params)`, the current language (Spanish by default, persisted), and the
// workspace time zone every date is shown in. Components take all their words from here.
import { createSignal } from "solid-js";
import { es, type MessageKey } from "./es";

export type Locale = "es" | "en";
const STORAGE_KEY = "colmena.locale";
// Spanish ships in the first bundle; English loads on demand (a few KB the default user never pays for).
const [dictionaries, setDictionaries] = createSignal<Partial<Record<Locale, Record<MessageKey, string>>>>({ es });
function ensureDictionary(next: Locale): void {
  if (next === "en" && !dictionaries().en) void import("./en").then(({ en }) => setDictionaries((d) => ({ ...d, en })));
}

function initialLocale(): Locale {
  try {
    return localStorage.getItem(STORAGE_KEY) === "en" ? "en" : "es";
  } catch {
    return "es";
  }
}

const [locale, setLocaleSignal] = createSignal<Locale>(initialLocale());
export { locale };
ensureDictionary(locale());

export function setLocale(next: Locale): void {
  ensureDictionary(next);
  setLocaleSignal(next);
  document.documentElement.lang = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    /* private mode: the choice lasts for this tab */
  }
}

/** Fills `{name}` placeholders (the settings area's dictionary uses it too). */
export function fill(text: string, params?: Record<string, string | number>): string {
  return params ? text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole)) : text;
}

export function t(key: MessageKey, params?: Record<string, string | number>): string {
  return fill(dictionaries()[locale()]?.[key] ?? es[key] ?? key, params);
}

/** Whether an error code (Meta's number or ours) has a translated explanation. */
export function hasKey(key: string): key is MessageKey {
  return key in es;
}

const [timeZone, setTimeZone] = createSignal<string | undefined>(undefined);
export { setTimeZone, timeZone };

export type { MessageKey };
