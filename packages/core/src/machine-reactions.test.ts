import { describe, expect, it } from "vitest";
import { Driver, notices, rulesWith } from "../test/driver.js";

const MIN = 60_000;

/** Fail CI on the current head, then "fix" it with a new push. */
function failThenFix(d: Driver, n: number) {
  const effects = d.send({ type: "ci_failed" });
  d.send({ type: "pushed", headSha: `fix${n}` });
  return effects;
}

describe("auto-fix reactions", () => {
  it("retries ci-failed, then escalates to stuck and notifies once retries are exhausted", () => {
    const d = new Driver().withPr();
    expect(failThenFix(d, 1)).toEqual([{ type: "send_to_agent", reaction: "ci-failed", attempt: 1 }]);
    expect(failThenFix(d, 2)).toEqual([{ type: "send_to_agent", reaction: "ci-failed", attempt: 2 }]);
    const effects = d.send({ type: "ci_failed" });
    expect(effects).toEqual([
      {
        type: "notify",
        kind: "escalated",
        priority: "urgent",
        reaction: "ci-failed",
        reason: "ci-failed: 2 auto attempt(s) used, none left",
      },
    ]);
    expect(d.state).toBe("stuck");
    expect(d.s.facts.attempts["ci-failed"]).toBe(2);
    expect(d.s.facts.escalation).toMatchObject({ reaction: "ci-failed", at: d.now });
  });

  it("counts attempts over the session, not per failure (fail, fix, fail)", () => {
    const d = new Driver(rulesWith({ "ci-failed": { retries: 5 } })).withPr();
    for (let i = 1; i <= 3; i++) failThenFix(d, i);
    expect(d.s.facts.attempts["ci-failed"]).toBe(3);
  });

  it("re-arms merge-conflict when a conflict comes back", () => {
    const d = new Driver().withPr();
    d.send({ type: "conflict_detected" });
    d.send({ type: "conflict_resolved" });
    expect(d.send({ type: "conflict_detected" })).toEqual([
      { type: "send_to_agent", reaction: "merge-conflict", attempt: 2 },
    ]);
  });

  it("notifies instead of acting when a reaction is not auto, or its action is notify", () => {
    const manual = new Driver(rulesWith({ "ci-failed": { auto: false } })).withPr();
    expect(manual.send({ type: "ci_failed" })).toEqual([
      { type: "notify", kind: "needs_attention", priority: "action", reaction: "ci-failed" },
    ]);
    expect(manual.s.facts.attempts).toEqual({});
    const notifyOnly = new Driver(rulesWith({ "merge-conflict": { action: "notify" } })).withPr();
    expect(notices(notifyOnly.send({ type: "conflict_detected" }))).toEqual(["needs_attention"]);
  });

  it("escalates changes-requested when escalateAfterMs passes in that state", () => {
    const d = new Driver(rulesWith({ "changes-requested": { escalateAfterMs: 50 } })).withPr();
    d.send({ type: "changes_requested" });
    const due = d.now + 50;
    expect(d.s.facts.timers["changes-requested"]).toBe(due);
    d.send({ type: "review_comment", at: due - 10 }); // still in the state: the timer stays
    expect(d.s.facts.timers["changes-requested"]).toBe(due);
    expect(d.send({ type: "timer_fired", key: "changes-requested", at: due })).toEqual([
      {
        type: "notify",
        kind: "escalated",
        priority: "urgent",
        reaction: "changes-requested",
        reason: "changes-requested not resolved in time",
      },
    ]);
    expect(d.state).toBe("stuck");
  });

  it("disarms the escalation timer once the state is left", () => {
    const d = new Driver().withPr();
    d.send({ type: "changes_requested" });
    d.send({ type: "pushed", headSha: "a2" });
    d.send({ type: "review_approved" });
    expect(d.s.facts.timers["changes-requested"]).toBeUndefined();
    const before = d.s;
    expect(d.send({ type: "timer_fired", key: "changes-requested", at: d.now + 31 * MIN })).toEqual([]);
    expect(d.s).toBe(before);
  });
});

describe("agent-stuck", () => {
  it("arms the threshold timer when the agent idles where work is expected, and escalates", () => {
    const d = new Driver(rulesWith({ "agent-stuck": { thresholdMs: 100 } })).running();
    d.send({ type: "agent_waiting", source: "output" });
    const due = d.now + 100;
    expect(d.s.facts.timers["agent-stuck"]).toBe(due);
    d.send({ type: "agent_idle", source: "output", at: due - 50 }); // still at rest: the clock keeps running
    expect(d.s.facts.timers["agent-stuck"]).toBe(due - 50 + 100);
    const effects = d.send({ type: "timer_fired", key: "agent-stuck", at: due + 50 });
    expect(effects).toEqual([
      {
        type: "notify",
        kind: "stuck",
        priority: "urgent",
        reaction: "agent-stuck",
        reason: "agent idle for 0s",
      },
    ]);
    expect(d.state).toBe("stuck");
  });

  it("disarms it when the agent is active again, or when no work is expected", () => {
    const d = new Driver().running();
    d.send({ type: "agent_idle", source: "output" });
    d.send({ type: "agent_active", source: "output" });
    expect(d.s.facts.timers["agent-stuck"]).toBeUndefined();
    const review = new Driver().withPr();
    review.send({ type: "agent_idle", source: "output" });
    expect(review.state).toBe("pr_open");
    expect(review.s.facts.timers["agent-stuck"]).toBeUndefined(); // waiting on CI/review is fine
  });

  it("has no timer when no threshold is set", () => {
    const d = new Driver(rulesWith({ "agent-stuck": { thresholdMs: undefined } })).running();
    d.send({ type: "agent_idle", source: "output" });
    expect(d.s.facts.timers).toEqual({});
  });
});

