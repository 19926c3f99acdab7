import type { RateBudget } from "@ao/core";

/** Keep a tenth of each budget for merges and humans running `ao` commands. */
const RESERVE = 0.1;

/**
 * When the next remote poll may run, so the rate budget lasts until its
 * reset. `cost` is what one poll cycle spent of each resource (measured by
 * the caller; 1 when unknown). With plenty left: `lastAt + baseMs`. When the
 * budget left (less the reserve) would run out before the reset at the base
 * pace, the interval grows to spread it until the reset. Exhausted (or
 * blocked, which a plugin reports as nothing left): the reset itself. A
 * window that has reset counts as full again.
 */
export function nextPollAt(
  budget: readonly RateBudget[],
  lastAt: number,
  baseMs: number,
  now: number,
  cost: (resource: string) => number = () => 1,
): number {
  let next = lastAt + baseMs;
  for (const b of budget) {
    const untilReset = b.resetAt - now;
    if (untilReset <= 0) continue;
    const spendable = b.remaining - b.limit * RESERVE;
    if (spendable <= 0) {
      next = Math.max(next, b.resetAt);
      continue;
    }
    const polls = spendable / Math.max(1, cost(b.resource));
    const interval = Math.min(untilReset, untilReset / polls);
    next = Math.max(next, lastAt + interval);
  }
  return next;
}

/**
 * What one poll cycle spends, per resource: the drop in `remaining` between
 * two polls in one window (everything else on the credential included, which
 * is what the pace must cover). Kept from the last cycle across a reset.
 */
export class PollCost {
  private last: readonly RateBudget[] = [];
  private readonly cost = new Map<string, number>();

  /** Note the budget as a poll starts. */
  observe(budget: readonly RateBudget[]): void {
    for (const b of budget) {
      const prev = this.last.find((p) => p.resource === b.resource);
      if (prev && prev.resetAt === b.resetAt && prev.remaining >= b.remaining)
        this.cost.set(b.resource, Math.max(1, prev.remaining - b.remaining));
    }
    this.last = budget.map((b) => ({ ...b }));
  }

  /** Requests of `resource` one cycle spends (1 until measured). */
  of = (resource: string): number => this.cost.get(resource) ?? 1;
}
