import { describe, expect, it } from "vitest";
import { Driver, notices, rulesWith, T0 } from "../test/driver.js";
import type { Effect } from "./effects.js";
import type { SessionEventType } from "./events.js";
import { nextDeadline, replay, transition } from "./machine.js";

const MIN = 60_000;

/** One test per row of the transition table; the mapped type makes a missing row a type error. */
const ROWS: { [T in SessionEventType]: () => void } = {
  spawned() {
    const d = new Driver();
    expect(d.state).toBe("spawning");
    const resources = { workspace: { path: "/w", branch: "ao/7-fix" }, runtime: { id: "r1" } };
    expect(d.send({ type: "spawned", resources })).toEqual([]);
    expect(d.state).toBe("working");
    expect(d.s.resources).toEqual(resources);
    expect(d.s.facts).toMatchObject({ phase: "running", runtimeAlive: true });
    const before = d.s;
    expect(d.send({ type: "spawned", resources })).toEqual([]);
    expect(d.s).toBe(before);
  },
  spawn_failed() {
    const d = new Driver();
    expect(d.send({ type: "spawn_failed", error: "tmux: no server" })).toEqual([
      { type: "notify", kind: "errored", priority: "urgent", reason: "tmux: no server" },
    ]);
    expect(d.state).toBe("errored");
    const late = new Driver().running();
    const before = late.s;
    expect(late.send({ type: "spawn_failed", error: "late" })).toEqual([]);
    expect(late.s).toBe(before);
  },
  agent_active() {
    const d = new Driver().running();
    expect(d.s.facts.activity).toMatchObject({ state: "active", source: "output" });
    const since = d.s.facts.activity?.since;
    const before = d.s;
    expect(d.send({ type: "agent_active", source: "output" })).toEqual([]);
    expect(d.s).toBe(before);
    expect(d.s.facts.activity?.since).toBe(since);
  },
  agent_idle() {
    const d = new Driver().running();
    expect(d.send({ type: "agent_idle", source: "output" })).toEqual([]);
    expect(d.s.facts.activity).toMatchObject({ state: "idle", since: d.now });
    expect(d.s.facts.timers["agent-stuck"]).toBe(d.now + 10 * MIN);
    // An observation older than the last one is ignored.
    const before = d.s;
    d.send({ type: "agent_active", source: "output", at: d.now - 500 });
    expect(d.s).toBe(before);
  },
  budget_exceeded() {
    const d = new Driver().running();
    const effects = d.send({ type: "budget_exceeded", spentUsd: 5.2, capUsd: 5, scope: "session" });
    const reason = "budget: $5.20 spent, the session cap is $5.00";
    expect(effects).toEqual([
      { type: "stop_agent", reason: "budget" },
      { type: "notify", kind: "budget", priority: "urgent", reason },
    ]);
    expect(d.state).toBe("stuck");
    expect(d.s.facts.escalation).toMatchObject({ cause: "budget", reason });
    expect(d.s.facts.activity).toMatchObject({ state: "exited", source: "budget" });
    // Seen again (the next info tick): nothing new; the stopped agent is no crash to restore.
    const before = d.s;
    expect(d.send({ type: "budget_exceeded", spentUsd: 6, capUsd: 5, scope: "session" })).toEqual([]);
    expect(d.s).toBe(before);
    expect(d.send({ type: "agent_exited", source: "runtime", error: "gone" })).toEqual([]);
    expect(d.state).toBe("stuck");
    // restore clears it and relaunches.
    expect(d.send({ type: "restore" })).toContainEqual({ type: "restore" });
    expect(d.s.facts.escalation).toBeNull();
  },
  agent_waiting() {
    const d = new Driver().running();
    // A question is news at once (urgent by default), with the question as the reason.
    expect(
      d.send({ type: "agent_waiting", source: "transcript", evidence: "Do you want to proceed?" }),
    ).toEqual([
      {
        type: "notify",
        kind: "waiting_input",
        priority: "urgent",
        reaction: "agent-waiting",
        reason: "Do you want to proceed?",
      },
    ]);
    expect(d.s.facts.activity).toMatchObject({
      state: "waiting_input",
      source: "transcript",
      evidence: "Do you want to proceed?",
    });
    expect(d.s.facts.timers["agent-stuck"]).toBe(d.now + 10 * MIN);
    // Newer evidence moves it on; the prompt still on screen (older evidence) cannot bring it back.
    const answeredAt = d.now + 500;
    d.send({ type: "agent_active", source: "transcript", evidenceAt: answeredAt, at: d.now + 1000 });
    expect(d.s.facts.activity).toMatchObject({ state: "active", evidenceAt: answeredAt });
    const before = d.s;
    d.send({ type: "agent_waiting", source: "output", evidenceAt: answeredAt - 1 });
    expect(d.s).toBe(before);
  },
  agent_blocked() {
    const d = new Driver().running();
    d.send({ type: "agent_blocked", source: "output" });
    expect(d.s.facts.activity?.state).toBe("blocked");
    expect(d.s.facts.timers["agent-stuck"]).toBe(d.now + 10 * MIN);
  },
  agent_rate_limited() {
    const d = new Driver().running();
    d.send({ type: "agent_rate_limited", source: "output", resetsAt: T0 + 3_600_000 });
    expect(d.s.facts.activity).toMatchObject({ state: "rate_limited", resetsAt: T0 + 3_600_000 });
    // Waiting out a rate limit is not being stuck.
    expect(d.s.facts.timers["agent-stuck"]).toBeUndefined();
    const since = d.s.facts.activity?.since;
    // The same reset again is nothing new; a moved reset is recorded, the activity's start kept.
    const before = d.s;
    d.send({ type: "agent_rate_limited", source: "output", resetsAt: T0 + 3_600_000 });
    expect(d.s).toBe(before);
    d.send({ type: "agent_rate_limited", source: "output", resetsAt: T0 + 7 * 86_400_000 });
    expect(d.s.facts.activity).toMatchObject({ resetsAt: T0 + 7 * 86_400_000, since });
  },
  agent_exited() {
    const crashed = new Driver().running();
    expect(crashed.send({ type: "agent_exited", source: "runtime", error: "exit 137" })).toEqual([
      { type: "notify", kind: "errored", priority: "urgent", reason: "exit 137" },
    ]);
    expect(crashed.state).toBe("errored");
    const withPr = new Driver().withPr();
    expect(notices(withPr.send({ type: "agent_exited", source: "runtime" }))).toEqual(["agent_exited"]);
    expect(withPr.state).toBe("pr_open");
    expect(withPr.s.facts.runtimeAlive).toBe(false);
    // Polling sees the same dead agent every tick: only the first sighting notifies.
    const before = withPr.s;
    expect(withPr.send({ type: "agent_exited", source: "runtime" })).toEqual([]);
    expect(withPr.s).toBe(before);
  },
  local_commits() {
    const d = new Driver().running();
    expect(d.send({ type: "local_commits", headSha: "c1" })).toEqual([]); // agent still active
    expect(d.s.facts.localHead).toBe("c1");
    d.send({ type: "agent_idle", source: "output" });
    expect(d.send({ type: "local_commits", headSha: "c2" })).toEqual([{ type: "push" }]);
    const before = d.s;
    expect(d.send({ type: "local_commits", headSha: "c2" })).toEqual([]);
    expect(d.s).toBe(before);
  },
  pushed() {
    const d = new Driver().running();
    expect(d.send({ type: "pushed", headSha: "a1" })).toEqual([{ type: "open_pr" }]);
    expect(d.s.facts).toMatchObject({ pushedHead: "a1", localHead: "a1" });
    d.send({ type: "pr_opened", number: 12, url: "u" });
    d.send({ type: "ci_failed" });
    expect(d.send({ type: "pushed", headSha: "a2" })).toEqual([]);
    expect(d.s.facts.pr).toMatchObject({ headSha: "a2", ci: "pending", conflict: false, mergeable: null });
    expect(d.s.facts.pastShas).toEqual(["a1"]);
    expect(d.state).toBe("pr_open");
    const before = d.s;
    expect(d.send({ type: "pushed", headSha: "a1" })).toEqual([]); // an older head: stale
    expect(d.send({ type: "pushed", headSha: "a2" })).toEqual([]); // the same head: a repeat
    expect(d.s).toBe(before);
  },
  pr_opened() {
    const d = new Driver().running();
    d.send({ type: "pushed", headSha: "a1" });
    expect(d.send({ type: "pr_opened", number: 12, url: "https://scm/pr/12" })).toEqual([]);
    expect(d.state).toBe("pr_open");
    expect(d.s.facts.pr).toEqual({
      number: 12,
      url: "https://scm/pr/12",
      headSha: "a1",
      state: "open",
      ci: "none",
      review: "none",
      mergeable: null,
      conflict: false,
    });
    const before = d.s;
    d.send({ type: "pr_opened", number: 12, url: "https://scm/pr/12" });
    expect(d.s).toBe(before);
  },
  pr_claimed() {
    const d = new Driver().running();
    expect(d.send({ type: "pr_claimed", number: 40, url: "u40", headSha: "x9" })).toEqual([]);
    expect(d.state).toBe("pr_open");
    expect(d.s.facts).toMatchObject({ pushedHead: "x9", pr: { number: 40, headSha: "x9" } });
  },
  ci_pending() {
    const d = new Driver().withPr();
    d.send({ type: "ci_pending" });
    expect(d.s.facts.pr?.ci).toBe("pending");
    expect(d.state).toBe("pr_open");
    expect(new Driver().running().send({ type: "ci_pending" })).toEqual([]); // no PR: nothing to say
  },
  ci_passed() {
    const d = new Driver().withPr();
    expect(d.send({ type: "ci_passed", headSha: "a1" })).toEqual([]);
    expect(d.state).toBe("review_pending");
  },
  ci_failed() {
    const d = new Driver().withPr();
    expect(d.send({ type: "ci_failed", headSha: "a1" })).toEqual([
      { type: "send_to_agent", reaction: "ci-failed", attempt: 1 },
    ]);
    expect(d.state).toBe("ci_failed");
    expect(d.s.facts.attempts["ci-failed"]).toBe(1);
    const before = d.s;
    expect(d.send({ type: "ci_failed", headSha: "a1" })).toEqual([]);
    expect(d.s).toBe(before);
  },
  review_approved() {
    const d = new Driver().withPr();
    d.send({ type: "ci_passed" });
    expect(d.send({ type: "review_approved" })).toEqual([
      { type: "notify", kind: "ready_to_merge", priority: "action" },
    ]);
    expect(d.state).toBe("mergeable");
  },
  changes_requested() {
    const d = new Driver().withPr();
    expect(d.send({ type: "changes_requested" })).toEqual([
      { type: "send_to_agent", reaction: "changes-requested", attempt: 1 },
    ]);
    expect(d.state).toBe("changes_requested");
    expect(d.s.facts.timers["changes-requested"]).toBe(d.now + 30 * MIN);
    expect(nextDeadline(d.s)).toEqual({ key: "changes-requested", at: d.now + 30 * MIN });
  },
  review_comment() {
    const d = new Driver().withPr();
    d.send({ type: "changes_requested" });
    expect(d.send({ type: "review_comment" })).toEqual([
      { type: "send_to_agent", reaction: "changes-requested", attempt: 1 },
    ]);
    expect(d.state).toBe("changes_requested");
    expect(d.s.facts.attempts["changes-requested"]).toBe(1); // a comment is not a new attempt
    d.send({ type: "pushed", headSha: "a2" });
    expect(d.send({ type: "review_comment", headSha: "a1" })).toEqual([]); // about the old head
    expect(new Driver().running().send({ type: "review_comment" })).toEqual([]);
    const manual = new Driver(rulesWith({ "changes-requested": { auto: false } })).withPr();
    expect(manual.send({ type: "review_comment" })).toEqual([]);
  },
  conflict_detected() {
    const d = new Driver().withPr();
    expect(d.send({ type: "conflict_detected" })).toEqual([
      { type: "send_to_agent", reaction: "merge-conflict", attempt: 1 },
    ]);
    expect(d.state).toBe("merge_conflict");
    expect(d.s.facts.pr).toMatchObject({ conflict: true, mergeable: false });
  },
  conflict_resolved() {
    const d = new Driver().withPr();
    d.send({ type: "conflict_detected" });
    expect(d.send({ type: "conflict_resolved" })).toEqual([]);
    expect(d.state).toBe("pr_open");
  },
  mergeability() {
    const d = new Driver().withPr();
    d.send({ type: "ci_passed" });
    d.send({ type: "mergeability", mergeable: false });
    d.send({ type: "review_approved" });
    expect(d.state).toBe("review_pending"); // approved and green, but the SCM says it cannot merge
    expect(notices(d.send({ type: "mergeability", mergeable: true }))).toEqual(["ready_to_merge"]);
    expect(d.state).toBe("mergeable");
  },
  pr_merged() {
    const d = new Driver().withPr();
    expect(d.send({ type: "pr_merged" })).toEqual([
      { type: "cleanup", reason: "merged" },
      { type: "update_issue", mark: "done" },
      { type: "notify", kind: "merged", priority: "info" },
    ]);
    expect(d.state).toBe("merged");
    expect(new Driver().running().send({ type: "pr_merged" })).toEqual([]); // no PR known
  },
  pr_closed() {
    // Closed without merge, the issue open: the agent stops, the workspace stays, a human decides.
    const d = new Driver().withPr();
    expect(d.send({ type: "pr_closed" })).toEqual([
      { type: "stop_agent", reason: "pr_closed" },
      { type: "notify", kind: "pr_closed", priority: "action" },
    ]);
    expect(d.state).toBe("pr_closed");
    // The stopped agent is not a crash to report or restore.
    expect(d.send({ type: "agent_exited", source: "runtime" })).toEqual([]);
    expect(d.state).toBe("pr_closed");
    // The issue closing too ends it as before: cleanup, nothing to release.
    const ended = new Driver().withPr();
    ended.send({ type: "pr_closed" });
    expect(ended.send({ type: "issue_closed" })).toEqual([{ type: "cleanup", reason: "closed" }]);
    expect(ended.state).toBe("closed");
    // Killing it releases the issue.
    const killed = new Driver().withPr();
    killed.send({ type: "pr_closed" });
    expect(killed.send({ type: "kill" })).toEqual([
      { type: "cleanup", reason: "killed" },
      { type: "update_issue", mark: "released" },
    ]);
    // Restoring lets the closed PR go: the agent comes back and a PR is opened again.
    const back = new Driver().withPr();
    back.send({ type: "pr_closed" });
    const number = back.s.facts.pr?.number;
    expect(back.send({ type: "restore" })).toEqual([
      { type: "restore" },
      { type: "open_pr", reopen: number },
    ]);
    expect(back.s.facts.pr).toBeNull();
    expect(back.state).toBe("working");
  },
  issue_closed() {
    const noPr = new Driver().running();
    // The issue is already closed, so it is not handed back.
    expect(noPr.send({ type: "issue_closed" })).toEqual([{ type: "cleanup", reason: "closed" }]);
    expect(noPr.state).toBe("closed");
    const open = new Driver().withPr();
    expect(open.send({ type: "issue_closed" })).toEqual([]);
    expect(open.state).toBe("pr_open");
    expect(open.s.facts.issueClosed).toBe(true);
  },
  user_message() {
    const d = new Driver().running();
    expect(d.send({ type: "user_message", text: "use the v2 API" })).toEqual([
      { type: "send_message", text: "use the v2 API" },
    ]);
  },
  agent_report() {
    const d = new Driver().running();
    d.send({ type: "local_commits", headSha: "c1" });
    expect(d.send({ type: "agent_report", report: "done" })).toEqual([{ type: "push" }]);
    expect(d.s.facts.activity).toMatchObject({ state: "idle", source: "report" });
    d.send({ type: "agent_report", report: "needs_input" });
    expect(d.s.facts.activity?.state).toBe("waiting_input");
  },
  timer_fired() {
    const d = new Driver().withPr();
    d.send({ type: "changes_requested" });
    const due = d.s.facts.timers["changes-requested"] as number;
    const before = d.s;
    expect(d.send({ type: "timer_fired", key: "changes-requested", at: due - 1 })).toEqual([]);
    expect(d.s).toBe(before);
    expect(notices(d.send({ type: "timer_fired", key: "changes-requested", at: due }))).toEqual([
      "escalated",
    ]);
    expect(d.state).toBe("stuck");
    expect(d.s.facts.timers).toEqual({});
  },
  delivery_failed() {
    const d = new Driver().withPr();
    d.send({ type: "ci_failed" });
    expect(d.state).toBe("ci_failed");
    expect(d.send({ type: "delivery_failed", error: "pane is dead", reaction: "ci-failed" })).toEqual([
      {
        type: "notify",
        kind: "stuck",
        priority: "urgent",
        reaction: "ci-failed",
        reason: "a message to the agent could not be delivered: pane is dead",
      },
    ]);
    expect(d.state).toBe("stuck");
    const before = d.s;
    expect(d.send({ type: "delivery_failed", error: "again" })).toEqual([]);
    expect(d.s).toBe(before);
  },
  kill() {
    const d = new Driver().running();
    expect(d.send({ type: "kill", reason: "user" })).toEqual([
      { type: "cleanup", reason: "killed" },
      { type: "update_issue", mark: "released" },
    ]);
    expect(d.state).toBe("killed");
  },
  restore() {
    const d = new Driver();
    d.send({ type: "spawn_failed", error: "boom" });
    expect(d.send({ type: "restore" })).toEqual([{ type: "restore" }]);
    expect(d.state).toBe("spawning");
    expect(d.s.facts.error).toBeNull();
  },
};

