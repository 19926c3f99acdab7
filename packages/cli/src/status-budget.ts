import type { ProjectBudget } from "./journal.js";
import { paint } from "./output.js";

/**
 * One line per project whose SCM journaled its API budget: what is left of
 * each resource and when it resets, as of the last observation (`ao status`
 * makes no API call, so this is what the daemon last saw). Below a tenth is
 * shown in yellow: the daemon is stretching its ticks.
 */
export function budgetLines(budgets: ProjectBudget[]): string[] {
  return budgets.map(({ project, at, budget }) => {
    const parts = budget.map((b) => {
      const text = `${b.resource} ${b.remaining}/${b.limit} (resets ${clock(b.resetAt)})`;
      return b.limit > 0 && b.remaining < b.limit / 10 ? paint("yellow", text) : text;
    });
    return `API budget of ${project}: ${parts.join(", ")}; seen ${clock(at)}`;
  });
}

function clock(ms: number): string {
  return new Date(ms).toISOString().replace("T", " ").slice(0, 16);
}
