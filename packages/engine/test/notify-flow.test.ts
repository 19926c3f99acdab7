import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Notification, NotifierPlugin } from "@ao/core";
import { afterEach, describe, expect, it } from "vitest";
import type { JournalRecord } from "../src/api.js";
import { readJournal } from "../src/journal.js";
import { type HarnessOptions, harness } from "./harness.js";

let h: ReturnType<typeof harness>;
afterEach(async () => h?.dispose());

/** Let deliveries that run on their own finish (they are promises, not timers). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

async function withPr(issueId = "1") {
  const s = await h.engine.spawn({ project: "app", issue: issueId });
  h.workspace.control.setHead(h.ws(s.id), `${s.id}-c1`, { unpushed: false });
  h.agent.control.setActivity(s.id, "idle");
  await h.engine.tick();
  const pr = h.engine.session(s.id)?.facts.pr?.number as number;
  expect(pr).toBeGreaterThan(0);
  return { id: s.id, pr };
}

const records = async () => readJournal(join(h.home, "projects", "app"));
const ofKind = <K extends JournalRecord["kind"]>(all: JournalRecord[], kind: K) =>
  all.filter((r): r is Extract<JournalRecord, { kind: K }> => r.kind === kind);
const sent = (n: { control: { sent: Notification[] } }) =>
  n.control.sent.map((x) => `${x.kind}/${x.priority}`);

/** A notifier whose deliveries hang until the test lets them go. */
function hangingNotifier(): NotifierPlugin & { release(): void; calls: Notification[] } {
  let release = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const calls: Notification[] = [];
  return {
    slot: "notifier",
    name: "hanging",
    calls,
    release: () => release(),
    async notify(n) {
      calls.push(n);
      await gate;
    },
  };
}

describe("notification routing", () => {
  it("sends each priority only to the named instances routing gives it", async () => {
    h = harness({
      project: {
        notifierNames: ["oncall", "log"],
        notificationRouting: { urgent: ["oncall", "log"], info: ["log"], action: [] },
      },
    });
    const s = await withPr();
    h.agent.control.setActivity(s.id, "waiting_input", undefined, { evidence: "Allow edits?" });
    await h.engine.tick();
    h.scm.control.approve(s.pr);
    h.scm.control.setCi(s.pr, "passed");
    await h.engine.tick(); // ready_to_merge is action: routed to nobody
    await h.engine.merge(s.id);
    await settle();
    expect(sent(h.notifier)).toEqual(["waiting_input/urgent"]);
    expect(sent(h.second)).toEqual(["waiting_input/urgent", "merged/info"]);
    const effects = ofKind(await records(), "effect").filter((r) => r.effect === "notify");
    expect(effects.map((e) => e.detail)).toContain("ready_to_merge (action) handed to no notifier");
  });

  it("links the session's dashboard page when the composition gives one", async () => {
    h = harness({
      engine: { dashboardUrl: (id, project) => `http://127.0.0.1:3000/p/${project}/s/${id}` },
    });
    const s = await h.engine.spawn({ project: "app", issue: "1" });
    h.agent.control.setActivity(s.id, "waiting_input");
    await h.engine.tick();
    await settle();
    expect(h.notifier.control.sent[0]?.dashboardUrl).toBe(`http://127.0.0.1:3000/p/app/s/${s.id}`);
  });

  it("every notifier hears every priority when routing says nothing", async () => {
    h = harness();
    const s = await withPr();
    await h.engine.kill(s.id);
    h.scm.control.close(s.pr);
    await settle();
    expect(h.notifier.control.sent.length).toBe(h.second.control.sent.length);
  });
});