/** The notify effects, whole. */
const notes = (effects: Effect[]) => effects.filter((e) => e.type === "notify");

describe("notifications for humans", () => {
  it("waiting for input notifies once per episode, not on every sighting", () => {
    const d = new Driver().running();
    expect(notes(d.send({ type: "agent_waiting", source: "output", evidence: "Allow rm?" }))).toHaveLength(1);
    expect(d.send({ type: "agent_waiting", source: "output", evidence: "Allow rm?", at: d.now + 1 })).toEqual(
      [],
    );
    d.send({ type: "agent_active", source: "output", at: d.now + 2 });
    // A new question after the agent worked again is a new episode.
    expect(notes(d.send({ type: "agent_waiting", source: "output", at: d.now + 3 }))).toHaveLength(1);
    // `ao report needs_input` is the same news.
    const r = new Driver().running();
    expect(notes(r.send({ type: "agent_report", report: "needs_input" }))).toEqual([
      { type: "notify", kind: "waiting_input", priority: "urgent", reaction: "agent-waiting" },
    ]);
  });

  it("the agent-waiting reaction sets the priority, or turns the notice off", () => {
    const warn = new Driver(rulesWith({ "agent-waiting": { priority: "warning" } })).running();
    expect(notes(warn.send({ type: "agent_waiting", source: "output" }))[0]).toMatchObject({
      priority: "warning",
    });
    const off = new Driver(rulesWith({ "agent-waiting": { auto: false } })).running();
    expect(off.send({ type: "agent_waiting", source: "output" })).toEqual([]);
  });

  it("a reaction's priority overrides its notification's", () => {
    const d = new Driver(rulesWith({ "ci-failed": { auto: false, priority: "warning" } })).withPr();
    expect(notes(d.send({ type: "ci_failed" }))).toEqual([
      { type: "notify", kind: "needs_attention", priority: "warning", reaction: "ci-failed" },
    ]);
    const green = new Driver(rulesWith({ "approved-and-green": { priority: "info" } })).withPr();
    green.send({ type: "ci_passed" });
    expect(notes(green.send({ type: "review_approved" }))).toEqual([
      { type: "notify", kind: "ready_to_merge", priority: "info" },
    ]);
  });
});

