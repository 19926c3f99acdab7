/** Primary rate-limit budgets per login and resource (core, graphql), hourly windows. */

export type Resource = "core" | "graphql";

interface Bucket {
  used: number;
  resetAt: number;
}

export class RateBudgets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly now: () => number,
    private readonly perHour: number,
  ) {}

  limitFor(login: string | null): number {
    return login === null ? 60 : this.perHour;
  }

  private bucket(login: string | null, resource: Resource): Bucket {
    const key = `${login ?? ""}\u0000${resource}`;
    let b = this.buckets.get(key);
    if (!b || this.now() >= b.resetAt) {
      b = { used: 0, resetAt: this.now() + 3_600_000 };
      this.buckets.set(key, b);
    }
    return b;
  }

  /** Whether `cost` more points fit in the current window. */
  canSpend(login: string | null, resource: Resource, cost = 1): boolean {
    return this.bucket(login, resource).used + cost <= this.limitFor(login);
  }

  spend(login: string | null, resource: Resource, cost = 1): void {
    const b = this.bucket(login, resource);
    b.used = Math.min(this.limitFor(login), b.used + cost);
  }

  view(
    login: string | null,
    resource: Resource,
  ): { limit: number; used: number; remaining: number; reset: number } {
    const b = this.bucket(login, resource);
    const limit = this.limitFor(login);
    return { limit, used: b.used, remaining: limit - b.used, reset: Math.ceil(b.resetAt / 1000) };
  }

  headers(login: string | null, resource: Resource): Record<string, string> {
    const v = this.view(login, resource);
    return {
      "x-ratelimit-limit": String(v.limit),
      "x-ratelimit-remaining": String(v.remaining),
      "x-ratelimit-used": String(v.used),
      "x-ratelimit-reset": String(v.reset),
      "x-ratelimit-resource": resource,
    };
  }
}

/** The content-creation secondary limit (GitHub: about 80 writes a minute), opt-in per fake. */
export class WriteLimit {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly now: () => number,
    private readonly perMinute: number | undefined,
  ) {}

  /** Seconds to wait when this write goes over the limit, else null (and the write is counted). */
  take(login: string | null): number | null {
    if (this.perMinute === undefined) return null;
    const key = login ?? "";
    let w = this.windows.get(key);
    if (!w || this.now() - w.start >= 60_000) {
      w = { start: this.now(), count: 0 };
      this.windows.set(key, w);
    }
    if (w.count >= this.perMinute) return Math.max(1, Math.ceil((w.start + 60_000 - this.now()) / 1000));
    w.count += 1;
    return null;
  }
}
