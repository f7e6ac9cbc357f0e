// Dates, times and durations in the workspace's time zone and the agent's language:
// "hace 3 min", "14:05", "Ayer", "1 h 20 min". A shared clock ticks so relative times stay fresh.
import { createSignal } from "solid-js";
import { locale, t, timeZone } from "./index";

const [now, setNow] = createSignal(Date.now());
setInterval(() => setNow(Date.now()), 20_000);
/** The reactive clock (20 s resolution); countdowns under an hour tick faster through `fastNow`. */
export { now };
const [fastNow, setFastNow] = createSignal(Date.now());
setInterval(() => setFastNow(Date.now()), 1_000);
export { fastNow };

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

const formatters = new Map<string, Intl.DateTimeFormat | Intl.RelativeTimeFormat>();
function dtf(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d|${locale()}|${timeZone()}|${JSON.stringify(options)}`;
  let f = formatters.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) formatters.set(key, (f = new Intl.DateTimeFormat(locale(), { timeZone: timeZone(), ...options })));
  return f;
}
function rtf(): Intl.RelativeTimeFormat {
  const key = `r|${locale()}`;
  let f = formatters.get(key) as Intl.RelativeTimeFormat | undefined;
  if (!f) formatters.set(key, (f = new Intl.RelativeTimeFormat(locale(), { numeric: "auto", style: "short" })));
  return f;
}

/** Calendar day key in the workspace zone ("2026-03-04"), for grouping and "today"/"yesterday". */
export function dayKey(at: number): string {
  return dtf({ year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
}

/** "ahora", "hace 3 min", "hace 2 h", then "ayer", then "12 mar". */
export function relativeTime(at: number, current = now()): string {
  const diff = current - at;
  if (diff < MIN) return t("time.now");
  if (diff < HOUR) return rtf().format(-Math.floor(diff / MIN), "minute");
  if (diff < 12 * HOUR || dayKey(at) === dayKey(current)) return rtf().format(-Math.floor(diff / HOUR), "hour");
  if (dayKey(at) === dayKey(current - DAY)) return rtf().format(-1, "day");
  if (diff < 6 * DAY) return dtf({ weekday: "short" }).format(at);
  return dtf({ day: "numeric", month: "short" }).format(at);
}

export function timeOfDay(at: number): string {
  return dtf({ hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(at);
}

/** Day separator label in the history: "Hoy", "Ayer", "lunes, 3 de marzo". */
export function dayLabel(at: number, current = now()): string {
  if (dayKey(at) === dayKey(current)) return t("conv.today");
  if (dayKey(at) === dayKey(current - DAY)) return t("conv.yesterday");
  return dtf({ weekday: "long", day: "numeric", month: "long", year: current - at > 300 * DAY ? "numeric" : undefined }).format(at);
}

export function fullDate(at: number): string {
  return dtf({ dateStyle: "long", timeStyle: "short" }).format(at);
}

/** "23 h", "1 h 20 min", "12 min", "45 s" — compact, for the window countdown. */
export function duration(ms: number): string {
  const m = Math.max(0, Math.floor(ms / MIN));
  if (ms < MIN) return `${Math.max(0, Math.ceil(ms / 1000))} s`;
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  const rest = m % 60;
  return h >= 10 || rest === 0 ? `${h} h` : `${h} h ${rest} min`;
}

/** "14:05" today, "mañana 9:00", "lun 9:00" within a week, else "12 mar 9:00" — for snoozes and deadlines. */
export function shortDateTime(at: number, current = now()): string {
  const time = timeOfDay(at);
  if (dayKey(at) === dayKey(current)) return time;
  if (dayKey(at) === dayKey(current + DAY)) return `${t("time.tomorrow")} ${time}`;
  if (at > current && at - current < 6 * DAY) return `${dtf({ weekday: "short" }).format(at)} ${time}`;
  return `${dtf({ day: "numeric", month: "short" }).format(at)} ${time}`;
}

/** "820 KB", "7,2 MB" in the agent's language. */
export function fileSize(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  const n = (v: number, digits: number) => new Intl.NumberFormat(locale(), { maximumFractionDigits: digits }).format(v);
  return mb >= 1 ? `${n(mb, 1)} MB` : `${n(Math.max(1, Math.round(bytes / 1024)), 0)} KB`;
}

/** How long a customer has waited, never under a minute ("esperando 0 s" reads like a bug). */
export const waited = (ms: number): string => duration(Math.max(60_000, ms));
