import { AoError, type RateBudget } from "@ao/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { harness } from "./harness.js";

let h: ReturnType<typeof harness>;
afterEach(async () => {
  await h?.dispose();
});

/** Let the loop's next tick run: it waits on the injected clock once the previous one is done. */
async function nextTick(ms = 100) {
  await vi.waitFor(() => expect(h.clock.pending()).toBe(1));
  await h.clock.advanceAsync(ms);
}

const graphql = (remaining: number, resetAt: number): RateBudget => ({
  resource: "graphql",
  remaining,
  limit: 5000,
  resetAt,
});

/** A session with an open PR (so each tick would observe it), its SCM observations counted. */
async function withOpenPr() {
  h = harness();
  const s = await h.engine.spawn({ project: "app", issue: "1" });
  h.workspace.control.setHead(h.ws(s.id), "a1", { unpushed: false });
  await h.scm.push(h.ref, { path: h.ws(s.id), branch: s.branch });
  await h.scm.openPR(h.ref, { branch: s.branch, base: "main", title: "t", body: "" });
  h.agent.control.setActivity(s.id, "idle");
  await h.engine.tick();
  expect(h.engine.session(s.id)?.facts.pr?.state).toBe("open");
  const observe = h.scm.observe.bind(h.scm);
  const seen = { calls: 0, fail: null as AoError | null, budgetAfterFail: null as RateBudget[] | null };
  h.scm.observe = async (project, numbers) => {
    seen.calls += 1;
    if (seen.fail) {
      // As a GitHub plugin does: the limit it ran into shows in its budget from then on.
      if (seen.budgetAfterFail) h.scm.control.setBudget(seen.budgetAfterFail);
      throw seen.fail;
    }
    return observe(project, numbers);
  };
  return seen;
}

/** Run `n` loop ticks (100 ms apart); how many asked the SCM. */
async function ticks(seen: { calls: number }, n: number): Promise<number> {
  await vi.waitFor(() => expect(h.clock.pending()).toBe(1));
  const before = seen.calls;
  for (let i = 0; i < n; i++) await nextTick();
  await vi.waitFor(() => expect(h.clock.pending()).toBe(1));
  return seen.calls - before;
}

describe("remote polls follow the SCM's rate budget", () => {
  it("full budget: every tick; little left: stretched so it lasts until the reset; after the reset: every tick again", async () => {
    const seen = await withOpenPr();
    // A full budget lasts: 4,500 spendable polls in the minute left.
    h.scm.control.setBudget([graphql(5000, h.clock.now() + 60_000)]);
    await h.engine.start();
    expect(await ticks(seen, 10)).toBe(10);
    // 600 left, 500 kept back, a minute to the reset: 100 polls spread over it, one per 600 ms.
    const reset = h.clock.now() + 60_000;
    h.scm.control.setBudget([graphql(600, reset)]);
    const stretched = await ticks(seen, 60);
    expect(stretched).toBeGreaterThanOrEqual(9);
    expect(stretched).toBeLessThanOrEqual(11);
    // Past the reset the window is full again.
    h.clock.set(reset);
    await vi.waitFor(() => expect(h.clock.pending()).toBe(1));
    expect(await ticks(seen, 5)).toBe(5);
  });

  it("a rate limit never crashes the loop: warned once, nothing asked until the reset, then polled again", async () => {
    const seen = await withOpenPr();
    await h.engine.start();
    expect(await ticks(seen, 2)).toBe(2);
    const reset = h.clock.now() + 5_000;
    seen.fail = new AoError({
      code: "GITHUB_RATE_LIMITED",
      message: "GitHub's graphql rate limit is exhausted (HTTP 429).",
      hint: "ao retries after the reset.",
    });
    seen.budgetAfterFail = [graphql(0, reset)];
    expect(await ticks(seen, 1)).toBe(1);
    expect(await ticks(seen, 45)).toBe(0);
    seen.fail = null;
    h.clock.set(reset);
    await vi.waitFor(() => expect(h.clock.pending()).toBe(1));
    expect(await ticks(seen, 3)).toBe(3);
    expect(h.warnings.filter((w) => w.includes("GITHUB_RATE_LIMITED"))).toHaveLength(1);
  });

  it("a failure that repeats every tick is warned about once, until a poll succeeds", async () => {
    const seen = await withOpenPr();
    seen.fail = new AoError({ code: "NETWORK", message: "down", hint: "wait" });
    await h.engine.start();
    await ticks(seen, 5);
    expect(h.warnings.filter((w) => w.includes("SCM observation"))).toHaveLength(1);
    seen.fail = null;
    await ticks(seen, 1);
    seen.fail = new AoError({ code: "NETWORK", message: "down", hint: "wait" });
    await ticks(seen, 3);
    expect(h.warnings.filter((w) => w.includes("SCM observation"))).toHaveLength(2);
  });
});