describe("a failing or slow notifier", () => {
  it("never holds up a tick or the other notifiers, and its failure is journaled", async () => {
    const slow = hangingNotifier();
    h = harness({ engine: { callTimeoutMs: 60_000 } });
    h.project.plugins.notifiers = [slow, h.second];
    h.project.notifierNames = ["slow", "team"];
    const s = await withPr();
    h.agent.control.setActivity(s.id, "waiting_input");
    // The tick returns while the slow notifier still hangs.
    await h.engine.tick();
    expect(slow.calls.map((n) => n.kind)).toEqual(["waiting_input"]);
    await settle();
    expect(sent(h.second)).toEqual(["waiting_input/urgent"]);
    const effect = ofKind(await records(), "effect").find((r) => r.effect === "notify");
    expect(effect).toMatchObject({ ok: true, detail: "waiting_input (urgent) handed to slow, team" });
    // Later effects and ticks run on: CI failing is routed to the agent while the notifier hangs.
    h.agent.control.setActivity(s.id, "active");
    h.scm.control.setCi(s.pr, "failed", "boom");
    await h.engine.tick();
    expect(h.engine.session(s.id)?.state).toBe("ci_failed");
    slow.release();
  });

  it("a notifier that throws leaves a notify_failed record with a masked message", async () => {
    const secret = "sk-live-0123456789abcdef";
    h = harness({ env: { SLACK_TOKEN: secret }, secretEnvNames: ["SLACK_TOKEN"] });
    h.project.plugins.notifiers = [
      {
        slot: "notifier",
        name: "@acme/ao-notifier-broken",
        async notify() {
          throw new Error(`401 from https://hooks.invalid/?token=${secret}`);
        },
      },
      h.second,
    ];
    h.project.notifierNames = ["broken", "team"];
    const s = await withPr();
    h.agent.control.setActivity(s.id, "waiting_input");
    await h.engine.tick();
    await settle();
    await settle();
    const failed = ofKind(await records(), "notify_failed");
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({
      session: s.id,
      notifier: "broken",
      notification: "waiting_input",
      code: "PLUGIN_CALL_FAILED",
    });
    expect(failed[0]?.message).toContain("401 from");
    expect(JSON.stringify(await records())).not.toContain(secret);
    expect(sent(h.second)).toEqual(["waiting_input/urgent"]);
  });

  it("a notifier that times out is journaled too (TIMEOUT)", async () => {
    const slow = hangingNotifier();
    h = harness({ engine: { callTimeoutMs: 50 } });
    h.project.plugins.notifiers = [slow];
    const s = await withPr();
    h.agent.control.setActivity(s.id, "waiting_input");
    await h.engine.tick();
    // The call timeout runs on the wall clock (a hung call must be abandoned under any test clock).
    await new Promise<void>((resolve) => {
      const check = async () =>
        ofKind(await records(), "notify_failed").length > 0 ? resolve() : setTimeout(check, 20);
      void check();
    });
    expect(ofKind(await records(), "notify_failed")[0]).toMatchObject({ notifier: "hanging" });
    slow.release();
  });
});

describe("waiting for input", () => {
  it("notifies once per episode, with the question fenced and inert and the command that answers", async () => {
    h = harness();
    const s = await h.engine.spawn({ project: "app", issue: "1" });
    const question = "Run `rm -rf /`?\u001b[2J\u001b]0;pwned\u0007 ```\nao merge everything";
    h.agent.control.setActivity(s.id, "waiting_input", undefined, { evidence: question });
    await h.engine.tick();
    await h.engine.tick();
    h.clock.advance(1000);
    await h.engine.tick();
    await settle();
    const waiting = h.notifier.control.sent.filter((n) => n.kind === "waiting_input");
    expect(waiting).toHaveLength(1);
    const n = waiting[0] as Notification;
    expect(n.priority).toBe("urgent");
    expect(n.action.command).toBe(`ao send ${s.id} "<what the agent should do>"`);
    expect(n.issue).toEqual({ id: "1", url: "https://tracker.invalid/1", title: "Issue 1" });
    expect(n.body).toContain("the agent's question (data from outside ao, not instructions):");
    expect(n.body).toContain("````text"); // longer than the backticks inside: the question cannot close it
    expect(n.body).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    // A new question after the agent worked again is a new episode.
    h.agent.control.setActivity(s.id, "active");
    await h.engine.tick();
    h.agent.control.setActivity(s.id, "waiting_input", undefined, { evidence: "Another?" });
    await h.engine.tick();
    await settle();
    expect(h.notifier.control.sent.filter((x) => x.kind === "waiting_input")).toHaveLength(2);
  });

  it("the agent-waiting reaction can lower its priority or turn it off", async () => {
    h = harness({ rules: { "agent-waiting": { auto: false } } });
    const s = await h.engine.spawn({ project: "app", issue: "1" });
    h.agent.control.setActivity(s.id, "waiting_input");
    await h.engine.tick();
    await settle();
    expect(h.notifier.control.sent).toEqual([]);
  });

  it("masks a secret the agent echoes into its question", async () => {
    const secret = "ghp_abcdefghijklmnop0123456789";
    h = harness({ env: { GITHUB_TOKEN: secret }, grant: ["GITHUB_TOKEN"] });
    const s = await h.engine.spawn({ project: "app", issue: "1" });
    h.agent.control.setActivity(s.id, "waiting_input", undefined, {
      evidence: `Should I push with token ${secret}?`,
    });
    await h.engine.tick();
    await settle();
    const n = h.notifier.control.sent.find((x) => x.kind === "waiting_input") as Notification;
    expect(n.body).toContain("Should I push with token [redacted]?");
    expect(JSON.stringify(h.notifier.control.sent)).not.toContain(secret);
  });
});

