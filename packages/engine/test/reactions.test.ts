import { afterEach, describe, expect, it } from "vitest";
import { readJournal } from "../src/journal.js";
import { harness } from "./harness.js";

let h: ReturnType<typeof harness>;
afterEach(async () => {
  await h?.dispose();
});

/** Spawn a session and bring it to an open PR (#n) with CI pending. */
async function withPr(issueId = "1", options: Parameters<typeof harness>[0] = {}) {
  h ??= harness(options);
  const s = await h.engine.spawn({ project: "app", issue: issueId });
  h.workspace.control.setHead(h.ws(s.id), `${s.id}-c1`, { unpushed: false });
  h.agent.control.setActivity(s.id, "idle");
  await h.engine.tick();
  const pr = h.engine.session(s.id)?.facts.pr?.number as number;
  expect(pr).toBeGreaterThan(0);
  return { id: s.id, pr, messages: () => h.runtime.control.messages(`fake-${s.id}`) };
}

const kinds = () => h.notifier.control.sent.map((n) => `${n.kind}/${n.priority}`);

describe("reactions", () => {
  it("ci-failed: retries twice across fail/fix/fail cycles, then escalates to stuck and notifies", async () => {
    h = harness();
    const s = await withPr();
    for (let attempt = 1; attempt <= 3; attempt++) {
      h.scm.control.setCi(s.pr, "failed", `failure ${attempt}`);
      await h.engine.tick();
      if (attempt <= 2) {
        expect(h.engine.session(s.id)?.state).toBe("ci_failed");
        expect(s.messages().at(-1)).toContain(`attempt ${attempt}`);
        expect(kinds()).toEqual([]);
        h.scm.control.setCi(s.pr, "pending");
        await h.engine.tick();
      }
    }
    expect(h.engine.session(s.id)?.state).toBe("stuck");
    expect(h.engine.session(s.id)?.facts.attempts["ci-failed"]).toBe(2);
    expect(s.messages().filter((m) => m.includes("[ci-failed"))).toHaveLength(2);
    expect(kinds()).toEqual(["escalated/urgent"]);
    // A human's message moves it on.
    await h.engine.send(s.id, "try a different approach");
    expect(h.engine.session(s.id)?.state).toBe("ci_failed");
    expect(s.messages().at(-1)).toBe("try a different approach");
  });

  it("changes-requested: escalates after escalateAfter (30m) on the injected clock", async () => {
    h = harness();
    const s = await withPr();
    h.scm.control.requestChanges(s.pr, "needs tests");
    h.agent.control.setActivity(s.id, "active"); // busy: the agent-stuck timer stays out of it
    await h.engine.tick();
    expect(h.engine.session(s.id)?.state).toBe("changes_requested");
    h.clock.advance(29 * 60_000);
    await h.engine.tick();
    expect(h.engine.session(s.id)?.state).toBe("changes_requested");
    expect(kinds()).toEqual([]);
    h.clock.advance(60_000);
    await h.engine.tick();
    expect(h.engine.session(s.id)?.state).toBe("stuck");
    expect(kinds()).toEqual(["escalated/urgent"]);
  });

  it("merge-conflict with auto off notifies the human in the action tier instead of messaging the agent", async () => {
    h = harness({ rules: { "merge-conflict": { auto: false } } });
    const s = await withPr();
    const before = s.messages().length;
    h.scm.control.conflict(s.pr, true);
    await h.engine.tick();
    expect(h.engine.session(s.id)?.state).toBe("merge_conflict");
    expect(s.messages()).toHaveLength(before);
    expect(kinds()).toEqual(["needs_attention/action"]);
  });

  it("approved-and-green with action merge really merges", async () => {
    h = harness({ rules: { "approved-and-green": { auto: true, action: "merge" } } });
    const s = await withPr();
    h.scm.control.approve(s.pr);
    h.scm.control.setCi(s.pr, "passed");
    await h.engine.tick();
    expect(h.scm.control.pr(s.pr)?.state).toBe("merged");
    expect(h.engine.session(s.id)?.state).toBe("merged");
    expect(kinds()).toEqual(["merged/info"]);
  });

  it("agent-stuck: idle past the threshold notifies urgently", async () => {
    h = harness();
    const s = await h.engine.spawn({ project: "app", issue: "1" });
    h.agent.control.setActivity(s.id, "waiting_input");
    await h.engine.tick();
    h.clock.advance(10 * 60_000);
    await h.engine.tick();
    expect(h.engine.session(s.id)?.state).toBe("stuck");
    // The question was news at once; being stuck with it is news again.
    expect(kinds()).toEqual(["waiting_input/urgent", "stuck/urgent"]);
  });

  it("agent-exited with action restore relaunches the agent in the same workspace", async () => {
    h = harness({ rules: { "agent-exited": { auto: true, action: "restore" } } });
    const s = await withPr();
    h.runtime.control.kill(`fake-${s.id}`);
    await h.engine.tick();
    expect(h.runtime.control.record(`fake-${s.id}`)?.alive).toBe(true);
    const launches = h.agent.control.launches();
    expect(launches.at(-1)).toMatchObject({ sessionId: s.id, resume: true });
    expect(launches.at(-1)?.cwd).toBe(launches[0]?.cwd);
    expect(kinds()).toEqual([]);
  });

  it("agent-exited restore of an agent that exits at its usage limit waits for the reset, then relaunches once", async () => {
    h = harness({ rules: { "agent-exited": { auto: true, action: "restore" } } });
    const s = await withPr();
    const resetsAt = h.clock.now() + 30 * 60_000;
    h.agent.control.setActivity(s.id, "rate_limited", resetsAt);
    await h.engine.tick();
    h.runtime.control.kill(`fake-${s.id}`);
    h.agent.control.setActivity(s.id, "active");
    await h.engine.tick();
    const launches = () => h.agent.control.launches().length;
    const before = launches();
    // Not relaunched into the limit: the exit keeps the reset, and nobody is paged.
    expect(h.runtime.control.record(`fake-${s.id}`)?.alive).toBe(false);
    expect(h.engine.session(s.id)?.facts.activity).toMatchObject({ state: "exited", resetsAt });
    h.clock.advance(resetsAt - h.clock.now() - 1);
    await h.engine.tick();
    expect(launches()).toBe(before);
    // The wait is a journaled fact: an engine started meanwhile still restores at the reset, once.
    await h.engine.stop();
    const again = h.make();
    await again.recover();
    expect(launches()).toBe(before);
    h.clock.advance(1);
    await again.tick();
    expect(launches()).toBe(before + 1);
    expect(h.agent.control.launches().at(-1)).toMatchObject({ sessionId: s.id, resume: true });
    expect(h.runtime.control.record(`fake-${s.id}`)?.alive).toBe(true);
    await again.tick();
    expect(launches()).toBe(before + 1);
    expect(kinds()).toEqual([]);
    await again.stop();
  });

  it("agent-exited restore is immediate when the limit has no known reset or it has passed", async () => {
    h = harness({ rules: { "agent-exited": { auto: true, action: "restore" } } });
    const s = await withPr();
    h.agent.control.setActivity(s.id, "rate_limited", h.clock.now() + 60_000);
    await h.engine.tick();
    h.clock.advance(2 * 60_000);
    h.runtime.control.kill(`fake-${s.id}`);
    await h.engine.tick();
    expect(h.runtime.control.record(`fake-${s.id}`)?.alive).toBe(true);
  });

  it("an agent that exits before any PR is errored (urgent); restore brings it back", async () => {
    h = harness();
    const s = await h.engine.spawn({ project: "app", issue: "1" });
    h.runtime.control.kill(`fake-${s.id}`);
    await h.engine.tick();
    expect(h.engine.session(s.id)?.state).toBe("errored");
    expect(kinds()).toEqual(["errored/urgent"]);
    expect(h.notifier.control.sent[0]?.action.command).toBe(`ao restore ${s.id}`);
    await h.engine.restore(s.id);
    expect(h.engine.session(s.id)?.state).toBe("working");
  });
});

