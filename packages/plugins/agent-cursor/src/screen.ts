import { inertText } from "@ao/core";
import type { ActivityReading } from "@ao/plugin-kit/agent-files";

/**
 * What `cursor-agent`'s terminal shows. Cursor keeps no documented session
 * store, so the screen is the main evidence. None of these texts is
 * documented; they are the CLI's prompts as users report them:
 * - the workspace trust question on a first run in a directory;
 * - the command approval "Run this command?" with (y)/(n);
 * - usage and rate limits;
 * - the working indicator, and the input box when a turn is over.
 */
const TRUST = /Trust this workspace|Do you trust the contents of this directory/i;
const APPROVAL = /Run this command\?|\(y\).*\(n\)/;
const LIMIT = /usage limit|rate limit|You've hit your/i;
const RESETS = /(?:try again|resets?) in (\d+)\s*(s|sec|seconds?|m|min|minutes?)\b/i;
const WORKING = /Generating|Running|Thinking|ctrl\+c to stop/i;
const INPUT = /Add a follow-up|Plan, search, build anything/i;
/** The chat id the CLI prints for `--resume`. */
const CHAT_ID = /--resume[= ]([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/;

/** Classify the pane's last lines, newest first. */
export function readScreen(output: string, now: number): ActivityReading | null {
  const lines = inertText(output)
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(-6);
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i] as string;
    if (TRUST.test(line)) return { state: "waiting_input", evidence: clip(line) };
    if (APPROVAL.test(line)) {
      const command = lines.slice(Math.max(0, i - 2), i).find((l) => l.startsWith("$ "));
      return { state: "waiting_input", evidence: clip(command ? `${line} ${command}` : line) };
    }
    if (LIMIT.test(line)) return limited(line, now);
    if (INPUT.test(line)) {
      // The input box right after a limit message: the turn was given up, the limit still holds.
      const limit = lines.slice(0, i).findLast((l) => LIMIT.test(l));
      if (limit) return limited(limit, now);
      return { state: "idle", evidence: "cursor-agent's input box is shown", at: now };
    }
    if (WORKING.test(line)) return { state: "active", evidence: clip(line), at: now };
  }
  return null;
}

function limited(line: string, now: number): ActivityReading {
  const m = RESETS.exec(line);
  const unit = m && /^m/i.test(m[2] as string) ? 60_000 : 1000;
  return {
    state: "rate_limited",
    evidence: clip(line),
    ...(m ? { resetsAt: now + Number(m[1]) * unit } : {}),
  };
}

/** The newest chat id the screen shows, if any. */
export function chatIdOnScreen(output: string): string | null {
  const all = [...inertText(output).matchAll(new RegExp(CHAT_ID, "g"))];
  return all.at(-1)?.[1] ?? null;
}

function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}
