// Business hours in the workspace's time zone: open/closed, next opening and business time between two instants,
// across Madrid's DST changes and Mexico City (no DST since 2022, DST before), holidays and split days.
import { describe, expect, it } from "vitest";
import { botAnswersAt } from "../../shared/bot-policy";
import { businessHoursSchema, businessMsBetween, DEFAULT_BUSINESS_HOURS, isOpen, localTime, nextOpening, type BusinessHours } from "../../shared/business-hours";
import { zonedInstant } from "../../shared/zoned-time";

const H = 3_600_000;
const at = (iso: string) => Date.parse(iso);
const WEEKDAYS_9_18: BusinessHours = {
  weekly: { mon: [{ from: "09:00", to: "18:00" }], tue: [{ from: "09:00", to: "18:00" }], wed: [{ from: "09:00", to: "18:00" }], thu: [{ from: "09:00", to: "18:00" }], fri: [{ from: "09:00", to: "18:00" }] },
  holidays: [{ date: "2026-12-25", name: "Navidad" }, { date: "2026-01-06", name: "Reyes" }],
};
const MADRID = "Europe/Madrid";
const CDMX = "America/Mexico_City";

describe("Europe/Madrid across DST", () => {
  it("opens at 09:00 local before and after the spring change (08:00 UTC, then 07:00 UTC)", () => {
    expect(isOpen(WEEKDAYS_9_18, MADRID, at("2026-03-27T08:00:00Z"))).toBe(true); // Fri 09:00 CET
    expect(isOpen(WEEKDAYS_9_18, MADRID, at("2026-03-27T07:59:00Z"))).toBe(false);
    expect(isOpen(WEEKDAYS_9_18, MADRID, at("2026-03-30T07:00:00Z"))).toBe(true); // Mon 09:00 CEST
    expect(isOpen(WEEKDAYS_9_18, MADRID, at("2026-03-30T06:59:00Z"))).toBe(false);
    expect(isOpen(WEEKDAYS_9_18, MADRID, at("2026-03-30T16:00:00Z"))).toBe(false); // Mon 18:00 CEST: closed
  });

  it("finds the next opening over the weekend of each change", () => {
    expect(nextOpening(WEEKDAYS_9_18, MADRID, at("2026-03-28T12:00:00Z"))).toBe(at("2026-03-30T07:00:00Z"));
    expect(nextOpening(WEEKDAYS_9_18, MADRID, at("2026-10-24T12:00:00Z"))).toBe(at("2026-10-26T08:00:00Z"));
    const open = at("2026-10-26T10:00:00Z");
    expect(nextOpening(WEEKDAYS_9_18, MADRID, open)).toBe(open);
  });

  it("counts business time across the spring weekend: Fri 16:00 CET → Mon 10:00 CEST is 3 hours", () => {
    expect(businessMsBetween(WEEKDAYS_9_18, MADRID, at("2026-03-27T15:00:00Z"), at("2026-03-30T08:00:00Z"))).toBe(3 * H);
    expect(businessMsBetween(WEEKDAYS_9_18, MADRID, at("2026-10-23T14:00:00Z"), at("2026-10-26T09:00:00Z"))).toBe(3 * H);
    expect(businessMsBetween(WEEKDAYS_9_18, MADRID, at("2026-03-30T08:00:00Z"), at("2026-03-27T15:00:00Z"))).toBe(0);
  });

  it("a night interval that crosses the skipped hour lasts one real hour", () => {
    const night: BusinessHours = { weekly: { sun: [{ from: "01:00", to: "03:00" }] }, holidays: [] };
    expect(businessMsBetween(night, MADRID, at("2026-03-28T12:00:00Z"), at("2026-03-29T12:00:00Z"))).toBe(1 * H);
    expect(businessMsBetween(night, MADRID, at("2026-10-24T12:00:00Z"), at("2026-10-25T12:00:00Z"))).toBe(3 * H); // the repeated hour
    expect(zonedInstant("2026-03-29", "02:30", MADRID)).toBe(at("2026-03-29T01:30:00Z")); // 02:30 does not exist: 03:30 CEST
  });

  it("closes on holidays and skips them when looking for the next opening", () => {
    expect(isOpen(WEEKDAYS_9_18, MADRID, at("2026-12-25T10:00:00Z"))).toBe(false);
    expect(nextOpening(WEEKDAYS_9_18, MADRID, at("2026-12-24T18:00:00Z"))).toBe(at("2026-12-28T08:00:00Z"));
    expect(businessMsBetween(WEEKDAYS_9_18, MADRID, at("2026-12-24T00:00:00Z"), at("2026-12-26T00:00:00Z"))).toBe(9 * H);
  });
});

