// Wall-clock times in the workspace's time zone without a date library: "tomorrow at 9:00 in Madrid" as an
// instant, and back. Used by the inbox's snooze presets and date-time picker (whose value has no zone) and by
// business hours (shared/business-hours.ts), so both read the clock the same way across DST.

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", weekday: "short" });
    formatters.set(timeZone, f);
  }
  return f;
}
const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

export function wallClock(at: number, timeZone: string): WallClock {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(at).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour) % 24,
    minute: Number(parts.minute),
    weekday: WEEKDAYS.indexOf(parts.weekday ?? ""),
  };
}

const MINUTE = 60_000;
const DAY = 86_400_000;
/** How far the zone's clock is ahead of UTC at `at` (whole minutes). */
function offsetAt(at: number, timeZone: string): number {
  const w = wallClock(at, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute) - Math.floor(at / MINUTE) * MINUTE;
}

/**
 * The instant when the zone's clock shows this date and time. Across DST: a time the clocks skip (02:30 on the
 * spring-forward night) moves forward by the gap (03:30); a time that happens twice (02:30 on the fall-back
 * night) is its first occurrence.
 */
export function instantAt(timeZone: string, year: number, month: number, day: number, hour: number, minute: number): number {
  const local = Date.UTC(year, month - 1, day, hour, minute);
  const before = offsetAt(local - DAY, timeZone);
  const after = offsetAt(local + DAY, timeZone);
  const fits = [local - before, local - after].filter((at) => offsetAt(at, timeZone) === local - at);
  return fits.length ? Math.min(...fits) : local - before;
}

/** The calendar day `days` after the one containing `at`, at hour:minute, in the zone. */
export function dayAfter(at: number, days: number, hour: number, minute: number, timeZone: string): number {
  const today = wallClock(at, timeZone);
  const date = new Date(Date.UTC(today.year, today.month - 1, today.day + days));
  return instantAt(timeZone, date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), hour, minute);
}

/** Snooze presets: in one hour, tomorrow at 9:00, next Monday at 9:00 (a week later when today is Monday). */
export function snoozePresets(now: number, timeZone: string): { hour: number; tomorrow: number; monday: number } {
  const weekday = wallClock(now, timeZone).weekday;
  const toMonday = ((8 - weekday) % 7) || 7;
  return { hour: now + 3_600_000, tomorrow: dayAfter(now, 1, 9, 0, timeZone), monday: dayAfter(now, toMonday, 9, 0, timeZone) };
}

const pad = (n: number) => String(n).padStart(2, "0");

/** The zone's calendar day containing `at`, as a date input's value ("2026-03-04"). */
export function dayOf(at: number, timeZone: string): string {
  const w = wallClock(at, timeZone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}`;
}

/** Every quarter of an hour as "HH:MM", 00:00 to 23:45: the time picker's choices (24 h in every locale). */
export const QUARTER_HOURS: readonly string[] = Array.from({ length: 96 }, (_, i) => `${pad(Math.floor(i / 4))}:${pad((i % 4) * 15)}`);

/**
 * The instant a date ("2026-03-29") and a 24-hour time ("9:30", "09:30") mean on the zone's clock — DST handled
 * as in `instantAt` — or null when either is malformed or the date does not exist (30 February).
 */
export function zonedInstant(date: string, time: string, timeZone: string): number | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(time.trim());
  if (!d || !t) return null;
  const [year, month, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  return instantAt(timeZone, year, month, day, Number(t[1]), Number(t[2]));
}

/** "jueves, 5 de marzo, 09:00": an instant on the zone's clock, always 24 h (no AM/PM whatever the locale). */
export function wallClockLabel(at: number, timeZone: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone, weekday: "long", day: "numeric", month: "long", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(at);
}
