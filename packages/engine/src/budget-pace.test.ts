import type { RateBudget } from "@ao/core";
import { manualClock } from "@ao/testkit";
import { describe, expect, it } from "vitest";
import { nextPollAt, PollCost } from "./budget-pace.js";

const MIN = 60_000;
const BASE = 30_000;
const graphql = (remaining: number, resetAt: number, limit = 5000): RateBudget => ({
  resource: "graphql",
  remaining,
  limit,
  resetAt,
});

describe("nextPollAt: the SCM's rate budget paces remote polls", () => {
  it("with the budget full, polls at the base interval", () => {
    const clock = manualClock();
    const now = clock.now();
    expect(nextPollAt([graphql(5000, now + 60 * MIN)], now, BASE, now)).toBe(now + BASE);
    expect(nextPollAt([], now, BASE, now)).toBe(now + BASE);
  });

  it("with little left, stretches so what is left (less a tenth kept back) lasts until the reset", () => {
    const clock = manualClock();
    const last = clock.now();
    const reset = last + 60 * MIN;
    // 600 left, 500 kept back: 100 spendable polls of 1 request over an hour → one per 36 s.
    expect(nextPollAt([graphql(600, reset)], last, BASE, last)).toBe(last + 36_000);
    // Each cycle costs 10 requests: ten polls left → one per 6 minutes.
    expect(nextPollAt([graphql(600, reset)], last, BASE, last, () => 10)).toBe(last + 6 * MIN);
    // Half an hour on, the same budget left only needs to last half as long.
    clock.advance(30 * MIN);
    expect(nextPollAt([graphql(600, reset)], last, BASE, clock.now(), () => 10)).toBe(last + 3 * MIN);
  });

  it("exhausted or blocked: waits for the reset; after it, the base interval again", () => {
    const clock = manualClock();
    const last = clock.now();
    const reset = last + 20 * MIN;
    expect(nextPollAt([graphql(0, reset)], last, BASE, last)).toBe(reset);
    expect(nextPollAt([graphql(400, reset)], last, BASE, last)).toBe(reset);
    // A block with no headers seen (limit unknown) is waited out too.
    expect(nextPollAt([graphql(0, reset, 0)], last, BASE, last)).toBe(reset);
    clock.advance(20 * MIN);
    expect(nextPollAt([graphql(0, reset)], last, BASE, clock.now())).toBe(last + BASE);
  });

  it("the tightest resource decides", () => {
    const now = manualClock().now();
    const core = { resource: "core", remaining: 5000, limit: 5000, resetAt: now + 60 * MIN };
    expect(nextPollAt([core, graphql(0, now + 5 * MIN)], now, BASE, now)).toBe(now + 5 * MIN);
  });
});

describe("PollCost", () => {
  it("measures what one cycle spent in a window, and keeps it across a reset", () => {
    const cost = new PollCost();
    expect(cost.of("graphql")).toBe(1);
    cost.observe([graphql(5000, 1000)]);
    cost.observe([graphql(4993, 1000)]);
    expect(cost.of("graphql")).toBe(7);
    cost.observe([graphql(5000, 2000)]);
    expect(cost.of("graphql")).toBe(7);
    cost.observe([graphql(5000, 2000)]);
    expect(cost.of("graphql")).toBe(1);
  });
});
