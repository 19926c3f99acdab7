import { existsSync, readFileSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { readJournal } from "../src/journal.js";
import { LIMIT_RESET_MESSAGE } from "../src/usage-limit.js";
import { harness } from "./harness.js";

type H = ReturnType<typeof harness>;
let h: H | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});
const MIN = 60_000;
const agentInfos = async (home: string) =>
  (await readJournal(`${home}/projects/app`)).filter((r) => r.kind === "agent_info");

describe("activity as evidence", () => {
  it("journals the evidence and its time, inert; an old active decays to idle", async () => {
    h = harness();
    const s = await h.engine.spawn({ project: "app", issue: "1" });
    const t0 = h.clock.now();
    h.agent.control.setActivity(s.id, "waiting_input", undefined, {
      evidence: "Do you want to proceed?\u001b]0;pwned\u0007",
      at: t0 - 5_000,
    });
    await h.engine.tick();
    const waiting = h.engine.session(s.id)?.facts.activity;
    expect(waiting).toMatchObject({ state: "waiting_input", source: "fake", evidenceAt: t0 - 5_000 });
    expect(waiting?.evidence).toContain("Do you want to proceed?");
    expect(waiting?.evidence).not.toMatch(/[\u0000-\u001f]/);

    // The prompt was answered (newer evidence), but nothing came after it for 11 minutes: a stale
    // "active" is idle, and says why. Older evidence (the prompt) can no longer bring waiting back.
    h.clock.advance(11 * MIN);
    h.agent.control.setActivity(s.id, "active", undefined, { evidence: "assistant: tool_use", at: t0 });
    await h.engine.tick();
    const idle = h.engine.session(s.id)?.facts.activity;
    expect(idle?.state).toBe("idle");
    expect(idle?.evidence).toMatch(/^no new evidence for 11 min \(last: assistant: tool_use\)$/);
    h.agent.control.setActivity(s.id, "waiting_input", undefined, { evidence: "old prompt", at: t0 - 5_000 });
    await h.engine.tick();
    expect(h.engine.session(s.id)?.facts.activity?.state).toBe("idle");
  });

  it("an exited runtime ends working whatever the agent says", async () => {
    h = harness();
    const s = await h.engine.spawn({ project: "app", issue: "1" });
    h.agent.control.setActivity(s.id, "active", undefined, { evidence: "spinner" });
    await h.engine.tick();
    expect(h.engine.session(s.id)?.state).toBe("working");
    h.runtime.control.kill(`fake-${s.id}`);
    await h.engine.tick();
    const after = h.engine.session(s.id);
    expect(after?.facts.activity).toMatchObject({ state: "exited", source: "runtime" });
    expect(after?.state).toBe("errored");
  });
});

