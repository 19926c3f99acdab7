import { afterEach, describe, expect, it, vi } from "vitest";
import { readJournal } from "../src/journal.js";
import { harness, issue } from "./harness.js";

let h: ReturnType<typeof harness>;
afterEach(async () => {
  await h?.dispose();
});

/** Let the loop's next tick run: it waits on the injected clock once the previous one is done. */
async function nextTick(ms = 100) {
  await vi.waitFor(() => expect(h.clock.pending()).toBe(1));
  await h.clock.advanceAsync(ms);
}

const actor = { actor: { kind: "webhook", route: "github" } as const };

describe("tracker webhook events drive intake", () => {
  it("a labelled issue matching the intake filter is spawned at once, once per delivery", async () => {
    h = harness({ issues: [], intake: { auto: true, labels: ["agent"], maxConcurrent: 5 } });
    h.tracker.control.add({ ...issue("7"), labels: ["agent", "bug"] });
    await h.engine.ingestIssue(
      "app",
      { type: "issue_labeled", issue: "7", labels: ["agent", "bug"], deliveryId: "d-1" },
      actor,
    );
    expect(h.engine.sessions().map((s) => s.issue)).toEqual(["7"]);
    // A redelivery (same id) and a second label event both find the issue taken.
    await h.engine.ingestIssue("app", {
      type: "issue_labeled",
      issue: "7",
      labels: ["agent"],
      deliveryId: "d-1",
    });
    await h.engine.ingestIssue("app", {
      type: "issue_labeled",
      issue: "7",
      labels: ["agent"],
      deliveryId: "d-2",
    });
    expect(h.engine.sessions()).toHaveLength(1);
    const records = await readJournal(`${h.home}/projects/app`);
    expect(
      records.filter((r) => r.kind === "delivery").map((r) => (r.kind === "delivery" ? r.id : "")),
    ).toEqual(["tracker:d-1:7", "tracker:d-2:7"]);
  });

  it("a label event without every intake label, another repository's event and a comment spawn nothing", async () => {
    h = harness({ issues: [issue("1")], intake: { auto: true, labels: ["agent"], maxConcurrent: 5 } });
    await h.engine.ingestIssue("app", {
      type: "issue_labeled",
      issue: "1",
      labels: ["bug"],
      deliveryId: "a",
    });
    await h.engine.ingestIssue("app", {
      type: "issue_opened",
      issue: "1",
      repo: "someone/else",
      deliveryId: "b",
    });
    await h.engine.ingestIssue("app", {
      type: "issue_comment",
      issue: "1",
      author: "mallory",
      deliveryId: "c",
    });
    expect(h.engine.sessions()).toEqual([]);
    expect(h.tracker.control.calls.listIssues).toBe(0);
    // Ignored events leave no trace in the journal.
    const records = await readJournal(`${h.home}/projects/app`);
    expect(records.filter((r) => r.kind === "delivery")).toEqual([]);
  });

  it("an opened issue goes through the whole intake filter (assignee, milestone) of the tracker", async () => {
    h = harness({
      issues: [],
      intake: { auto: true, labels: [], maxConcurrent: 5, assignee: "octocat", milestone: "v2" },
    });
    h.tracker.control.add({ ...issue("4"), assignee: "octocat", milestone: "v1" });
    await h.engine.ingestIssue("app", { type: "issue_opened", issue: "4", deliveryId: "o-1" });
    expect(h.engine.sessions()).toEqual([]);
    h.tracker.control.add({ ...issue("5"), assignee: "octocat", milestone: "v2" });
    await h.engine.ingestIssue("app", { type: "issue_reopened", issue: "5", deliveryId: "o-2" });
    expect(h.engine.sessions().map((s) => s.issue)).toEqual(["5"]);
  });

  it("intake off: an opened issue spawns nothing", async () => {
    h = harness({ issues: [issue("1")] });
    await h.engine.ingestIssue("app", { type: "issue_opened", issue: "1" });
    expect(h.engine.sessions()).toEqual([]);
  });

  it("a closed issue closes its live session without a poll", async () => {
    h = harness();
    const s = await h.engine.spawn({ project: "app", issue: "2" });
    h.tracker.control.resetCalls();
    await h.engine.ingestIssue("app", { type: "issue_closed", issue: "2", deliveryId: "x" }, actor);
    expect(h.engine.session(s.id)?.facts.issueClosed).toBe(true);
    expect(h.tracker.control.calls.getIssue).toBe(0);
  });

  it("an unknown project is refused with PROJECT_NOT_FOUND", async () => {
    h = harness();
    await expect(h.engine.ingestIssue("nope", { type: "issue_closed", issue: "1" })).rejects.toMatchObject({
      code: "PROJECT_NOT_FOUND",
    });
  });
});

describe("polling drops to a slow resync when webhooks are on", () => {
  it("with webhook secrets, the tracker and SCM are asked on the first tick and then once per resync", async () => {
    h = harness({
      intake: { auto: true, labels: ["agent"], maxConcurrent: 5 },
      tracker: { secret: "t-secret" },
      scm: { secret: "s-secret" },
      engine: { resyncIntervalMs: 1000 },
    });
    await h.engine.start();
    await vi.waitFor(() => expect(h.engine.sessions()).toHaveLength(3));
    expect(h.tracker.control.calls.listIssues).toBe(1);
    h.tracker.control.resetCalls();
    for (let i = 0; i < 5; i++) await nextTick();
    expect(h.tracker.control.calls.listIssues).toBe(0);
    expect(h.tracker.control.calls.getIssue).toBe(0);
    await nextTick(500);
    await vi.waitFor(() => expect(h.tracker.control.calls.listIssues).toBe(1));
    expect(h.tracker.control.calls.getIssue).toBe(3);
  });

  it("without webhooks, every tick asks the tracker", async () => {
    h = harness({
      intake: { auto: true, labels: ["agent"], maxConcurrent: 5 },
      engine: { resyncIntervalMs: 1000 },
    });
    await h.engine.start();
    for (const n of [1, 2, 3]) {
      await vi.waitFor(() => expect(h.tracker.control.calls.listIssues).toBe(n));
      await nextTick();
    }
  });

  it("an explicit refresh (tick) asks everything even between resyncs", async () => {
    h = harness({ tracker: { secret: "t" }, engine: { resyncIntervalMs: 60_000 } });
    await h.engine.spawn({ project: "app", issue: "1" });
    h.tracker.control.resetCalls();
    await h.engine.tick();
    await h.engine.tick();
    expect(h.tracker.control.calls.getIssue).toBe(2);
  });

  it("a resync shorter than the poll interval is refused", () => {
    expect(() => harness({ engine: { resyncIntervalMs: 50 } })).toThrow(/resyncIntervalMs/);
  });
});
