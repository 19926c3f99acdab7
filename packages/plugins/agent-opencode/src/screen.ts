import { inertText } from "@ao/core";

/** What OpenCode's terminal shows, from the newest line that means something. */
export type ScreenState =
  | { state: "waiting_input"; evidence: string }
  | { state: "rate_limited"; evidence: string; resetsAt?: number };

/** The choices under OpenCode's permission question: while they are the last line, it is unanswered. */
const CHOICES = /Allow once.*Allow always.*Reject/;
/**
 * Provider limits as OpenCode shows the provider's error. The wording is not
 * documented: these are the providers' "rate limit" errors and HTTP 429.
 */
const LIMIT = /Rate limit exceeded|rate_limit_error|usage limit|\b429\b.*Too Many Requests/i;
const RETRY_AFTER = /(?:retry|try again) (?:after|in) (\d+)\s*(?:s\b|seconds?)/i;

/**
 * Classify the pane's last lines: an unanswered permission question (its
 * choices are the last line), or a limit error among the last few lines.
 * Everything else comes from OpenCode's session storage.
 */
export function readScreen(output: string, now: number): ScreenState | null {
  const lines = inertText(output)
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(-4);
  const last = lines.at(-1) ?? "";
  if (CHOICES.test(last)) {
    const asked = lines.slice(0, -1).filter((l) => !/Permission required/.test(l));
    return { state: "waiting_input", evidence: clip(["Permission required", ...asked.slice(-1)].join(": ")) };
  }
  const limit = lines.find((l) => LIMIT.test(l));
  if (!limit) return null;
  const after = RETRY_AFTER.exec(limit);
  return {
    state: "rate_limited",
    evidence: clip(limit),
    ...(after ? { resetsAt: now + Number(after[1]) * 1000 } : {}),
  };
}

function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}
