// How report figures read: durations with two units ("2 min 5 s", "1 h 20 min", "3 d 4 h"), counts and shares
// in the person's language, and "—" for nothing measured (never a misleading 0 s).
import { locale } from "../../i18n";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
export const NONE = "—";

/** The two largest units of a duration; under a second reads "< 1 s". */
export function humanDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return NONE;
  if (ms < SECOND) return "< 1 s";
  const units: Array<[number, string]> = [
    [DAY, "d"],
    [HOUR, "h"],
    [MINUTE, "min"],
    [SECOND, "s"],
  ];
  const i = units.findIndex(([size]) => ms >= size);
  const [big, bigLabel] = units[i]!;
  const whole = Math.floor(ms / big);
  const next = units[i + 1];
  const rest = next ? Math.floor((ms - whole * big) / next[0]) : 0;
  return rest && next ? `${whole} ${bigLabel} ${rest} ${next[1]}` : `${whole} ${bigLabel}`;
}

export function count(n: number | null | undefined): string {
  return n === null || n === undefined ? NONE : new Intl.NumberFormat(locale()).format(n);
}

/** 0–1 as "87 %" / "87%" (the language decides the space). */
export function percent(share: number | null | undefined): string {
  return share === null || share === undefined ? NONE : new Intl.NumberFormat(locale(), { style: "percent", maximumFractionDigits: 0 }).format(share);
}

/** A CSAT mean of 1–5 with one decimal: "4,3". */
export function score(value: number | null | undefined): string {
  return value === null || value === undefined ? NONE : new Intl.NumberFormat(locale(), { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value);
}

/** How a metric's values read on a chart's axis. */
export type ChartUnit = "duration" | "count" | "score";
