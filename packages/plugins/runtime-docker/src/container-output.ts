import { inertText } from "@ao/core";

/**
 * A TTY container's log as plain lines: carriage returns and escape
 * sequences go (they are terminal drawing, not text), as do trailing blank
 * lines, and only the last `lines` are kept.
 */
export function logTail(raw: string, lines: number): string {
  const out = inertText(raw.replaceAll("\r\n", "\n").replaceAll("\r", "\n")).split("\n");
  while (out.length > 0 && out[out.length - 1]?.trim() === "") out.pop();
  return out.slice(-Math.max(1, lines)).join("\n");
}

/** The time of the last log line, from Docker's RFC 3339 timestamp prefix; null when there is none. */
export function lastTimestamp(raw: string): number | null {
  const stamps = [...raw.matchAll(/^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z)\s/gm)];
  const last = stamps[stamps.length - 1]?.[1];
  if (!last) return null;
  const ms = Date.parse(last);
  return Number.isNaN(ms) ? null : ms;
}
