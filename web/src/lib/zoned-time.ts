// Wall-clock times in the workspace's time zone without a date library: "tomorrow at 9:00 in Madrid" as an
// instant, and back. Used by the snooze presets and the date-time picker (whose value has no zone).

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

/** The instant when the zone's clock shows this date and time (a time skipped by DST moves forward). */
export function instantAt(timeZone: string, year: number, month: number, day: number, hour: number, minute: number): number {
  const wanted = Date.UTC(year, month - 1, day, hour, minute);
  let guess = wanted;
  for (let i = 0; i < 3; i++) {
    const seen = wallClock(guess, timeZone);
    const shown = Date.UTC(seen.year, seen.month - 1, seen.day, seen.hour, seen.minute);
    if (shown === wanted) return guess;
    guess += wanted - shown;
  }
  return guess;
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

/** `<input type="datetime-local">` value ("2026-03-04T09:00") for an instant, in the zone. */
export function toLocalInput(at: number, timeZone: string): string {
  const w = wallClock(at, timeZone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/** The instant a datetime-local value means in the zone, or null when it is not a valid value. */
export function fromLocalInput(value: string, timeZone: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!m) return null;
  return instantAt(timeZone, Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]));
}
