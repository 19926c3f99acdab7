import { inertText } from "@ao/core";

/** What Goose's terminal shows, from the newest line that means something. */
export type ScreenState =
  | { state: "waiting_input"; evidence: string }
  | { state: "rate_limited"; evidence: string; resetsAt?: number }
  | { state: "idle"; evidence: string };

/** The tool approval (2025 builds), and the older `Allow? (y/n)`. */
const APPROVAL = /Goose would like to call the above tool|^\s*Allow\? \(y\/n\)/;
/**
 * Provider limits as Goose reports them. The wording is not documented:
 * these are the provider error's "Rate limit exceeded" and HTTP 429.
 */
const LIMIT = /Rate limit exceeded|\b429\b.*Too Many Requests|rate_limit_error/i;
const RETRY_AFTER = /retry after (\d+)\s*(?:s\b|seconds?)/i;
/** The interactive prompt: `( O)>` (the goose's face). */
const PROMPT = /^\s*\( O\)>\s*$/;

/**
 * Classify the pane's recent text, newest meaningful line first: an approval
 * question still unanswered, a limit error, or the input prompt.
 */
export function readScreen(output: string, now: number): ScreenState | null {
  const lines = inertText(output).trimEnd().split("\n").slice(-40);
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = (lines[i] as string).trim();
    if (!line || /^[│└]/.test(line)) continue;
    if (APPROVAL.test(line)) {
      const command = lines
        .slice(Math.max(0, i - 4), i)
        .map((l) => l.trim())
        .find((l) => l.startsWith("command:"));
      return { state: "waiting_input", evidence: clip(command ? `${line} ${command}` : line) };
    }
    if (PROMPT.test(line)) {
      // The prompt right after a limit error: Goose gave the turn up, the limit still holds.
      const before = lines.slice(Math.max(0, i - 6), i).join("\n");
      if (LIMIT.test(before)) return limited(before, now);
      return { state: "idle", evidence: "Goose's prompt ( O)> is shown" };
    }
    if (LIMIT.test(line)) return limited(line, now);
    return null;
  }
  return null;
}

function limited(text: string, now: number): ScreenState {
  const line = text.split("\n").find((l) => LIMIT.test(l)) ?? text;
  const after = RETRY_AFTER.exec(text);
  return {
    state: "rate_limited",
    evidence: clip(line.trim()),
    ...(after ? { resetsAt: now + Number(after[1]) * 1000 } : {}),
  };
}

function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}
