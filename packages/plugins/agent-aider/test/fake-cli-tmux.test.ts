// The plugin driving the fake `aider` in a real tmux session, in real git
// worktrees: the task from the prompt file then the chat, a confirmation
// seen and answered, tokens and cost from the chat history, a rate limit, and
// a resume that restores the history.
import { execFileSync } from "node:child_process";
import { waitFor } from "@ao/plugin-kit";
import { fakeCliHarness, skipWithout, toolAvailable } from "@ao/testkit";
import { describe, expect, it } from "vitest";
import aider from "../src/index.js";

// Skipped only without tmux, saying so; under AO_TEST_FULL=1 skipWithout fails the suite instead.
describe.skipIf(skipWithout("tmux", () => toolAvailable("tmux")))("aider with the fake aider in tmux", () => {
  const { worktree, context, start, until, info } = fakeCliHarness({
    prefix: "ao-aider-tmux-",
    clis: { aider: true },
    plugin: () => aider({ model: "sonnet" }),
  });

  it("does the task, commits, waits in the chat, and answers a follow-up in the same conversation", async () => {
    const cwd = await worktree("work");
    const agent = await start(await context(cwd));
    // The first run answered the task and exited; the chat took over.
    await waitFor(async () => agent.capture().includes("Restored previous conversation history"));
    await until(cwd, agent, "idle");
    expect(execFileSync("git", ["log", "-1", "--format=%s"], { cwd, encoding: "utf8" })).toContain(
      "Fake agent",
    );
    const before = await info(cwd);
    expect(before?.info.usage?.[0]).toMatchObject({
      model: "sonnet",
      input: 2110,
      output: 47,
      cacheRead: 900,
    });
    expect(before?.info.costUsd).toBeGreaterThan(0);
    agent.send("please also update the docs");
    const after = await waitFor(async () => {
      const got = await info(cwd, null, before?.cursor);
      return (got?.info.usage?.[0]?.output ?? 0) > 47 && got;
    });
    expect(after?.info.usage?.[0]?.output).toBe(68);
    expect(agent.alive()).toBe(true);
  });

  it("in `ask` mode a shell-command confirmation is waiting_input, and the answer lets it go on", async () => {
    const cwd = await worktree("ask");
    const scenario = JSON.stringify({ start: [{ permission: "rm -rf build" }, { say: "Removed." }] });
    const agent = await start(await context(cwd, { permissions: "ask" }), { FAKE_AGENT_SCENARIO: scenario });
    const asked = await until(cwd, agent, "waiting_input");
    expect(asked.evidence).toBe("Run shell command? rm -rf build");
    agent.send("y");
    await waitFor(async () => agent.capture().includes("Removed."));
  });

  it("hits a rate limit: rate_limited with aider's retry time", async () => {
    const cwd = await worktree("limit");
    const scenario = JSON.stringify({ start: [{ limit: { resetsInSeconds: 90 } }] });
    const agent = await start(await context(cwd), { FAKE_AGENT_SCENARIO: scenario });
    const sent = Date.now();
    const limited = await until(cwd, agent, "rate_limited");
    expect(Math.abs((limited.resetsAt as number) - (sent + 90_000))).toBeLessThan(30_000);
  });

  it("resumes after the process is gone by restoring the chat history", async () => {
    const cwd = await worktree("resume");
    const first = await start(await context(cwd));
    await waitFor(async () => first.capture().includes("Restored previous conversation history"));
    first.kill();
    const before = await info(cwd);
    const again = await start(
      await context(cwd, { resume: { agentSessionId: null, handoff: "wrote FAKE_AGENT.md" } }),
    );
    await waitFor(async () => again.capture().includes("Continue where you left off"));
    const after = await waitFor(async () => {
      const got = await info(cwd, null, before?.cursor);
      return (got?.info.usage?.[0]?.output ?? 0) > (before?.info.usage?.[0]?.output ?? 0) && got;
    });
    expect(after?.info.costUsd).toBeGreaterThan(before?.info.costUsd ?? 0);
  });
});
