import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { readJournal } from "../src/journal.js";
import { harness } from "./harness.js";

let h: ReturnType<typeof harness>;
afterEach(async () => {
  await h?.dispose();
});

describe("robustness", () => {
  it("a hung plugin call times out, is stamped with the plugin, and never stalls other sessions", async () => {
    h = harness();
    const a = await h.engine.spawn({ project: "app", issue: "1" });
    const b = await h.engine.spawn({ project: "app", issue: "2" });
    const isAlive = h.runtime.isAlive.bind(h.runtime);
    h.runtime.isAlive = (handle) => (handle.id === `fake-${a.id}` ? new Promise(() => {}) : isAlive(handle));
    h.agent.control.setActivity(b.id, "idle");
    await h.engine.tick();
    expect(h.engine.session(b.id)?.facts.activity?.state).toBe("idle");
    expect(h.warnings.join("\n")).toMatch(/\[@ao\/testkit\/fake-runtime\] TIMEOUT/);
  });

  it("a spawn whose agent CLI is missing fails before anything is made, with the install hint", async () => {
    h = harness({ agentEnv: { PATH: "/nonexistent-bin" } });
    h.agent.binary = () => ({ command: "no-such-agent-cli", install: "npm i -g no-such-agent-cli" });
    await expect(h.engine.spawn({ project: "app", issue: "1" })).rejects.toMatchObject({
      code: "AGENT_NOT_INSTALLED",
      hint: expect.stringContaining("npm i -g no-such-agent-cli"),
    });
    expect(h.engine.sessions()).toEqual([]);
    expect(await readJournal(`${h.home}/projects/app`)).toEqual([]);
    // Once it is installed (here: found on PATH), the same issue spawns.
    h.agent.binary = () => ({ command: "sh" });
    await h.engine.stop();
    const again = harness({ home: h.home, agentEnv: { PATH: "/bin:/usr/bin" } });
    again.agent.binary = () => ({ command: "sh" });
    expect((await again.engine.spawn({ project: "app", issue: "1" })).issue).toBe("1");
    await again.dispose();
  });

  it("a failed effect is journaled and retried with backoff on a later tick", async () => {
    h = harness();
    const s = await h.engine.spawn({ project: "app", issue: "1" });
    const push = h.scm.push.bind(h.scm);
    let failures = 1;
    h.scm.push = async (...args) => {
      if (failures-- > 0) throw new Error("remote hung up");
      return push(...args);
    };
    h.workspace.control.setHead(h.ws(s.id), "c1", { unpushed: false });
    h.agent.control.setActivity(s.id, "idle");
    await h.engine.tick();
    expect(h.engine.session(s.id)?.facts.pushedHead).toBeNull();
    await h.engine.tick(); // backoff not over yet
    expect(h.engine.session(s.id)?.facts.pushedHead).toBeNull();
    h.clock.advance(1_000);
    await h.engine.tick();
    expect(h.engine.session(s.id)?.facts.pushedHead).toBe("c1");
    expect(h.engine.session(s.id)?.state).toBe("pr_open");
    const outcomes = (await readJournal(`${h.home}/projects/app`)).filter(
      (r) => r.kind === "effect" && r.effect === "push",
    );
    expect(
      outcomes.map((r) => r.kind === "effect" && [r.ok, r.detail?.includes("@ao/testkit/fake-scm")]),
    ).toEqual([
      [false, true],
      [true, false],
    ]);
  });

  it("a message that can never be delivered escalates the session to stuck and notifies", async () => {
    h = harness();
    const s = await h.engine.spawn({ project: "app", issue: "1" });
    h.runtime.sendMessage = async () => {
      throw new Error("pane is gone");
    };
    await h.engine.send(s.id, "please rebase");
    for (let i = 0; i < 10 && h.engine.session(s.id)?.state !== "stuck"; i++) {
      h.clock.advance(10 * 60_000);
      await h.engine.tick();
    }
    expect(h.engine.session(s.id)?.state).toBe("stuck");
    expect(h.engine.session(s.id)?.facts.escalation?.reason).toMatch(/could not be delivered.*pane is gone/);
    expect(h.notifier.control.sent.map((n) => n.kind)).toEqual(["stuck"]);
  });

  it("a failing notifier does not stop the others", async () => {
    h = harness();
    const s = await h.engine.spawn({ project: "app", issue: "1" });
    h.notifier.control.fail(true);
    h.runtime.control.kill(`fake-${s.id}`);
    await h.engine.tick();
    expect(h.second.control.sent.map((n) => n.kind)).toEqual(["errored"]);
  });

  it("cleanup never forces: a workspace with unsaved work is kept and the journal says why", async () => {
    h = harness();
    const s = await h.engine.spawn({ project: "app", issue: "1" });
    const path = h.ws(s.id);
    h.workspace.control.setDirty(path, true);
    await h.engine.kill(s.id);
    expect(h.engine.session(s.id)?.state).toBe("killed");
    expect(h.workspace.control.paths()).toContain(path);
    expect(h.runtime.control.ids()).toEqual([]);
    expect(h.tracker.control.marks("1").inProgress).toBeNull();
    const cleanup = (await readJournal(`${h.home}/projects/app`)).find(
      (r) => r.kind === "effect" && r.effect === "cleanup",
    );
    expect(cleanup).toMatchObject({
      ok: false,
      final: true,
      detail: expect.stringContaining("UNSAVED_WORK"),
    });
  });

  it("warns once when two open sessions change the same files", async () => {
    h = harness();
    const a = await h.engine.spawn({ project: "app", issue: "1" });
    const b = await h.engine.spawn({ project: "app", issue: "2" });
    h.workspace.control.setChangedFiles(h.ws(a.id), ["src/login.ts", "README.md"]);
    h.workspace.control.setChangedFiles(h.ws(b.id), ["src/login.ts", "src/other.ts"]);
    await h.engine.tick();
    await h.engine.tick();
    expect(h.engine.overlaps()).toEqual([
      { project: "app", session: a.id, with: b.id, files: ["src/login.ts"], at: expect.any(Number) },
    ]);
    const records = await readJournal(`${h.home}/projects/app`);
    expect(records.filter((r) => r.kind === "overlap")).toHaveLength(1);
  });

  it("intake spawns labelled open issues up to maxConcurrent", async () => {
    h = harness({ intake: { auto: true, labels: ["agent"], maxConcurrent: 2 } });
    h.tracker.control.add({ id: "9", title: "no label", body: "", labels: [], state: "open" });
    await h.engine.start();
    await vi.waitFor(() => expect(h.engine.sessions().map((s) => s.issue)).toEqual(["1", "2"]));
    await h.clock.advanceAsync(100);
    await h.clock.advanceAsync(100);
    expect(h.engine.sessions().map((s) => s.issue)).toEqual(["1", "2"]);
    await vi.waitFor(() => expect(h.clock.pending()).toBe(1)); // the next tick waits on the injected clock
    await h.engine.stop();
    const spawns = (await readJournal(`${h.home}/projects/app`)).filter((r) => r.kind === "action");
    // Intake's spawns are the engine's own actions.
    expect(spawns.map((r) => (r.kind === "action" ? [r.route, r.target, r.actor] : []))).toEqual([
      ["spawn", "app#1", { kind: "engine" }],
      ["spawn", "app#2", { kind: "engine" }],
    ]);
  });

  it("keeps secrets from the environment out of the journal", async () => {
    const token = "xoxb-super-secret-value-123";
    h = harness({ env: { SLACK_BOT_TOKEN: token } });
    const s = await h.engine.spawn({ project: "app", issue: "1" });
    await h.engine.send(s.id, `the token is ${token}`);
    expect(h.runtime.control.messages(`fake-${s.id}`).at(-1)).toContain(token); // the agent still gets it
    await h.engine.stop();
    const text = readFileSync(`${h.home}/projects/app/journal.jsonl`, "utf8");
    expect(text).not.toContain(token);
    expect(text).toContain("[redacted]");
    expect(readFileSync(`${h.home}/projects/app/snapshot.json`, "utf8")).not.toContain(token);
  });

  it("keeps the values of variables the config names as secret out of the journal and snapshot", async () => {
    // The name does not look secret: only the config (`webhookUrlEnv: "HOOK_URL"`) says it is.
    const url = "https://hooks.example.invalid/services/T000/B000/abcdef";
    h = harness({
      env: { HOOK_URL: url },
      secretEnvNames: ["HOOK_URL"],
      issues: [{ id: "1", title: `Hook ${url} leaks`, body: "", labels: [], state: "open" }],
    });
    const s = await h.engine.spawn({ project: "app", issue: "1" });
    h.notifier.control.failNext("notify", new Error(`POST ${url} failed: 500`), 10);
    await h.engine.send(s.id, `the hook is ${url}`);
    await h.engine.kill(s.id);
    await h.engine.stop();
    const journal = readFileSync(`${h.home}/projects/app/journal.jsonl`, "utf8");
    expect(journal).not.toContain(url);
    expect(journal).not.toContain(JSON.stringify(url).slice(1, -1));
    expect(journal).toContain("[redacted]");
    expect(readFileSync(`${h.home}/projects/app/snapshot.json`, "utf8")).not.toContain("T000/B000");
  });

  it("notifies with outside text made inert and configured secrets masked", async () => {
    const url = "https://hooks.example.invalid/services/T000/B000/abcdef";
    h = harness({ env: { HOOK_URL: url }, secretEnvNames: ["HOOK_URL"] });
    h.runtime.control.failNext("create", new Error(`cannot reach ${url}\u0000\u0003\u001b[201~ now`));
    await h.engine.spawn({ project: "app", issue: "1" }).catch(() => {});
    const sent = h.notifier.control.sent;
    expect(sent.map((n) => n.kind)).toContain("errored");
    for (const n of sent) {
      expect(`${n.title}\n${n.body}`).not.toContain("T000/B000");
      expect(`${n.title}\n${n.body}`).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
    }
    expect(sent.find((n) => n.kind === "errored")?.body).toContain("cannot reach [redacted] now");
  });

  it("refuses bad options and unknown sessions with catalogue errors", async () => {
    h = harness();
    await expect(h.engine.send("nope-1", "hi")).rejects.toMatchObject({ code: "SESSION_NOT_FOUND" });
    await expect(h.engine.spawn({ project: "other", issue: "1" })).rejects.toMatchObject({
      code: "PROJECT_NOT_FOUND",
    });
    await expect(h.engine.spawn({ project: "app", issue: "404" })).rejects.toMatchObject({
      code: "ISSUE_NOT_FOUND",
      plugin: "@ao/testkit/fake-tracker",
    });
    expect(h.engine.sessions()).toEqual([]);
    const { createEngine } = await import("../src/engine.js");
    expect(() => createEngine({ home: h.home, projects: [], pollIntervalMs: 5 })).toThrow(/at least 100/);
  });

  it("start() routes events an SCM pushes through the same path as polling", async () => {
    h = harness();
    const s = await h.engine.spawn({ project: "app", issue: "1" });
    h.workspace.control.setHead(h.ws(s.id), "c1", { unpushed: false });
    h.agent.control.setActivity(s.id, "idle");
    await h.engine.tick();
    await h.engine.start();
    expect(h.scm.control.subscribers()).toBe(1);
    h.scm.control.emit({ type: "ci_failed", pr: 1, deliveryId: "hook-1" }, "app");
    await vi.waitFor(() => expect(h.engine.session(s.id)?.state).toBe("ci_failed"));
    await h.engine.stop();
    expect(h.scm.control.subscribers()).toBe(0);
  });

  it("claims an existing PR for a session and takes agent reports", async () => {
    h = harness();
    const s = await h.engine.spawn({ project: "app", issue: "1" });
    h.workspace.control.setHead(h.ws(s.id), "h1", { unpushed: false });
    await h.scm.push(h.ref, { path: h.ws(s.id), branch: s.branch });
    const pr = await h.scm.openPR(h.ref, { branch: s.branch, base: "main", title: "by hand", body: "" });
    const claimed = await h.engine.claimPr("app", pr.number);
    expect(claimed.facts.pr?.number).toBe(pr.number);
    expect(claimed.state).toBe("pr_open");
    const reported = await h.engine.report(s.id, "needs_input");
    expect(reported.facts.activity).toMatchObject({ state: "waiting_input", source: "report" });
    await expect(h.engine.claimPr("app", 999)).rejects.toMatchObject({ code: "PR_NOT_FOUND" });
  });

  it("restore re-spawns fully when the workspace is gone; prompt-only sessions work", async () => {
    h = harness();
    const s = await h.engine.spawn({ project: "app", prompt: "Tidy the README\nand more" });
    expect(s.issue).toBeNull();
    expect(s.branch).toBe(`ao/${s.id}-tidy-the-readme`);
    expect(h.agent.control.launches()[0]?.prompt).toBe("Tidy the README\nand more");
    h.workspace.control.remove(h.ws(s.id));
    h.runtime.control.kill(`fake-${s.id}`);
    await h.engine.tick();
    expect(h.engine.session(s.id)?.state).toBe("errored");
    const restored = await h.engine.restore(s.id);
    expect(restored.state).toBe("working");
    expect(h.workspace.control.paths()).toEqual([restored.resources.workspace?.path]);
    expect(h.runtime.control.record(`fake-${s.id}`)?.alive).toBe(true);
    expect(h.agent.control.launches().at(-1)?.prompt).toBe("Tidy the README\nand more");
  });
});
