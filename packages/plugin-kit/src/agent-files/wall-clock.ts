const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/** A month's index from its English name or abbreviation, or -1. */
export function monthIndex(name: string): number {
  return MONTHS.indexOf(name.slice(0, 3).toLowerCase());
}

/** How far `zone`'s wall clock is ahead of UTC at `at`, in ms (null for an unknown zone). */
function zoneOffset(zone: string | undefined, at: number): number | null {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    }).formatToParts(at);
  } catch {
    return null;
  }
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return wall - Math.floor(at / 1000) * 1000;
}

/** The wall-clock date (y, m, d) in `zone` at `at`. */
function zoneDate(zone: string | undefined, at: number): [number, number, number] {
  const offset = zoneOffset(zone, at) ?? 0;
  const d = new Date(at + offset);
  return [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()];
}

/**
 * The instant a wall-clock time names in `zone` (undefined = this machine's
 * zone): on the given date, else the next such time after `now`.
 */
export function wallClock(
  time: { hour: number; minute: number; month?: number; day?: number; year?: number },
  zone: string | undefined,
  now: number,
): number | null {
  if (zoneOffset(zone, now) === null) return null;
  const [y, m, d] = zoneDate(zone, now);
  const at = (year: number, month: number, day: number) => {
    const guess = Date.UTC(year, month, day, time.hour, time.minute);
    const first = guess - (zoneOffset(zone, guess) ?? 0);
    return guess - (zoneOffset(zone, first) ?? 0);
  };
  if (time.month !== undefined && time.day !== undefined) {
    let result = at(time.year ?? y, time.month, time.day);
    if (time.year === undefined && result < now - 86_400_000) result = at(y + 1, time.month, time.day);
    return result;
  }
  let result = at(y, m, d);
  if (result <= now) result = at(y, m, d + 1);
  return result;
}

/** "4:50am", "9pm", "8:19 PM" as 24-hour hour and minute. */
export function clockTime(
  hour: string,
  minute: string | undefined,
  meridiem: string,
): { hour: number; minute: number } {
  const h = Number(hour) % 12;
  return { hour: meridiem.toLowerCase() === "pm" ? h + 12 : h, minute: minute ? Number(minute) : 0 };
}
