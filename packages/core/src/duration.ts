import { errors } from "./errors.js";

/** A duration as written in config: `"30s"`, `"10m"`, `"100ms"`, or milliseconds as a number. */
export type Duration = string | number;

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses a {@link Duration} to milliseconds; throws INVALID_DURATION on anything else. */
export function parseDuration(value: Duration): number {
  if (typeof value === "number") {
    if (Number.isFinite(value) && value >= 0) return value;
    throw errors.invalidDuration(String(value));
  }
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/.exec(value);
  if (!match) throw errors.invalidDuration(value);
  return Math.round(Number(match[1]) * (UNITS[match[2] as string] as number));
}

/** True when the string is a duration (as opposed to a bare count such as "3"). */
export function isDuration(value: Duration): boolean {
  if (typeof value === "number") return false;
  return /^\s*\d+(?:\.\d+)?\s*(ms|s|m|h|d)\s*$/.test(value);
}
