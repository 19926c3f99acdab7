import type { ReactionKey } from "./reactions.js";
import type { SessionFacts, SessionSnapshot, SessionState } from "./session.js";

/** States in which the agent is expected to be working; idling there too long means stuck. */
export const AGENT_BUSY: readonly SessionState[] = [
  "working",
  "ci_failed",
  "changes_requested",
  "merge_conflict",
];

/** The auto-fix reactions and the state each one answers. */
export const AUTO_FIX: ReadonlyArray<[ReactionKey, SessionState]> = [
  ["ci-failed", "ci_failed"],
  ["changes-requested", "changes_requested"],
  ["merge-conflict", "merge_conflict"],
];

/** An auto-fix timer is dropped in every state but the one its reaction answers. */
function disarmed(key: string, state: SessionState): boolean {
  for (const [fix, answered] of AUTO_FIX) if (fix === key) return answered !== state;
  return false;
}

/** Timers that only make sense in some states are armed and disarmed from the facts. */
export function settleTimers(s: SessionSnapshot, facts: SessionFacts, state: SessionState): SessionFacts {
  const a = facts.activity;
  const threshold = s.rules["agent-stuck"].thresholdMs;
  const idle = a && (a.state === "idle" || a.state === "waiting_input" || a.state === "blocked");
  const stuckAt =
    idle && threshold !== undefined && AGENT_BUSY.includes(state) ? a.since + threshold : undefined;
  const cur = facts.timers;
  // Most events change no timer: check before copying (replay folds ~100k events).
  let changed = cur["agent-stuck"] !== stuckAt;
  for (const key in cur) if (!changed && disarmed(key, state)) changed = true;
  if (!changed) return facts;
  // Same key order as a copy-then-delete would give: nextDeadline breaks ties by it.
  const timers: Partial<Record<ReactionKey, number>> = {};
  for (const [key, at] of Object.entries(cur) as Array<[ReactionKey, number]>) {
    if (key === "agent-stuck") {
      if (stuckAt !== undefined) timers[key] = stuckAt;
    } else if (!disarmed(key, state)) timers[key] = at;
  }
  if (stuckAt !== undefined && !("agent-stuck" in cur)) timers["agent-stuck"] = stuckAt;
  return withFacts(facts, { timers });
}

/**
 * A copy of the facts, every field spelled out in createSession's order: all
 * facts objects then share one shape, which keeps replaying a long journal
 * fast (spreading objects of many shapes falls off V8's fast clone path).
 */
function copyFacts(f: SessionFacts): SessionFacts {
  return {
    phase: f.phase,
    error: f.error,
    killed: f.killed,
    runtimeAlive: f.runtimeAlive,
    activity: f.activity,
    pr: f.pr,
    localHead: f.localHead,
    pushedHead: f.pushedHead,
    issueClosed: f.issueClosed,
    attempts: f.attempts,
    escalation: f.escalation,
    timers: f.timers,
    pastShas: f.pastShas,
  };
}

export const withFacts = (f: SessionFacts, patch: Partial<SessionFacts>): SessionFacts =>
  Object.assign(copyFacts(f), patch);
