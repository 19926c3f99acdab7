import { inertText } from "@ao/core";

/** What aider's terminal shows, from the newest line that means something. */
export type ScreenState =
  | { state: "waiting_input"; evidence: string }
  | { state: "rate_limited"; evidence: string; resetsAt?: number }
  | { state: "idle"; evidence: string };

/** A confirmation: `Run shell command? (Y)es/(N)o/(D)on't ask again [Yes]: `. */
const CONFIRM = /\(Y\)es\/\(N\)o.*\[(?:Yes|No)\]:\s*$/;
const LIMIT = /The API provider has rate limited you/;
const RETRY = /Retrying in ([\d.]+) seconds/;
/** The input prompt: `> `, maybe after the edit format or `multi` (`diff> `). */
const PROMPT = /^(?:[\w./-]+\s)*[\w-]*>\s*$/;

/**
 * Classify the pane's recent text, newest meaningful line first. Only the
 * last line can be a prompt aider waits at; a limit is read from the last
 * few lines (aider prints it, then its retry countdown).
 */
export function readScreen(output: string, now: number): ScreenState | null {
  const lines = inertText(output).trimEnd().split("\n").slice(-40);
  const last = (lines.at(-1) ?? "").trimEnd();
  if (CONFIRM.test(last)) {
    const what = lines.at(-2)?.trim();
    const question = last.replace(/\s*\(Y\)es\/.*$/, "").trim();
    return { state: "waiting_input", evidence: clip(what ? `${question} ${what}` : question) };
  }
  const recent = lines.slice(-6);
  const limitAt = recent.findLastIndex((l) => LIMIT.test(l));
  if (limitAt >= 0) {
    // A prompt after the limit means aider gave up retrying and waits for input.
    if (!PROMPT.test(last)) {
      const retry = recent
        .slice(limitAt)
        .map((l) => RETRY.exec(l))
        .find(Boolean);
      return {
        state: "rate_limited",
        evidence: clip((recent[limitAt] as string).trim()),
        ...(retry ? { resetsAt: now + Math.round(Number(retry[1]) * 1000) } : {}),
      };
    }
  }
  if (PROMPT.test(last)) return { state: "idle", evidence: "aider's input prompt (>) is shown" };
  return null;
}

function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}
