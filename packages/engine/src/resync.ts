import type { RateBudget, ScmPlugin } from "@ao/core";
import { nextPollAt, PollCost } from "./budget-pace.js";
import type { ProjectState } from "./context.js";

/** Which remote services one tick of a project may ask. */
export interface RemoteDue {
  /** Ask the SCM for PR status (`observe`). */
  scm: boolean;
  /** Ask the tracker for issues (closure checks and intake). */
  tracker: boolean;
}

export const ALL_DUE: RemoteDue = { scm: true, tracker: true };

/** The SCM's budget as it reports it, without a request; none when it has no budget or fails. */
function budgetOf(scm: ScmPlugin): RateBudget[] {
  try {
    return typeof scm.budget === "function" ? scm.budget() : [];
  } catch {
    return [];
  }
}

/**
 * Which remote services each tick may ask. With webhooks on, deliveries
 * bring the changes, so polling the remote service every tick only spends
 * its rate budget: a plugin that has a `webhook` method (its secret is
 * configured) is asked only every `resyncMs`, to catch deliveries that never
 * arrived; a plugin without one is asked every tick. Either way, an SCM that
 * reports a rate budget (`budget()`) is asked no sooner than that budget
 * allows (see `nextPollAt`): its polls stretch before the budget runs out
 * and stop until the reset once it has (a limit hit included). An explicit
 * refresh asks everything.
 */
export class ResyncSchedule {
  private readonly last = new Map<string, { scm?: number; tracker?: number }>();
  private readonly costs = new Map<string, PollCost>();

  constructor(
    private readonly resyncMs: number,
    private readonly now: () => number,
    private readonly pollMs = 0,
  ) {}

  /** Decide (and remember) what this tick may ask; `forced` asks everything. */
  due(ps: ProjectState, forced: boolean): RemoteDue {
    const at = this.now();
    const id = ps.ref.id;
    const seen = this.last.get(id) ?? {};
    const cost = this.costs.get(id) ?? new PollCost();
    this.costs.set(id, cost);
    const one = (kind: "scm" | "tracker"): boolean => {
      const hooked = typeof ps.project.plugins[kind].webhook === "function";
      const budget = kind === "scm" ? budgetOf(ps.project.plugins.scm) : [];
      const previous = seen[kind];
      let due = forced || previous === undefined;
      if (!due && previous !== undefined) {
        const paced = nextPollAt(budget, previous, this.pollMs, at, cost.of);
        // With budget to spare and no webhook, every tick asks (one woken early by a timer too).
        if (!hooked && paced <= previous + this.pollMs) due = true;
        else due = at >= Math.max(paced, hooked ? previous + this.resyncMs : 0);
      }
      if (due) {
        seen[kind] = at;
        if (kind === "scm") cost.observe(budget);
      }
      return due;
    };
    const result = { scm: one("scm"), tracker: one("tracker") };
    this.last.set(id, seen);
    return result;
  }
}
