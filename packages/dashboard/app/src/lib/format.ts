/** How long ago, short: "now", "5m", "3h", "2d". */
export function age(at: number | undefined, now: number): string {
  if (!at) return "";
  const s = Math.max(0, Math.round((now - at) / 1000));
  if (s < 45) return "now";
  if (s < 3600) return `${Math.round(s / 60)}m`;
  if (s < 86_400) return `${Math.round(s / 3600)}h`;
  return `${Math.round(s / 86_400)}d`;
}

/** Dollars with cents, or a dash when the agent did not say. */
export const cost = (usd: number | null): string => (typeof usd === "number" ? `$${usd.toFixed(2)}` : "–");

/** Words for a state or status value (`changes_requested` → "changes requested"). */
export const prettyState = (value: string): string =>
  value === "pr_open" ? "PR open" : value === "pr_closed" ? "PR closed" : value.replace(/_/g, " ");

/** A state's tone, for its colour: the label carries the meaning. */
export function tone(state: string): "good" | "bad" | "warn" | "busy" | "idle" {
  if (["mergeable", "merged", "passed", "approved", "active"].includes(state)) return "good";
  if (["errored", "ci_failed", "failed", "blocked"].includes(state)) return "bad";
  if (
    ["stuck", "pr_closed", "changes_requested", "merge_conflict", "waiting_input", "rate_limited"].includes(
      state,
    )
  )
    return "warn";
  if (["killed", "closed", "none", "idle", "exited"].includes(state)) return "idle";
  return "busy";
}

/** A short, single-line excerpt of hostile text (still rendered as text). */
export function excerpt(text: string, max = 160): string {
  const one = text.replace(/\s+/g, " ").trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}
