// Wall-clock time in a zone (shared/zoned-time.ts), as the snooze menu and business hours use it: presets and the
// date + time picker mean times on the workspace's clock (never the browser's), shown in 24 h, across DST gaps and overlaps.
import { describe, expect, test } from "vitest";
import { dayOf, instantAt, QUARTER_HOURS, snoozePresets, wallClock, wallClockLabel, zonedInstant } from "../../shared/zoned-time";

const MADRID = "Europe/Madrid";
const utc = (iso: string) => Date.parse(`${iso}Z`);

describe("presets", () => {
  test("tomorrow 9:00 and Monday 9:00 are 9:00 on Madrid's clock, whatever the browser's zone", () => {
    const now = utc("2026-03-04T22:30"); // Wednesday 4 March, 23:30 in Madrid
    const { hour, tomorrow, monday } = snoozePresets(now, MADRID);
    expect(hour).toBe(now + 3_600_000);
    expect(wallClock(tomorrow, MADRID)).toMatchObject({ year: 2026, month: 3, day: 5, hour: 9, minute: 0 });
    expect(wallClock(monday, MADRID)).toMatchObject({ day: 9, hour: 9, minute: 0, weekday: 1 });
  });

  test("on a Monday, 'Monday 9:00' is next week's", () => {
    expect(wallClock(snoozePresets(utc("2026-03-09T10:00"), MADRID).monday, MADRID)).toMatchObject({ day: 16, hour: 9 });
  });

  test("a morning after the spring DST change still lands on 9:00", () => {
    const saturday = utc("2026-03-28T12:00"); // clocks go forward on Sunday 29 March
    expect(wallClock(snoozePresets(saturday, MADRID).tomorrow, MADRID)).toMatchObject({ day: 29, hour: 9, minute: 0 });
    expect(instantAt(MADRID, 2026, 3, 29, 9, 0)).toBe(utc("2026-03-29T07:00"));
  });
});

describe("the date + time picker", () => {
  test("a date and a 24-hour time mean that wall-clock time in the workspace's zone", () => {
    expect(zonedInstant("2026-07-15", "10:45", "America/Mexico_City")).toBe(utc("2026-07-15T16:45"));
    expect(zonedInstant("2026-07-15", "10:45", MADRID)).toBe(utc("2026-07-15T08:45"));
    expect(zonedInstant("2026-01-15", "9:05", MADRID)).toBe(utc("2026-01-15T08:05"));
    expect(zonedInstant("2026-12-31", "23:45", "Asia/Tokyo")).toBe(utc("2026-12-31T14:45"));
  });

  test("malformed values and dates that do not exist are refused", () => {
    for (const [date, time] of [["2026-02-30", "09:00"], ["2026-13-01", "09:00"], ["2026-03-04", "24:00"], ["2026-03-04", "9:7"], ["2026-03-04", "9 PM"], ["mañana", "09:00"], ["", ""]]) {
      expect(zonedInstant(date!, time!, MADRID), `${date} ${time}`).toBeNull();
    }
  });

  test("spring forward: a time the clocks skip moves forward by the gap", () => {
    // Madrid, 29 March 2026: 02:00 → 03:00. 02:30 does not exist; it becomes 03:30 CEST.
    const skipped = zonedInstant("2026-03-29", "02:30", MADRID)!;
    expect(skipped).toBe(utc("2026-03-29T01:30"));
    expect(wallClock(skipped, MADRID)).toMatchObject({ hour: 3, minute: 30 });
    expect(zonedInstant("2026-03-29", "01:45", MADRID)).toBe(utc("2026-03-29T00:45"));
    expect(zonedInstant("2026-03-29", "03:00", MADRID)).toBe(utc("2026-03-29T01:00"));
    // Santiago de Chile skips midnight (00:00 → 01:00 on 6 September 2026).
    expect(zonedInstant("2026-09-06", "00:00", "America/Santiago")).toBe(utc("2026-09-06T04:00"));
    // Lord Howe Island moves its clocks by half an hour.
    expect(wallClock(zonedInstant("2026-10-04", "02:15", "Australia/Lord_Howe")!, "Australia/Lord_Howe")).toMatchObject({ hour: 2, minute: 45 });
  });

  test("fall back: a time that happens twice is its first occurrence", () => {
    // Madrid, 25 October 2026: 03:00 CEST → 02:00 CET, so 02:30 happens at 00:30 and 01:30 UTC.
    expect(zonedInstant("2026-10-25", "02:30", MADRID)).toBe(utc("2026-10-25T00:30"));
    expect(zonedInstant("2026-10-25", "03:00", MADRID)).toBe(utc("2026-10-25T02:00"));
    expect(zonedInstant("2026-11-01", "01:30", "America/New_York")).toBe(utc("2026-11-01T05:30"));
  });

  test("every offered time round-trips on an ordinary day", () => {
    expect(QUARTER_HOURS).toHaveLength(96);
    expect(QUARTER_HOURS.slice(0, 2)).toEqual(["00:00", "00:15"]);
    expect(QUARTER_HOURS.at(-1)).toBe("23:45");
    for (const time of QUARTER_HOURS) {
      const at = zonedInstant("2026-05-20", time, "America/Bogota")!;
      const w = wallClock(at, "America/Bogota");
      expect(`${String(w.hour).padStart(2, "0")}:${String(w.minute).padStart(2, "0")}`).toBe(time);
    }
  });

  test("the day shown by default is the zone's, not UTC's", () => {
    const lateInMexico = utc("2026-03-05T03:30"); // 21:30 on 4 March in Mexico City, already the 5th in UTC
    expect(dayOf(lateInMexico, "America/Mexico_City")).toBe("2026-03-04");
    expect(dayOf(lateInMexico, MADRID)).toBe("2026-03-05");
  });

  test("the chosen time is written in Spanish, 24 h, on the zone's clock", () => {
    const at = zonedInstant("2026-03-05", "21:30", MADRID)!;
    expect(wallClockLabel(at, MADRID, "es")).toBe("jueves, 5 de marzo, 21:30");
    expect(wallClockLabel(at, "America/Mexico_City", "es")).toBe("jueves, 5 de marzo, 14:30");
    expect(wallClockLabel(at, MADRID, "en")).not.toMatch(/AM|PM/);
  });
});
