import type { SessionSnapshot } from "@ao/core";
import type { EngineContext, ProjectState } from "./context.js";
import { liveSessions } from "./observe.js";

/** What the agent is told when its usage limit has reset. */
export const LIMIT_RESET_MESSAGE =
  "Your usage limit has reset. Continue the task where you left off (check `git status` first).";

const limited = (s: SessionSnapshot) => s.facts.activity?.state === "rate_limited";

/**
 * An agent that exited while limited, whose `agent-exited: restore` waits for
 * the reset (the machine keeps `resetsAt` on the exit instead of restoring).
 */
const restoreWaiting = (s: SessionSnapshot) =>
  s.facts.activity?.state === "exited" && s.facts.activity.resetsAt !== undefined;

/** A limit still holding this session's agent: limited now, or exited waiting for the reset. */
const limitPending = (s: SessionSnapshot) => limited(s) || restoreWaiting(s);

/**
 * Wake agents whose usage limit has reset: one "continue" message per reset
 * (the event id makes a repeat a no-op, across restarts too). An agent that
 * exited meanwhile is relaunched instead, once, if the agent-exited reaction
 * restores it (it waited for this reset).
 */
export async function resumeAfterLimits(ctx: EngineContext, ps: ProjectState): Promise<void> {
  const now = ctx.clock.now();
  for (const s of liveSessions(ps)) {
    const resetsAt = s.facts.activity?.resetsAt;
    if (!limitPending(s) || resetsAt === undefined || resetsAt > now) continue;
    if (restoreWaiting(s)) {
      await ctx.dispatch(s.id, { type: "restore", at: now, id: `limit-restore:${s.id}:${resetsAt}` });
      continue;
    }
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
      if (limitPending(s) && at !== undefined && at > now && (next === null || at < next)) next = at;
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
    if (!limitPending(s)) continue;
    const resetsAt = s.facts.activity?.resetsAt;
    if (resetsAt !== undefined && resetsAt <= now) continue;
    if ((await ctx.agentOf(ps, s.id)).name === name) return true;
  }
  return false;
}