describe("session info", () => {
  it("journals the agent's session id, tokens and cost, reads from the cursor, throttled, across restarts", async () => {
    h = harness({ engine: { sessionInfoIntervalMs: MIN } });
    const s = await h.engine.spawn({ project: "app", issue: "1" });
    h.agent.control.setInfo(s.id, {
      agentSessionId: "sess-1",
      usage: [
        { model: "gpt-5-codex", input: 2_000_000, output: 100_000, cacheRead: 1_000_000, cacheWrite: 0 },
      ],
      summary: "Half done",
    });
    await h.engine.tick();
    await h.engine.tick(); // within the interval: not read again
    expect(h.agent.control.infoCursors()).toEqual([null]);
    const [first] = await agentInfos(h.home);
    // 2M × 1.25 + 0.1M × 10 + 1M × 0.125 (gpt-5 prices, by prefix).
    expect(first).toMatchObject({
      agentSessionId: "sess-1",
      costSource: "pricing",
      cursor: 1,
      summary: "Half done",
    });
    expect(first?.kind === "agent_info" && first.costUsd).toBeCloseTo(3.625, 6);

    // A new engine over the same home continues from the journaled cursor.
    await h.engine.stop();
    const again = h.make();
    await again.tick();
    expect(h.agent.control.infoCursors()).toEqual([null, 1]);
    await again.stop();
    // Nothing changed but the cursor: one more record, with the new cursor.
    expect((await agentInfos(h.home)).map((r) => (r.kind === "agent_info" ? r.cursor : null))).toEqual([
      1, 2,
    ]);
  });

  it("reads once more when the agent exits, whatever the throttle says", async () => {
    h = harness({ engine: { sessionInfoIntervalMs: 60 * MIN } });
    const s = await h.engine.spawn({ project: "app", issue: "1" });
    h.agent.control.setInfo(s.id, { costUsd: 1 });
    await h.engine.tick();
    h.agent.control.setInfo(s.id, { costUsd: 1.75 });
    h.runtime.control.kill(`fake-${s.id}`);
    h.clock.advance(MIN);
    await h.engine.tick();
    expect(h.engine.agentInfo(s.id)?.costUsd).toBe(1.75);
    expect(h.agent.control.infoCursors()).toHaveLength(2);
  });

  it("an agent's own cost wins over the price table; an unknown model is priced at $0 with a warning", async () => {
    h = harness();
    const s = await h.engine.spawn({ project: "app", issue: "1" });
    h.agent.control.setInfo(s.id, {
      usage: [{ model: "mystery-model", input: 10, output: 10, cacheRead: 0, cacheWrite: 0 }],
    });
    await h.engine.tick();
    expect((await agentInfos(h.home)).at(-1)).toMatchObject({ costUsd: 0, costSource: "pricing" });
    expect(h.warnings.join("\n")).toContain("No price for the model mystery-model");
    h.clock.advance(2 * MIN);
    h.agent.control.setInfo(s.id, { costUsd: 1.25 });
    await h.engine.tick();
    expect((await agentInfos(h.home)).at(-1)).toMatchObject({ costUsd: 1.25, costSource: "agent" });
  });

  it("restore resumes the agent's own session, with a handoff for when it is gone", async () => {
    h = harness();
    const s = await h.engine.spawn({ project: "app", issue: "1" });
    h.agent.control.setInfo(s.id, { agentSessionId: "native-42", summary: "Wrote the parser" });
    await h.engine.tick();
    expect(h.engine.agentInfo(s.id)?.agentSessionId).toBe("native-42");
    // The id is a journaled fact: an engine started after a crash resumes with it.
    await h.engine.stop();
    const restarted = h.make();
    await restarted.recover();
    await restarted.restore(s.id);
    await restarted.stop();
    const resumed = h.agent.control.launches().at(-1)?.resumeWith;
    expect(resumed?.agentSessionId).toBe("native-42");
    expect(resumed?.handoff).toContain(`session ${s.id} on issue 1: Issue 1`);
    expect(resumed?.handoff).toContain("Wrote the parser");
  });
});

describe("secrets", () => {
  it("a secret the agent echoes into its summary or evidence never reaches the journal", async () => {
    const token = "sk-live-very-secret-0123456789";
    h = harness({ env: { OPENAI_API_KEY: token } });
    const s = await h.engine.spawn({ project: "app", issue: "1" });
    h.agent.control.setActivity(s.id, "blocked", undefined, { evidence: `401 for key ${token}` });
    h.agent.control.setInfo(s.id, { summary: `Tried ${token}`, agentSessionId: "x" });
    await h.engine.tick();
    await h.engine.stop();
    const text = readFileSync(`${h.home}/projects/app/journal.jsonl`, "utf8");
    expect(text).toContain('"kind":"agent_info"');
    expect(text).toContain("401 for key");
    expect(text).not.toContain(token);
  });
});