describe("transition table", () => {
  for (const [type, row] of Object.entries(ROWS)) it(type, row);
});

describe("transition", () => {
  it("ignores an event id it has already applied", () => {
    const d = new Driver().running();
    d.send({ type: "user_message", text: "hi", id: "req-1" });
    const before = d.s;
    expect(d.send({ type: "user_message", text: "hi", id: "req-1" })).toEqual([]);
    expect(d.s).toBe(before);
  });

  it("sends a PR back to review when its branch moves after approval", () => {
    const d = new Driver().withPr();
    d.send({ type: "ci_passed", headSha: "a1" });
    d.send({ type: "review_approved", headSha: "a1" });
    expect(d.state).toBe("mergeable");
    d.send({ type: "pushed", headSha: "a2" });
    expect(d.s.facts.pr).toMatchObject({ headSha: "a2", review: "pending", ci: "pending" });
    // Green again on the new head is not enough: the approval was for a1.
    d.send({ type: "ci_passed", headSha: "a2" });
    expect(d.state).toBe("review_pending");
    // An approval of the old head that arrives late changes nothing.
    d.send({ type: "review_approved", headSha: "a1" });
    expect(d.state).toBe("review_pending");
    expect(d.send({ type: "review_approved", headSha: "a2" })).toContainEqual({
      type: "notify",
      kind: "ready_to_merge",
      priority: "action",
    });
  });

  it("keeps updatedAt monotonic and counts versions", () => {
    const d = new Driver().running();
    const v = d.s.version;
    d.send({ type: "agent_idle", source: "output", at: d.now + 5000 });
    d.send({ type: "user_message", text: "x", at: d.now - 4000 });
    expect(d.s.updatedAt).toBe(d.now + 4000);
    expect(d.s.version).toBe(v + 2);
  });

  it("replay folds events like repeated transitions", () => {
    const d = new Driver().withPr();
    d.send({ type: "ci_failed" });
    const events = [
      { type: "spawned", resources: d.s.resources, at: T0 + 1 },
      { type: "pushed", headSha: "a1", at: T0 + 2 },
      { type: "pr_opened", number: 1, url: "u", at: T0 + 3 },
    ] as const;
    const [s, effects] = replay(new Driver().s, events);
    let manual = new Driver().s;
    for (const e of events) manual = transition(manual, e)[0];
    expect(s).toEqual(manual);
    expect(effects).toEqual([{ type: "open_pr" }]);
  });
});
