import { describe, expect, it } from "vitest";
import { RateBudget, stretch } from "./rate-budget.js";

const HOUR = 3_600_000;
const headers = (remaining: number, resetS: number, resource = "core", limit = 5000) => ({
  "x-ratelimit-limit": String(limit),
  "x-ratelimit-remaining": String(remaining),
  "x-ratelimit-reset": String(resetS),
  "x-ratelimit-resource": resource,
});

describe("RateBudget", () => {
  it("keeps core and graphql apart, as GitHub reports them", () => {
    const b = new RateBudget();
    b.update(headers(4990, 2000), "core");
    b.update(headers(4000, 2100, "graphql"), "graphql");
    expect(b.budget()).toEqual([
      { resource: "core", remaining: 4990, limit: 5000, resetAt: 2_000_000 },
      { resource: "graphql", remaining: 4000, limit: 5000, resetAt: 2_100_000 },
    ]);
  });

  it("reports a blocked resource as nothing left until the block ends, given the time", () => {
    const b = new RateBudget();
    b.update(headers(4000, 2000, "graphql"), "graphql");
    b.block("graphql", 1_500_000);
    b.block("search", 1_200_000);
    expect(b.budget(1_000_000)).toEqual([
      { resource: "graphql", remaining: 0, limit: 5000, resetAt: 1_500_000 },
      { resource: "search", remaining: 0, limit: 0, resetAt: 1_200_000 },
    ]);
    expect(b.budget(1_300_000)).toEqual([
      { resource: "graphql", remaining: 0, limit: 5000, resetAt: 1_500_000 },
    ]);
    // Without the time it is what GitHub said; once the block is over, too.
    expect(b.budget()).toEqual([{ resource: "graphql", remaining: 4000, limit: 5000, resetAt: 2_000_000 }]);
    expect(b.budget(1_600_000)).toEqual(b.budget());
  });

  it("ignores answers without rate-limit headers (GHES with limits off)", () => {
    const b = new RateBudget();
    b.update({}, "core");
    expect(b.budget()).toEqual([]);
    expect(b.suggestedIntervalMs(30_000, 0)).toBe(30_000);
  });

  it("blocks a resource until its reset once remaining is 0, and until a Retry-After", () => {
    const b = new RateBudget();
    b.update(headers(0, 100), "core");
    expect(b.blockedUntil("core", 50_000)).toBe(100_000);
    expect(b.blockedUntil("core", 100_000)).toBe(0);
    expect(b.blockedUntil("graphql", 50_000)).toBe(0);
    b.block("graphql", 70_000);
    expect(b.blockedUntil("graphql", 50_000)).toBe(70_000);
    expect(b.blockedUntil("graphql", 70_001)).toBe(0);
  });
});

describe("suggestedIntervalMs", () => {
  const base = 30_000;
  it("keeps the base interval while the pace lasts to the reset", () => {
    // Half the window gone, a fifth of the budget spent.
    const reset = HOUR;
    expect(stretch({ resource: "core", limit: 5000, remaining: 4000, resetAt: reset }, base, HOUR / 2)).toBe(
      base,
    );
  });

  it("stretches in proportion when the pace would run out before the reset", () => {
    // 10 minutes in, 3,000 spent (300/min): 1,500 spendable above the 500 reserve lasts 5 min of the 50 left.
    const now = 10 * 60_000;
    const e = { resource: "core", limit: 5000, remaining: 2000, resetAt: HOUR };
    expect(stretch(e, base, now)).toBe(base * 10);
  });

  it("waits for the reset when only the reserve is left, capped at 15 minutes", () => {
    const b = new RateBudget();
    b.update(headers(400, 3600), "core");
    expect(
      stretch({ resource: "core", limit: 5000, remaining: 400, resetAt: HOUR }, base, HOUR - 120_000),
    ).toBe(120_000);
    expect(b.suggestedIntervalMs(base, 0)).toBe(15 * 60_000);
  });

  it("takes the tightest resource and any block", () => {
    const b = new RateBudget();
    b.update(headers(4999, 3600), "core");
    b.update(headers(4999, 3600, "graphql"), "graphql");
    expect(b.suggestedIntervalMs(base, 1_800_000)).toBe(base);
    b.block("graphql", 1_800_000 + 90_000);
    expect(b.suggestedIntervalMs(base, 1_800_000)).toBe(90_000);
  });
});
