import { inertText } from "@ao/core";
import { clockTime, monthIndex, wallClock } from "@ao/plugin-kit/agent-files";

/** What the Codex TUI shows, from the newest line that means something. */
export type ScreenState =
  | { state: "waiting_input"; evidence: string }
  | { state: "rate_limited"; evidence: string; resetsAt?: number }
  | { state: "active"; evidence: string }
  | { state: "idle"; evidence: string };

const TRUST = /Do you trust the contents of this directory\?|allow Codex to work in this folder/;
const APPROVAL = /Would you like to (?:run the following command|make the following edits|grant|proceed)/;
const LIMIT = /You've hit your usage limit|usage limit reached/i;
const WORKING = /^\s*•\s+Working\b.*\(|esc to interrupt\)/;
const COMPOSER = /^\s*›(?:\s|$)/;
const FOOTER = /\? for shortcuts|context left/;

/**
 * Classify the pane's recent text, newest meaningful line first. The composer
 * (`›`) is also the trust prompt's selection mark, so it counts as idle only
 * with its footer below it.
 */
export function readScreen(output: string, now: number): ScreenState | null {
  // A pane pads its bottom with blank rows: drop them before taking the last screenful.
  const lines = inertText(output).trimEnd().split("\n").slice(-40);
  let footerSeen = false;
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = (lines[i] as string).trim();
    if (!line) continue;
    if (TRUST.test(line)) return { state: "waiting_input", evidence: clip(line) };
    if (APPROVAL.test(line)) {
      const what = lines
        .slice(i + 1, i + 4)
        .map((l) => l.trim())
        .find((l) => l.startsWith("$"));
      return { state: "waiting_input", evidence: clip(what ? `${line} ${what}` : line) };
    }
    if (LIMIT.test(line)) {
      const resetsAt = parseCodexReset(line, now);
      return { state: "rate_limited", evidence: clip(line), ...(resetsAt ? { resetsAt } : {}) };
    }
    if (WORKING.test(line)) return { state: "active", evidence: clip(line) };
    if (FOOTER.test(line)) footerSeen = true;
    else if (COMPOSER.test(line) && footerSeen)
      return { state: "idle", evidence: "the composer (›) is shown" };
  }
  return null;
}

/**
 * When a Codex usage limit resets: `… try again at Jul 5th, 2026 8:19 PM.`
 * (this machine's time zone) or `… try again in 5 days 22 hours 11 minutes.`
 */
export function parseCodexReset(text: string, now: number): number | null {
  const at =
    /try again at ([A-Z][a-z]{2,8}) (\d{1,2})(?:st|nd|rd|th)?,? (\d{4}),? (\d{1,2}):(\d{2}) ?([AP]M)/i.exec(
      text,
    );
  if (at) {
    const [, month, day, year, hour, minute, meridiem] = at;
    if (monthIndex(month as string) < 0) return null;
    return wallClock(
      {
        ...clockTime(hour as string, minute, meridiem as string),
        month: monthIndex(month as string),
        day: Number(day),
        year: Number(year),
      },
      undefined,
      now,
    );
  }
  const inMatch = /try again in ((?:\d+\s*(?:days?|hours?|minutes?|seconds?)[\s,]*(?:and\s+)?)+)/i.exec(text);
  if (!inMatch) return null;
  const units: Record<string, number> = { day: 86_400_000, hour: 3_600_000, minute: 60_000, second: 1000 };
  let ms = 0;
  for (const [, n, unit] of (inMatch[1] as string).matchAll(/(\d+)\s*(day|hour|minute|second)s?/gi))
    ms += Number(n) * (units[(unit as string).toLowerCase()] ?? 0);
  return ms > 0 ? now + ms : null;
}

function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}
