import { inertText } from "@ao/core";
import { clockTime, monthIndex, wallClock } from "@ao/plugin-kit/agent-files";

/** What Claude Code's screen says, from the newest line that means something. */
export type ScreenState =
  | { state: "waiting_input"; evidence: string }
  | { state: "rate_limited"; evidence: string; resetsAt?: number }
  | { state: "active"; evidence: string }
  | { state: "idle"; evidence: string };

const TRUST = /Do you trust the files in this folder\?/;
const PERMISSION = /Do you want to (?:proceed|make this edit|create)|Would you like to proceed\?/;
const LIMIT = /(?:You've hit your [\w' ]*limit|usage limit reached|limit reached)/i;
// `✻ Herding… (8m 39s · ↓ 834 tokens · esc to interrupt)`: a glyph, a word with an ellipsis, a parenthesis.
const SPINNER = /^\s*[·✢✳✶✻✽*●]\s+\S[^(]*…\s*\(/;
const IDLE_PROMPT = /^\s*[❯>]\s*$/;

/**
 * Classify the pane's recent text. Stale lines linger in scrollback, so the
 * newest meaningful line wins; only the last screenful is read.
 */
export function readScreen(output: string, now: number): ScreenState | null {
  // A pane pads its bottom with blank rows: drop them before taking the last screenful.
  const lines = inertText(output).trimEnd().split("\n").slice(-40);
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = (lines[i] as string).trim();
    if (!line) continue;
    if (TRUST.test(line))
      return { state: "waiting_input", evidence: "Do you trust the files in this folder?" };
    if (PERMISSION.test(line)) {
      const what = lines
        .slice(Math.max(0, i - 3), i)
        .map((l) => l.replace(/[│╭╮╰╯─]/g, "").trim())
        .filter(Boolean)
        .join(" ");
      return { state: "waiting_input", evidence: clip(`${what} ${line.replace(/[│]/g, "").trim()}`.trim()) };
    }
    if (LIMIT.test(line)) {
      const resetsAt = parseClaudeReset(line, now);
      return { state: "rate_limited", evidence: clip(line), ...(resetsAt ? { resetsAt } : {}) };
    }
    if (SPINNER.test(line)) return { state: "active", evidence: clip(line) };
    if (IDLE_PROMPT.test(line)) return { state: "idle", evidence: "the input prompt (❯) is shown" };
  }
  return null;
}

/**
 * When a usage limit resets, from the texts Claude Code has used:
 * `Claude AI usage limit reached|<epoch>`, `… · resets 4:50am (Europe/Rome)`,
 * `… resets Jul 25, 9pm (America/New_York)`, `Your limit will reset at 3pm (…)`.
 */
export function parseClaudeReset(text: string, now: number): number | null {
  const epoch = /\|(\d{9,11})\b/.exec(text);
  if (epoch) return Number(epoch[1]) * 1000;
  const m =
    /resets?\s+(?:at\s+)?(?:([A-Z][a-z]{2,8})\s+(\d{1,2}),?\s+)?(\d{1,2})(?::(\d{2}))?\s*([ap]m)\b(?:\s*\(([^)]+)\))?/i.exec(
      text,
    );
  if (!m) return null;
  const [, month, day, hour, minute, meridiem, zone] = m;
  const time = clockTime(hour as string, minute, meridiem as string);
  const date = month && day && monthIndex(month) >= 0 ? { month: monthIndex(month), day: Number(day) } : {};
  return wallClock({ ...time, ...date }, zone, now);
}

function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}
