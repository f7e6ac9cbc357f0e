// A workspace's business hours (weekly opening intervals + holidays, in its IANA time zone) and the three questions
// everyone asks of them: open now?, when do we open next?, how much business time lies between two instants?
// One definition for the bot's "outside hours" mode, reports and SLAs. Pure: Intl only, no Date parsing of strings.
import { z } from "zod";
import { instantAt, wallClock } from "./zoned-time";

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, "times look like 09:30 (24:00 for midnight)");
const interval = z
  .object({ from: hhmm, to: hhmm })
  .refine((i) => minutesOf(i.from) < minutesOf(i.to), { message: "an interval must end after it starts (same day)" });
const dayIntervals = z
  .array(interval)
  .max(6)
  .refine((list) => [...list].sort((a, b) => minutesOf(a.from) - minutesOf(b.from)).every((i, n, s) => n === 0 || minutesOf(s[n - 1]!.to) <= minutesOf(i.from)), {
    message: "intervals of one day must not overlap",
  });

export const businessHoursSchema = z.object({
  weekly: z.object(Object.fromEntries(WEEKDAYS.map((d) => [d, dayIntervals.optional()])) as Record<Weekday, z.ZodOptional<typeof dayIntervals>>).strict(),
  holidays: z
    .array(z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "dates look like 2026-12-25"), name: z.string().trim().max(80).optional() }))
    .max(200)
    .default([]),
});
export type BusinessHours = z.infer<typeof businessHoursSchema>;
export interface OpeningInterval {
  from: string;
  to: string;
}

/** Weekdays 9:00–18:00, a sensible starting point for the settings screen. */
export const DEFAULT_BUSINESS_HOURS: BusinessHours = {
  weekly: { mon: [{ from: "09:00", to: "18:00" }], tue: [{ from: "09:00", to: "18:00" }], wed: [{ from: "09:00", to: "18:00" }], thu: [{ from: "09:00", to: "18:00" }], fri: [{ from: "09:00", to: "18:00" }] },
  holidays: [],
};

export function minutesOf(time: string): number {
  const [h, m] = time.split(":").map(Number);
  return h! * 60 + m!;
}

/** The local calendar date (YYYY-MM-DD), weekday and minute of the day at `at` in `timeZone`. */
export function localTime(at: number, timeZone: string): { date: string; weekday: Weekday; minutes: number } {
  const w = wallClock(at, timeZone);
  return { date: isoDate(w.year, w.month, w.day), weekday: WEEKDAYS[(w.weekday + 6) % 7]!, minutes: w.hour * 60 + w.minute }; // Monday = 0
}

function isoDate(y: number, mo: number, d: number): string {
  return `${String(y).padStart(4, "0")}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

function addDays(date: string, days: number): string {
  const [y, mo, d] = date.split("-").map(Number);
  const t = new Date(Date.UTC(y!, mo! - 1, d! + days));
  return isoDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

function weekdayOf(date: string): Weekday {
  const [y, mo, d] = date.split("-").map(Number);
  return WEEKDAYS[(new Date(Date.UTC(y!, mo! - 1, d!)).getUTCDay() + 6) % 7]!;
}

/** The instant of wall time `minutes` after midnight of `date` in `timeZone` (DST as in shared/zoned-time.ts). */
function instantOf(date: string, minutes: number, timeZone: string): number {
  const [y, mo, d] = date.split("-").map(Number);
  return instantAt(timeZone, y!, mo!, d!, 0, minutes);
}

function intervalsOn(hours: BusinessHours, date: string): OpeningInterval[] {
  if (hours.holidays.some((h) => h.date === date)) return [];
  return [...(hours.weekly[weekdayOf(date)] ?? [])].sort((a, b) => minutesOf(a.from) - minutesOf(b.from));
}

/** Opening intervals of one local date as instants [start, end). */
function openSpans(hours: BusinessHours, timeZone: string, date: string): Array<[number, number]> {
  return intervalsOn(hours, date).map((i) => [instantOf(date, minutesOf(i.from), timeZone), instantOf(date, minutesOf(i.to), timeZone)]);
}

export function isOpen(hours: BusinessHours, timeZone: string, at: number): boolean {
  const { date } = localTime(at, timeZone);
  return openSpans(hours, timeZone, date).some(([start, end]) => start <= at && at < end);
}

/** `at` itself when open, else the start of the next opening interval; null when nothing opens within a year. */
export function nextOpening(hours: BusinessHours, timeZone: string, at: number): number | null {
  const today = localTime(at, timeZone).date;
  for (let day = 0; day <= 370; day++) {
    for (const [start, end] of openSpans(hours, timeZone, addDays(today, day))) {
      if (start <= at && at < end) return at;
      if (start > at) return start;
    }
  }
  return null;
}

/** Business time (ms) between two instants: the part of [a, b) that falls inside opening intervals. */
export function businessMsBetween(hours: BusinessHours, timeZone: string, a: number, b: number): number {
  if (b <= a) return 0;
  const last = localTime(b, timeZone).date;
  let total = 0;
  // A day before `a`'s date too: spans are built per local date, and one day is the most a span can reach back.
  for (let date = addDays(localTime(a, timeZone).date, -1); date <= last; date = addDays(date, 1)) {
    for (const [start, end] of openSpans(hours, timeZone, date)) total += Math.max(0, Math.min(end, b) - Math.max(start, a));
  }
  return total;
}

/**
 * The instant when `ms` of business time have passed since `from` (an SLA's deadline in business hours); null when
 * the hours never open within a year (the caller falls back to calendar time).
 */
export function addBusinessMs(hours: BusinessHours, timeZone: string, from: number, ms: number): number | null {
  let left = ms;
  const first = localTime(from, timeZone).date;
  // A day before too, for spans that began on the previous local date (as in businessMsBetween).
  for (let date = addDays(first, -1), day = 0; day <= 370; date = addDays(date, 1), day++) {
    for (const [start, end] of openSpans(hours, timeZone, date)) {
      const a = Math.max(start, from);
      if (end <= a) continue;
      if (end - a >= left) return a + left;
      left -= end - a;
    }
  }
  return null;
}
