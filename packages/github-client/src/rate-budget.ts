/** One rate-limit resource as GitHub last reported it. */
export interface RateBudgetEntry {
  /** `core`, `graphql`, `search`, … (GitHub's `x-ratelimit-resource`). */
  resource: string;
  remaining: number;
  limit: number;
  /** Epoch ms at which the window resets. */
  resetAt: number;
}

/** GitHub's primary windows last an hour. */
const WINDOW_MS = 3_600_000;
/** Keep a tenth of the budget for merges and humans running `ao` commands. */
const RESERVE = 0.1;
/** Never stretch a tick beyond this: a stalled daemon is worse than a late one. */
const MAX_INTERVAL_MS = 15 * 60_000;

/**
 * The rate budget of one credential, shared process-wide by every plugin and
 * project using it: what GitHub reported per resource, and until when a
 * resource is blocked after a limit was hit.
 */
export class RateBudget {
  private readonly entries = new Map<string, RateBudgetEntry>();
  private readonly blocked = new Map<string, number>();

  /** Record `x-ratelimit-*` headers of a response (ignored when absent, e.g. on GHES with limits off). */
  update(headers: Record<string, string | number | undefined>, fallbackResource: string): void {
    const limit = Number(headers["x-ratelimit-limit"]);
    const remaining = Number(headers["x-ratelimit-remaining"]);
    const reset = Number(headers["x-ratelimit-reset"]);
    if (!Number.isFinite(limit) || !Number.isFinite(remaining) || !Number.isFinite(reset)) return;
    const resource = String(headers["x-ratelimit-resource"] ?? fallbackResource);
    this.entries.set(resource, { resource, limit, remaining, resetAt: reset * 1000 });
  }

  /** Block a resource until `until` (epoch ms): no request is sent before then. */
  block(resource: string, until: number): void {
    this.blocked.set(resource, Math.max(until, this.blocked.get(resource) ?? 0));
  }

  /** Epoch ms until which requests for the resource must wait (0 = go). */
  blockedUntil(resource: string, now: number): number {
    const until = this.blocked.get(resource) ?? 0;
    const entry = this.entries.get(resource);
    const exhausted = entry && entry.remaining <= 0 && entry.resetAt > now ? entry.resetAt : 0;
    const at = Math.max(until, exhausted);
    return at > now ? at : 0;
  }

  /**
   * What GitHub last reported, one entry per resource. Given `now`, a resource
   * blocked by a limit (Retry-After, a secondary limit) reads as nothing left
   * until the block ends, so a poller pacing itself on the budget waits it out.
   */
  budget(now?: number): RateBudgetEntry[] {
    const out = new Map([...this.entries].map(([k, e]) => [k, { ...e }]));
    if (now !== undefined)
      for (const [resource, until] of this.blocked) {
        if (until <= now) continue;
        const e = out.get(resource);
        out.set(resource, {
          resource,
          remaining: 0,
          limit: e?.limit ?? 0,
          // The block ends first unless the window itself is spent.
          resetAt: e && e.remaining <= 0 ? Math.max(until, e.resetAt) : until,
        });
      }
    return [...out.values()].sort((a, b) => a.resource.localeCompare(b.resource));
  }

  /**
   * The poll interval to use instead of `baseMs` so the budget lasts until the
   * reset: at the pace spent so far in this window, the interval grows by how
   * much sooner than the reset the remaining budget (less a reserve) would run
   * out. With plenty left it is `baseMs`; with nothing left it waits for the reset.
   */
  suggestedIntervalMs(baseMs: number, now: number): number {
    let interval = baseMs;
    for (const e of this.entries.values()) interval = Math.max(interval, stretch(e, baseMs, now));
    for (const until of this.blocked.values()) if (until > now) interval = Math.max(interval, until - now);
    return Math.min(Math.round(interval), Math.max(baseMs, MAX_INTERVAL_MS));
  }
}

/** The interval one resource asks for (pure: see `suggestedIntervalMs`). */
export function stretch(e: RateBudgetEntry, baseMs: number, now: number): number {
  const untilReset = e.resetAt - now;
  if (untilReset <= 0 || e.limit <= 0) return baseMs;
  const spendable = e.remaining - e.limit * RESERVE;
  if (spendable <= 0) return untilReset;
  const elapsed = Math.max(1, now - (e.resetAt - WINDOW_MS));
  const used = Math.max(0, e.limit - e.remaining);
  if (used === 0) return baseMs;
  const exhaustedIn = spendable / (used / elapsed);
  return exhaustedIn >= untilReset ? baseMs : baseMs * (untilReset / exhaustedIn);
}

const budgets = new Map<string, RateBudget>();

/** The process-wide budget of a credential (by its key: never the token itself). */
export function budgetFor(key: string): RateBudget {
  let b = budgets.get(key);
  if (!b) {
    b = new RateBudget();
    budgets.set(key, b);
  }
  return b;
}