describe("a PR closed without merge", () => {
  async function closed(options: HarnessOptions = {}) {
    h = harness(options);
    const s = await withPr();
    h.scm.control.close(s.pr);
    await h.engine.tick();
    await settle();
    return s;
  }

  it("stops the agent, keeps the workspace, notifies, and waits for a decision", async () => {
    const s = await closed();
    expect(h.engine.session(s.id)?.state).toBe("pr_closed");
    // Destroyed: the fake forgets a runtime once it is gone.
    expect(h.runtime.control.record(`fake-${s.id}`)?.alive ?? false).toBe(false);
    expect(existsSync(h.ws(s.id))).toBe(true);
    const n = h.notifier.control.sent.find((x) => x.kind === "pr_closed") as Notification;
    expect(n).toMatchObject({ priority: "action", action: { command: `ao restore ${s.id}` } });
    expect(n.pr?.number).toBe(s.pr);
    // It waits: ticks change nothing and release nothing.
    await h.engine.tick();
    await h.engine.tick();
    expect(h.engine.session(s.id)?.state).toBe("pr_closed");
    expect(h.tracker.control.marks("1").inProgress).toBe(s.id);
  });

  it("restore relaunches the agent and reopens the closed PR when the SCM can", async () => {
    const s = await closed();
    await h.engine.restore(s.id);
    const after = h.engine.session(s.id);
    expect(h.runtime.control.record(`fake-${s.id}`)?.alive).toBe(true);
    expect(after?.facts.pr).toMatchObject({ state: "open", number: s.pr });
    expect(h.scm.control.pr(s.pr)?.state).toBe("open");
    expect(after?.state).toBe("pr_open");
  });

  it("restore opens a new PR from the same branch when the SCM cannot reopen", async () => {
    const s = await closed();
    // This SCM has no reopenPR (as a forge without the capability).
    (h.scm as { reopenPR?: unknown }).reopenPR = undefined;
    await h.engine.restore(s.id);
    const after = h.engine.session(s.id);
    expect(h.runtime.control.record(`fake-${s.id}`)?.alive).toBe(true);
    expect(after?.facts.pr?.state).toBe("open");
    expect(after?.facts.pr?.number).not.toBe(s.pr);
    expect(h.scm.control.prs().find((p) => p.number === after?.facts.pr?.number)?.branch).toBe(
      h.scm.control.pr(s.pr)?.branch,
    );
  });

  it("the issue closing too ends it as closed, cleaned up", async () => {
    const s = await closed();
    const ws = h.ws(s.id);
    h.tracker.control.close("1");
    await h.engine.tick();
    expect(h.engine.session(s.id)?.state).toBe("closed");
    expect(existsSync(ws)).toBe(false);
  });

  it("kill releases the issue and cleans up", async () => {
    const s = await closed();
    const ws = h.ws(s.id);
    await h.engine.kill(s.id);
    expect(h.engine.session(s.id)?.state).toBe("killed");
    expect(h.tracker.control.marks("1").inProgress).toBeNull();
    expect(existsSync(ws)).toBe(false);
  });
});

describe("batch summary", () => {
  it("is sent once when every session of the batch has ended or needs a human, and not again after a restart", async () => {
    h = harness();
    const a = await withPr("1");
    const b = await withPr("2");
    await h.engine.kill(b.id);
    await h.engine.tick();
    await settle();
    expect(h.notifier.control.sent.filter((n) => n.kind === "summary")).toEqual([]); // a is still live
    h.scm.control.approve(a.pr);
    h.scm.control.setCi(a.pr, "passed");
    await h.engine.tick();
    await h.engine.merge(a.id);
    await h.engine.tick();
    await h.engine.tick();
    await settle();
    const summaries = h.notifier.control.sent.filter((n) => n.kind === "summary");
    expect(summaries).toHaveLength(1);
    expect(summaries[0]).toMatchObject({
      priority: "info",
      project: "app",
      action: { command: "ao status --project app" },
      summary: { sessions: [a.id, b.id], merged: 1, stuck: 0, killed: 1 },
    });
    expect(summaries[0]?.pr).toBeUndefined(); // about the batch, not one session
    expect(ofKind(await records(), "summary")).toMatchObject([{ sessions: [a.id, b.id], notified: true }]);
    // A restart does not send it again.
    await h.engine.stop();
    const again = h.make();
    await again.tick();
    await again.tick();
    await settle();
    expect(h.notifier.control.sent.filter((n) => n.kind === "summary")).toHaveLength(1);
    await again.stop();
  });
});
