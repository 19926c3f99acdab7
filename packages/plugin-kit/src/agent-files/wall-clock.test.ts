import { describe, expect, it } from "vitest";
import { clockTime, monthIndex, wallClock } from "./wall-clock.js";

describe("wall-clock times from limit banners", () => {
  it("reads 12-hour times", () => {
    expect(clockTime("4", "50", "am")).toEqual({ hour: 4, minute: 50 });
    expect(clockTime("9", undefined, "pm")).toEqual({ hour: 21, minute: 0 });
    expect(clockTime("12", "05", "AM")).toEqual({ hour: 0, minute: 5 });
    expect(clockTime("12", undefined, "PM")).toEqual({ hour: 12, minute: 0 });
  });

  it("knows months by name or abbreviation", () => {
    expect(monthIndex("Jul")).toBe(6);
    expect(monthIndex("january")).toBe(0);
    expect(monthIndex("Smarch")).toBe(-1);
  });

  it("gives the next such time in the zone, today or tomorrow", () => {
    const now = Date.parse("2026-03-10T10:00:00Z");
    // Europe/Rome is UTC+1 in March before the switch: 4:50 Rome = 3:50 UTC, already past today.
    expect(wallClock({ hour: 4, minute: 50 }, "Europe/Rome", now)).toBe(Date.parse("2026-03-11T03:50:00Z"));
    expect(wallClock({ hour: 15, minute: 0 }, "UTC", now)).toBe(Date.parse("2026-03-10T15:00:00Z"));
  });

  it("uses a given date, and next year's when this year's is long past", () => {
    const now = Date.parse("2026-08-01T00:00:00Z");
    // New York is UTC-4 in July (daylight saving).
    expect(wallClock({ hour: 21, minute: 0, month: 6, day: 25 }, "America/New_York", now)).toBe(
      Date.parse("2027-07-26T01:00:00Z"),
    );
    expect(wallClock({ hour: 20, minute: 19, month: 6, day: 5, year: 2026 }, "UTC", now)).toBe(
      Date.parse("2026-07-05T20:19:00Z"),
    );
  });

  it("is null for a zone it does not know", () => {
    expect(wallClock({ hour: 1, minute: 0 }, "Mars/Olympus", 0)).toBeNull();
  });
});