describe("events", () => {
  it("duplicate deliveries and stale events are no-ops, even across a restart", async () => {
    h = harness();
    const s = await withPr();
    const path = h.ws(s.id);
    await h.engine.ingest("app", { type: "ci_failed", pr: s.pr, deliveryId: "d-1" });
    const after = h.engine.session(s.id);
    expect(after?.state).toBe("ci_failed");
    await h.engine.ingest("app", { type: "ci_failed", pr: s.pr, deliveryId: "d-1" });
    expect(h.engine.session(s.id)).toBe(after);
    await h.engine.stop();
    const again = h.make();
    await again.recover();
    await again.ingest("app", { type: "ci_passed", pr: s.pr, deliveryId: "d-1" });
    expect(again.session(s.id)?.state).toBe("ci_failed");
    // About a head the PR has moved past: stale.
    h.workspace.control.setHead(path, "c-new", { unpushed: false });
    await again.tick();
    const head = again.session(s.id)?.facts.pr?.headSha;
    expect(head).toBe("c-new");
    await again.ingest("app", { type: "ci_passed", pr: s.pr, headSha: `${s.id}-c1` });
    expect(again.session(s.id)?.facts.pr?.ci).toBe("pending");
    await again.stop();
    const records = await readJournal(`${h.home}/projects/app`);
    expect(records.filter((r) => r.kind === "delivery")).toHaveLength(1);
  });

  it("merge then issue-closed, and issue-closed then merge, both end merged", async () => {
    h = harness();
    const a = await withPr("1");
    const b = await withPr("2");
    h.scm.control.merge(a.pr);
    await h.engine.tick();
    h.tracker.control.close("1");
    await h.engine.tick();
    expect(h.engine.session(a.id)?.state).toBe("merged");
    h.tracker.control.close("2");
    await h.engine.tick();
    expect(h.engine.session(b.id)?.state).toBe(h.engine.session(b.id)?.facts.pr ? "pr_open" : "closed");
    h.scm.control.merge(b.pr);
    await h.engine.tick();
    expect(h.engine.session(b.id)?.state).toBe("merged");
  });

  it("observes all open PRs of a project with one SCM call per tick", async () => {
    h = harness();
    await withPr("1");
    await withPr("2");
    await withPr("3");
    h.scm.control.resetCalls();
    await h.engine.tick();
    expect(h.scm.control.calls.observe).toBe(1);
  });
});
