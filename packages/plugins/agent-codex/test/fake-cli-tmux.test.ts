// The plugin driving the fake `codex` in a real tmux session, in real git
// worktrees: trust pre-accepted (no prompt) or not (detected), resume by id,
// and a usage limit read back with its reset time.
import { execFileSync } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { waitFor } from "@ao/plugin-kit";
import { fakeCliHarness, skipWithout, toolAvailable } from "@ao/testkit";
import { describe, expect, it } from "vitest";
import codex from "../src/index.js";

// Skipped only without tmux, saying so; under AO_TEST_FULL=1 skipWithout fails the suite instead.
describe.skipIf(skipWithout("tmux", () => toolAvailable("tmux")))("codex with the fake codex in tmux", () => {
  const { tmp, home, plugin, worktree, context, start, until, info } = fakeCliHarness({
    prefix: "ao-codex-tmux-",
    clis: { codex: true },
    plugin: ({ tmp }) => codex({ codexHome: join(tmp, "codex") }),
    env: ({ tmp }) => ({ CODEX_HOME: join(tmp, "codex") }),
  });
  const codexHome = () => join(tmp(), "codex");

  it("in an untrusted worktree the trust prompt is detected as waiting_input with its text", async () => {
    const cwd = await worktree("untrusted");
    const seen = await until(cwd, await start(await context(cwd)), "waiting_input");
    expect(seen.evidence).toContain("Do you trust the contents of this directory?");
  });

  it("with trust pre-accepted it never asks, works, and untrust restores config.toml", async () => {
    await mkdir(codexHome(), { recursive: true });
    await writeFile(join(codexHome(), "config.toml"), '# mine\nmodel = "o3"\n');
    const cwd = await worktree("trusted");
    await plugin().trust?.({ sessionId: "app-1", cwd, home: home() });
    const agent = await start(await context(cwd));
    const idle = await until(cwd, agent, "idle", "transcript");
    expect(agent.capture()).not.toContain("Do you trust");
    expect(idle.agentSessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(execFileSync("git", ["log", "-1", "--format=%s"], { cwd, encoding: "utf8" })).toContain(
      "Fake agent",
    );
    await plugin().untrust?.({ sessionId: "app-1", cwd, home: home() });
    expect(await readFile(join(codexHome(), "config.toml"), "utf8")).toBe('# mine\nmodel = "o3"\n');
  });

  it("resumes the same rollout by id after the process is gone", async () => {
    const cwd = await worktree("resume");
    await plugin().trust?.({ sessionId: "app-1", cwd, home: home() });
    const first = await start(await context(cwd));
    const idle = await until(cwd, first, "idle", "transcript");
    first.kill();
    const id = idle.agentSessionId as string;
    const before = await info(cwd, id, null);
    const again = await start(await context(cwd, { resume: { agentSessionId: id, handoff: "done before" } }));
    await waitFor(async () => again.capture().includes("Continue where you left off"));
    const after = await waitFor(async () => {
      const got = await info(cwd, id, before?.cursor ?? null);
      return got && (got.info.usage?.[0]?.output ?? 0) > (before?.info.usage?.[0]?.output ?? 0) && got;
    });
    expect(after?.info.agentSessionId).toBe(id);
    expect(again.capture()).not.toContain("No saved session");
  });

  it("in `ask` mode an approval prompt is waiting_input with the command, and the answer lets it go on", async () => {
    const cwd = await worktree("ask");
    await plugin().trust?.({ sessionId: "app-1", cwd, home: home() });
    const scenario = JSON.stringify({ start: [{ permission: "rm -rf build" }, { say: "Removed." }] });
    const agent = await start(await context(cwd, { permissions: "ask" }), { FAKE_AGENT_SCENARIO: scenario });
    const asked = await until(cwd, agent, "waiting_input");
    expect(asked.evidence).toContain("Would you like to run the following command?");
    expect(asked.evidence).toContain("$ rm -rf build");
    agent.send("y");
    await until(cwd, agent, "idle");
    expect(agent.capture()).toContain("Removed.");
  });

  it("hits a usage limit: rate_limited with the reset time", async () => {
    const cwd = await worktree("limit");
    await plugin().trust?.({ sessionId: "app-1", cwd, home: home() });
    const scenario = JSON.stringify({
      start: [{ say: "Ready." }],
      replies: [{ steps: [{ limit: { resetsInSeconds: 5400 } }] }],
    });
    const agent = await start(await context(cwd), { FAKE_AGENT_SCENARIO: scenario });
    await until(cwd, agent, "idle");
    const sent = Date.now();
    agent.send("carry on");
    const limited = await until(cwd, agent, "rate_limited");
    expect(Math.abs((limited.resetsAt as number) - (sent + 5_400_000))).toBeLessThan(120_000);
  });
});