describe("budget caps", () => {
  it("at the session cap the agent is stopped, the workspace kept, the session stuck (budget), a human told how to go on", async () => {
    h = harness({ project: { budget: { sessionUsd: 2 } } });
    const s = await h.engine.spawn({ project: "app", issue: "1" });
    h.agent.control.setInfo(s.id, { costUsd: 1.5 });
    await h.engine.tick();
    expect(h.engine.session(s.id)?.state).toBe("working");
    h.clock.advance(2 * MIN);
    h.agent.control.setInfo(s.id, { costUsd: 2.1 });
    await h.engine.tick();
    const stuck = h.engine.session(s.id);
    expect(stuck?.state).toBe("stuck");
    expect(stuck?.facts.escalation).toMatchObject({ cause: "budget" });
    expect(h.runtime.control.record(`fake-${s.id}`)).toBeUndefined();
    expect(existsSync(h.ws(s.id))).toBe(true);
    const note = h.notifier.control.sent.find((n) => n.kind === "budget");
    expect(note?.action.command).toBe(`ao restore ${s.id}`);
    // The next ticks change nothing: no restore of a stopped agent, no second notice.
    await h.engine.tick();
    expect(h.notifier.control.sent.filter((n) => n.kind === "budget")).toHaveLength(1);
    expect(h.agent.control.launches()).toHaveLength(1);
  });

  it("the project cap counts every session, ended ones too", async () => {
    h = harness({ project: { budget: { projectUsd: 3 } } });
    const a = await h.engine.spawn({ project: "app", issue: "1" });
    const b = await h.engine.spawn({ project: "app", issue: "2" });
    h.agent.control.setInfo(a.id, { costUsd: 2 });
    await h.engine.tick();
    await h.engine.kill(a.id);
    h.clock.advance(2 * MIN);
    h.agent.control.setInfo(b.id, { costUsd: 1 });
    await h.engine.tick();
    expect(h.engine.session(b.id)?.facts.escalation?.reason).toBe(
      "budget: $3.00 spent, the project cap is $3.00",
    );
  });
});

describe("usage limits", () => {
  it("a reset that moves is followed: no early resume", async () => {
    h = harness();
    const s = await h.engine.spawn({ project: "app", prompt: "do it" });
    const first = h.clock.now() + 10 * MIN;
    const later = h.clock.now() + 60 * MIN;
    h.agent.control.setActivity(s.id, "rate_limited", first);
    await h.engine.tick();
    h.agent.control.setActivity(s.id, "rate_limited", later);
    h.clock.advance(MIN);
    await h.engine.tick();
    expect(h.engine.session(s.id)?.facts.activity?.resetsAt).toBe(later);
    h.clock.advance(first - h.clock.now());
    await h.engine.tick();
    expect(h.runtime.control.messages(`fake-${s.id}`)).toEqual([]);
    h.clock.advance(later - h.clock.now());
    await h.engine.tick();
    expect(h.runtime.control.messages(`fake-${s.id}`)).toEqual([LIMIT_RESET_MESSAGE]);
  });

  it("resumes the agent after the reset, once, and intake starts nothing for that agent meanwhile", async () => {
    h = harness({ intake: { auto: true, labels: ["agent"], maxConcurrent: 3 }, issues: [] });
    const s = await h.engine.spawn({ project: "app", prompt: "do it" });
    const resetsAt = h.clock.now() + 30 * MIN;
    h.agent.control.setActivity(s.id, "rate_limited", resetsAt, {
      evidence: "You've hit your limit · resets 4:50am",
    });
    await h.engine.tick();
    expect(h.engine.session(s.id)?.facts.activity).toMatchObject({ state: "rate_limited", resetsAt });

    // An issue arrives while the agent is limited: the loop (on the manual clock) does not spawn it.
    h.tracker.control.add({ id: "7", title: "New", body: "", labels: ["agent"], state: "open" });
    await h.engine.start();
    await vi.waitFor(() => expect(h?.clock.pending()).toBe(1));
    expect(h.engine.sessions()).toHaveLength(1);
    expect(h.runtime.control.messages(`fake-${s.id}`)).toEqual([]);

    // The loop wakes at the reset (not a poll later), tells the agent to continue, and intake resumes.
    await h.clock.advanceAsync(resetsAt - h.clock.now());
    await vi.waitFor(() =>
      expect(h?.runtime.control.messages(`fake-${s.id}`)).toEqual([LIMIT_RESET_MESSAGE]),
    );
    await h.clock.advanceAsync(100);
    await vi.waitFor(() => expect(h?.engine.sessions().map((x) => x.issue)).toContain("7"));
    await h.clock.advanceAsync(100);
    expect(h.runtime.control.messages(`fake-${s.id}`)).toEqual([LIMIT_RESET_MESSAGE]);
  });
});
