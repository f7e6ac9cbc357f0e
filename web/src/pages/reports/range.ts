// Report ranges as whole days in the workspace's time zone ("2026-03-04"), which is what the reports API takes:
// today's date there, day arithmetic on the calendar, and the presets (hoy, 7 días, 30 días, este mes).

export type RangePreset = "today" | "last7" | "last30" | "month";
export const RANGE_PRESETS: RangePreset[] = ["today", "last7", "last30", "month"];

/** The calendar day `at` falls on in `timeZone`, as YYYY-MM-DD. */
export function dayIn(at: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}`;
}

/** `day` moved by `days` on the calendar (UTC arithmetic on a date string: no clock or zone involved). */
export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function presetRange(preset: RangePreset, today: string): { from: string; to: string } {
  switch (preset) {
    case "today":
      return { from: today, to: today };
    case "last7":
      return { from: addDays(today, -6), to: today };
    case "last30":
      return { from: addDays(today, -29), to: today };
    case "month":
      return { from: `${today.slice(0, 8)}01`, to: today };
  }
}