describe("approved-and-green", () => {
  it("notifies ready_to_merge by default, once CI is green", () => {
    const d = new Driver().withPr();
    d.send({ type: "ci_pending" });
    expect(d.send({ type: "review_approved" })).toEqual([]);
    expect(d.send({ type: "ci_passed" })).toEqual([
      { type: "notify", kind: "ready_to_merge", priority: "action" },
    ]);
  });

  it("merges when configured to", () => {
    const d = new Driver(rulesWith({ "approved-and-green": { auto: true, action: "merge" } })).withPr();
    d.send({ type: "ci_passed" });
    expect(d.send({ type: "review_approved" })).toEqual([{ type: "merge" }]);
    expect(d.state).toBe("mergeable");
  });
});

describe("push rule and PR opening", () => {
  it("pushes unpushed commits once the agent is at rest, and only then", () => {
    const d = new Driver().running();
    expect(d.send({ type: "local_commits", headSha: "c1" })).toEqual([]);
    expect(d.send({ type: "agent_idle", source: "output" })).toEqual([{ type: "push" }]);
    expect(d.send({ type: "pushed", headSha: "c1" })).toEqual([{ type: "open_pr" }]);
    // Nothing unpushed: no push.
    d.send({ type: "agent_active", source: "output" });
    expect(d.send({ type: "agent_idle", source: "output" })).toEqual([]);
  });

  it("pushes when the agent exits with commits left", () => {
    const d = new Driver().withPr();
    d.send({ type: "local_commits", headSha: "c2" });
    const effects = d.send({ type: "agent_exited", source: "runtime" });
    expect(effects.map((e) => e.type)).toEqual(["notify", "push"]);
  });

  it("does not push while stuck", () => {
    const d = new Driver(rulesWith({ "ci-failed": { retries: 0 } })).withPr();
    d.send({ type: "ci_failed" });
    expect(d.state).toBe("stuck");
    d.send({ type: "local_commits", headSha: "c2" });
    expect(d.send({ type: "agent_idle", source: "output" })).toEqual([]);
  });

  it("opens a PR after the first push only", () => {
    const d = new Driver().running();
    expect(d.send({ type: "pushed", headSha: "a1" })).toEqual([{ type: "open_pr" }]);
    d.send({ type: "pr_opened", number: 3, url: "u" });
    expect(d.send({ type: "pushed", headSha: "a2" })).toEqual([]);
  });
});

describe("agent-exited", () => {
  it("notifies by default when a PR exists", () => {
    const d = new Driver().withPr();
    expect(d.send({ type: "agent_exited", source: "runtime", error: "segfault" })).toEqual([
      { type: "notify", kind: "agent_exited", priority: "urgent", reason: "segfault" },
    ]);
  });

  it("restores when configured to", () => {
    const d = new Driver(rulesWith({ "agent-exited": { action: "restore" } })).withPr();
    expect(d.send({ type: "agent_exited", source: "runtime" })).toEqual([{ type: "restore" }]);
  });
});

describe("merge and issue close, in either order", () => {
  it("merge then issue closed ends merged", () => {
    const d = new Driver().withPr();
    d.send({ type: "pr_merged" });
    const before = d.s;
    expect(d.send({ type: "issue_closed" })).toEqual([]);
    expect(d.s).toBe(before);
    expect(d.state).toBe("merged");
  });

  it("issue closed then merge ends merged", () => {
    const d = new Driver().withPr();
    expect(d.send({ type: "issue_closed" })).toEqual([]);
    expect(d.send({ type: "pr_merged" })).toEqual([
      { type: "cleanup", reason: "merged" },
      { type: "update_issue", mark: "done" },
      { type: "notify", kind: "merged", priority: "info" },
    ]);
    expect(d.state).toBe("merged");
  });
});

describe("stuck", () => {
  const stuck = () => {
    const d = new Driver(rulesWith({ "ci-failed": { retries: 1 } })).withPr();
    failThenFix(d, 1);
    d.send({ type: "ci_failed" });
    expect(d.state).toBe("stuck");
    return d;
  };

  it("leaving stuck does not re-fire the reaction", () => {
    const d = stuck();
    expect(d.send({ type: "user_message", text: "look at the flaky test" })).toEqual([
      { type: "send_message", text: "look at the flaky test" },
    ]);
    expect(d.state).toBe("ci_failed");
    expect(d.s.facts.attempts["ci-failed"]).toBe(1);
  });

  it("a new push moves it on, and a later failure escalates again", () => {
    const d = stuck();
    d.send({ type: "pushed", headSha: "human-fix" });
    expect(d.state).toBe("pr_open");
    expect(notices(d.send({ type: "ci_failed" }))).toEqual(["escalated"]);
  });

  it("restore clears it and relaunches the agent", () => {
    const d = stuck();
    expect(d.send({ type: "restore" })).toEqual([{ type: "restore" }]);
    expect(d.state).toBe("ci_failed");
  });

  it("still cleans up when killed or merged from stuck", () => {
    const killed = stuck();
    expect(killed.send({ type: "kill" })).toEqual([
      { type: "cleanup", reason: "killed" },
      { type: "update_issue", mark: "released" },
    ]);
    const merged = stuck();
    expect(merged.send({ type: "pr_merged" }).map((e) => e.type)).toEqual([
      "cleanup",
      "update_issue",
      "notify",
    ]);
  });
});
