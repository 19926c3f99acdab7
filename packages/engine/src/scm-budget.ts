import type { RateBudget } from "@ao/core";
import { describeError } from "./calls.js";
import type { EngineContext, ProjectState } from "./context.js";

/** A budget record is written when a resource's remaining moved by this share of its limit (or more). */
const MOVE_SHARE = 0.01;

/**
 * Whether a newly read budget is worth a journal record: the first one, a
 * resource added or gone, a new window (reset time), or remaining moved by
 * 1 % of the limit. A tick that spends one request writes nothing, so the
 * journal does not grow by a line per tick.
 */
export function budgetMoved(prev: readonly RateBudget[] | null, next: readonly RateBudget[]): boolean {
  if (next.length === 0) return false;
  if (!prev || prev.length !== next.length) return true;
  return next.some((n) => {
    const p = prev.find((x) => x.resource === n.resource);
    if (!p || p.resetAt !== n.resetAt || p.limit !== n.limit) return true;
    return (
      Math.abs(p.remaining - n.remaining) >= Math.max(1, n.limit * MOVE_SHARE) ||
      (n.remaining === 0) !== (p.remaining === 0)
    );
  });
}

/** After an observation: journal the SCM's budget when it moved (never fails the tick). */
export async function recordScmBudget(ctx: EngineContext, ps: ProjectState): Promise<void> {
  const { scm } = ps.project.plugins;
  if (typeof scm.budget !== "function") return;
  try {
    const budget = scm
      .budget()
      .map((b) => ({ resource: b.resource, remaining: b.remaining, limit: b.limit, resetAt: b.resetAt }));
    if (!budgetMoved(ps.journal.fold.budget?.budget ?? null, budget)) return;
    await ctx.record(ps.ref.id, { at: ctx.clock.now(), kind: "budget", budget });
  } catch (error) {
    ctx.log.warn(`SCM budget of ${ps.ref.id} could not be recorded`, { error: describeError(error) });
  }
}
