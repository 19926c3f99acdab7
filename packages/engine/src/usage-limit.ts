import type { SessionSnapshot } from "@ao/core";
import type { EngineContext, ProjectState } from "./context.js";
import { liveSessions } from "./observe.js";

/** What the agent is told when its usage limit has reset. */
export const LIMIT_RESET_MESSAGE =
  "Your usage limit has reset. Continue the task where you left off (check `git status` first).";

const limited = (s: SessionSnapshot) => s.facts.activity?.state === "rate_limited";

/**
 * Wake agents whose usage limit has reset: one "continue" message per reset
 * (the event id makes a repeat a no-op, across restarts too). An agent that
 * exited meanwhile is not limited any more: the agent-exited reaction has it.
 */
export async function resumeAfterLimits(ctx: EngineContext, ps: ProjectState): Promise<void> {
  const now = ctx.clock.now();
  for (const s of liveSessions(ps)) {
    const resetsAt = s.facts.activity?.resetsAt;
    if (!limited(s) || resetsAt === undefined || resetsAt > now) continue;
    await ctx.dispatch(s.id, {
      type: "user_message",
      at: now,
      id: `limit-reset:${s.id}:${resetsAt}`,
      text: LIMIT_RESET_MESSAGE,
    });
  }
}

/** The earliest future reset of any session (ms since epoch), so the loop wakes for it. */
export function nextLimitReset(projects: Iterable<ProjectState>, now: number): number | null {
  let next: number | null = null;
  for (const ps of projects) {
    for (const s of liveSessions(ps)) {
      const at = s.facts.activity?.resetsAt;
      if (limited(s) && at !== undefined && at > now && (next === null || at < next)) next = at;
    }
  }
  return next;
}

/**
 * Is the project's agent (by plugin name) limited right now? Intake starts no
 * session for it until the reset: a new session would hit the same limit.
 * A limit without a known reset holds until the agent moves on.
 */
export async function agentLimited(ctx: EngineContext, ps: ProjectState): Promise<boolean> {
  const name = ps.project.plugins.agent.name;
  const now = ctx.clock.now();
  for (const s of liveSessions(ps)) {
    if (!limited(s)) continue;
    const resetsAt = s.facts.activity?.resetsAt;
    if (resetsAt !== undefined && resetsAt <= now) continue;
    if ((await ctx.agentOf(ps, s.id)).name === name) return true;
  }
  return false;
}
