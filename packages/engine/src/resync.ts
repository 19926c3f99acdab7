import type { ProjectState } from "./context.js";

/** Which remote services one tick of a project may ask. */
export interface RemoteDue {
  /** Ask the SCM for PR status (`observe`). */
  scm: boolean;
  /** Ask the tracker for issues (closure checks and intake). */
  tracker: boolean;
}

export const ALL_DUE: RemoteDue = { scm: true, tracker: true };

/**
 * With webhooks on, deliveries bring the changes, so polling the remote
 * service every tick only spends its rate budget. A plugin that has a
 * `webhook` method (its secret is configured) is asked only every
 * `resyncMs`, to catch deliveries that never arrived; a plugin without one
 * is asked every tick. An explicit refresh asks everything.
 */
export class ResyncSchedule {
  private readonly last = new Map<string, { scm?: number; tracker?: number }>();

  constructor(
    private readonly resyncMs: number,
    private readonly now: () => number,
  ) {}

  /** Decide (and remember) what this tick may ask; `forced` asks everything. */
  due(ps: ProjectState, forced: boolean): RemoteDue {
    const at = this.now();
    const seen = this.last.get(ps.ref.id) ?? {};
    const one = (kind: "scm" | "tracker"): boolean => {
      if (typeof ps.project.plugins[kind].webhook !== "function") return true;
      const previous = seen[kind];
      const due = forced || previous === undefined || at - previous >= this.resyncMs;
      if (due) seen[kind] = at;
      return due;
    };
    const result = { scm: one("scm"), tracker: one("tracker") };
    this.last.set(ps.ref.id, seen);
    return result;
  }
}