describe("America/Mexico_City", () => {
  it("keeps UTC-6 all year since it dropped DST", () => {
    expect(isOpen(WEEKDAYS_9_18, CDMX, at("2026-04-06T15:00:00Z"))).toBe(true); // Mon 09:00
    expect(isOpen(WEEKDAYS_9_18, CDMX, at("2026-04-06T14:59:00Z"))).toBe(false);
    expect(isOpen(WEEKDAYS_9_18, CDMX, at("2026-07-06T15:00:00Z"))).toBe(true);
    expect(isOpen(WEEKDAYS_9_18, CDMX, at("2026-07-06T14:30:00Z"))).toBe(false);
  });

  it("used UTC-5 in summer 2021, and the 2022 autumn change is counted right", () => {
    expect(isOpen(WEEKDAYS_9_18, CDMX, at("2021-07-05T14:00:00Z"))).toBe(true); // Mon 09:00 CDT
    // Fri 2022-10-28 17:00 CDT → Mon 2022-10-31 10:00 CST: 1 h + 1 h.
    expect(businessMsBetween(WEEKDAYS_9_18, CDMX, at("2022-10-28T22:00:00Z"), at("2022-10-31T16:00:00Z"))).toBe(2 * H);
    expect(localTime(at("2022-10-31T16:00:00Z"), CDMX)).toEqual({ date: "2022-10-31", weekday: "mon", minutes: 600 });
  });
});

describe("weekly shape", () => {
  const split: BusinessHours = { weekly: { sat: [{ from: "16:00", to: "20:00" }, { from: "09:00", to: "14:00" }], sun: [{ from: "20:00", to: "24:00" }] }, holidays: [] };
  it("handles split days (any order) and an interval to midnight", () => {
    expect(isOpen(split, MADRID, at("2026-06-06T13:00:00Z"))).toBe(false); // Sat 15:00 CEST, lunch break
    expect(businessMsBetween(split, MADRID, at("2026-06-06T00:00:00Z"), at("2026-06-08T00:00:00Z"))).toBe(13 * H);
    expect(nextOpening(split, MADRID, at("2026-06-06T13:00:00Z"))).toBe(at("2026-06-06T14:00:00Z"));
  });

  it("returns null when nothing ever opens", () => {
    expect(nextOpening({ weekly: {}, holidays: [] }, MADRID, at("2026-06-06T13:00:00Z"))).toBeNull();
  });

  it("validates the stored shape with reasons", () => {
    expect(businessHoursSchema.safeParse(WEEKDAYS_9_18).success).toBe(true);
    const overlap = businessHoursSchema.safeParse({ weekly: { mon: [{ from: "09:00", to: "14:00" }, { from: "13:00", to: "18:00" }] }, holidays: [] });
    expect(overlap.error?.issues[0]?.message).toMatch(/overlap/);
    expect(businessHoursSchema.safeParse({ weekly: { mon: [{ from: "18:00", to: "09:00" }] } }).success).toBe(false);
    expect(businessHoursSchema.safeParse({ weekly: { mon: [{ from: "25:00", to: "26:00" }] } }).success).toBe(false);
    expect(businessHoursSchema.safeParse({ weekly: { lunes: [] } }).success).toBe(false);
    expect(businessHoursSchema.safeParse({ weekly: {}, holidays: [{ date: "25/12/2026" }] }).success).toBe(false);
  });
});

describe("botAnswersAt: when the assistant answers a number", () => {
  const madrid = "Europe/Madrid";
  // Monday 2026-11-30: 10:00 and 21:00 in Madrid (UTC+1 in winter).
  const mondayMorning = Date.UTC(2026, 10, 30, 9, 0);
  const mondayNight = Date.UTC(2026, 10, 30, 20, 0);
  it("always, never, and outside hours only while the workspace is closed", () => {
    expect(botAnswersAt("always", DEFAULT_BUSINESS_HOURS, madrid, mondayMorning)).toBe(true);
    expect(botAnswersAt("never", DEFAULT_BUSINESS_HOURS, madrid, mondayNight)).toBe(false);
    expect(botAnswersAt("outside_hours", DEFAULT_BUSINESS_HOURS, madrid, mondayMorning)).toBe(false);
    expect(botAnswersAt("outside_hours", DEFAULT_BUSINESS_HOURS, madrid, mondayNight)).toBe(true);
    // A holiday is closed all day.
    expect(botAnswersAt("outside_hours", { ...DEFAULT_BUSINESS_HOURS, holidays: [{ date: "2026-11-30" }] }, madrid, mondayMorning)).toBe(true);
  });
  it("stays quiet in outside-hours mode until the workspace has hours", () => {
    expect(botAnswersAt("outside_hours", null, madrid, mondayNight)).toBe(false);
  });
});
