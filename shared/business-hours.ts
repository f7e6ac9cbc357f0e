// A workspace's business hours (weekly opening intervals + holidays, in its IANA time zone) and the three questions
// everyone asks of them: open now?, when do we open next?, how much business time lies between two instants?
// One definition for the bot's "outside hours" mode, reports and SLAs. Pure: Intl only, no Date parsing of strings.
import { z } from "zod";

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

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall clock in `timeZone` at `at`, as numbers. */
function wallClock(at: number, timeZone: string): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const p: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(at))) if (part.type !== "literal") p[part.type] = Number(part.value);
  return { y: p.year!, mo: p.month!, d: p.day!, h: p.hour! % 24, mi: p.minute!, s: p.second! };
}

/** Milliseconds to add to UTC to get the wall clock of `timeZone` at `at` (+3_600_000 for Madrid in winter). */
function offsetAt(at: number, timeZone: string): number {
  const w = wallClock(at, timeZone);
  return Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s) - Math.floor(at / 1000) * 1000;
}

/** The local calendar date (YYYY-MM-DD), weekday and minute of the day at `at` in `timeZone`. */
export function localTime(at: number, timeZone: string): { date: string; weekday: Weekday; minutes: number } {
  const w = wallClock(at, timeZone);
  const dayIndex = (new Date(Date.UTC(w.y, w.mo - 1, w.d)).getUTCDay() + 6) % 7; // Monday = 0
  return { date: isoDate(w.y, w.mo, w.d), weekday: WEEKDAYS[dayIndex]!, minutes: w.h * 60 + w.mi };
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

/**
 * The instant of local wall time `minutes` after midnight of `date` in `timeZone`. A wall time skipped by a
 * spring-forward change moves forward by the gap (02:30 → 03:30 in Madrid on the last Sunday of March); a repeated
 * autumn wall time is its second occurrence.
 */
export function zonedInstant(date: string, minutes: number, timeZone: string): number {
  const [y, mo, d] = date.split("-").map(Number);
  const asUtc = Date.UTC(y!, mo! - 1, d!, 0, minutes);
  let guess = asUtc - offsetAt(asUtc, timeZone);
  const second = asUtc - offsetAt(guess, timeZone);
  if (second !== guess) {
    // Near a change the two offsets disagree: take the one whose wall clock matches, else (a gap) the later instant.
    const wallOf = (t: number) => t + offsetAt(t, timeZone);
    guess = wallOf(second) === asUtc ? second : wallOf(guess) === asUtc ? guess : Math.max(guess, second);
  }
  return guess;
}

function intervalsOn(hours: BusinessHours, date: string): OpeningInterval[] {
  if (hours.holidays.some((h) => h.date === date)) return [];
  return [...(hours.weekly[weekdayOf(date)] ?? [])].sort((a, b) => minutesOf(a.from) - minutesOf(b.from));
}

/** Opening intervals of one local date as instants [start, end). */
function openSpans(hours: BusinessHours, timeZone: string, date: string): Array<[number, number]> {
  return intervalsOn(hours, date).map((i) => [zonedInstant(date, minutesOf(i.from), timeZone), zonedInstant(date, minutesOf(i.to), timeZone)]);
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
