// The plugin driving the fake `aider` in a real tmux session, in real git
// worktrees: the task from the prompt file then the chat, a confirmation
// seen and answered, tokens and cost from the chat history, a rate limit, and
// a resume that restores the history.
import { execFileSync } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { AgentLaunchContext, AgentPlugin } from "@ao/core";
import { waitFor } from "@ao/plugin-kit";
import { hostAgentFiles } from "@ao/plugin-kit/agent-files";
import {
  type GitRepo,
  gitRepo,
  installFakeAgentClis,
  skipWithout,
  startTmuxAgent,
  type TempDir,
  type TmuxAgent,
  tempDir,
  toolAvailable,
} from "@ao/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import aider from "../src/index.js";

// Skipped only without tmux, saying so; under AO_TEST_FULL=1 skipWithout fails the suite instead.
describe.skipIf(skipWithout("tmux", () => toolAvailable("tmux")))("aider with the fake aider in tmux", () => {
  let tmp: TempDir;
  let repo: GitRepo;
  let env: Record<string, string>;
  const agents: TmuxAgent[] = [];
  const home = () => join(tmp.path, "home");
  const plugin: AgentPlugin = aider({ model: "sonnet" });

  beforeEach(async () => {
    tmp = await tempDir("ao-aider-tmux-");
    repo = await gitRepo();
    const clis = await installFakeAgentClis(join(tmp.path, "bin"), { aider: true });
    await mkdir(home(), { recursive: true });
    env = {
      PATH: clis.path,
      HOME: home(),
      TERM: "xterm-256color",
      GIT_AUTHOR_NAME: "agent",
      GIT_AUTHOR_EMAIL: "agent@example.com",
      GIT_COMMITTER_NAME: "agent",
      GIT_COMMITTER_EMAIL: "agent@example.com",
    };
  });
  afterEach(async () => {
    for (const agent of agents.splice(0)) agent.kill();
    await repo.cleanup();
    await tmp.cleanup();
  });

  const worktree = async (name: string) => {
    const path = join(tmp.path, name);
    await repo.git(["worktree", "add", "-q", "-b", `ao/${name}`, path]);
    return path;
  };
  const context = async (
    cwd: string,
    over: Partial<AgentLaunchContext> = {},
  ): Promise<AgentLaunchContext> => {
    const promptFile = join(tmp.path, `${over.sessionId ?? "app-1"}-prompt.md`);
    await writeFile(promptFile, "Fix issue 1", { mode: 0o600 });
    return {
      sessionId: "app-1",
      cwd,
      prompt: "Fix issue 1",
      promptFile,
      issue: null,
      permissions: "auto",
      home: home(),
      ...over,
    };
  };
  const start = async (ctx: AgentLaunchContext, extraEnv: Record<string, string> = {}) => {
    const launch = await plugin.launch(ctx);
    // What the engine does with launch files: merge them into the workspace.
    for (const file of launch.files ?? []) {
      const path = join(ctx.cwd, file.path);
      const existing = await readFile(path, "utf8").catch(() => null);
      await writeFile(path, typeof file.content === "string" ? file.content : file.content(existing));
    }
    const agent = startTmuxAgent(launch.command, {
      cwd: ctx.cwd,
      env: { ...env, ...launch.env, ...extraEnv },
    });
    agents.push(agent);
    return agent;
  };
  const observe = (cwd: string, agent: TmuxAgent) =>
    plugin.detectActivity({
      cwd,
      files: hostAgentFiles(cwd, home()),
      agentSessionId: null,
      output: agent.capture(),
      lastOutputAt: null,
      alive: agent.alive(),
      now: Date.now(),
    });
  const until = async (cwd: string, agent: TmuxAgent, state: string) =>
    waitFor(
      async () => {
        const a = await observe(cwd, agent);
        return a.state === state && a;
      },
      { what: state, timeoutMs: 15_000 },
    ).catch((error) => {
      throw new Error(`${(error as Error).message}; the pane shows:\n${agent.capture()}`);
    });
  const info = (cwd: string, cursor: unknown = null) =>
    plugin.sessionInfo?.({ cwd, files: hostAgentFiles(cwd, home()), agentSessionId: null, cursor });

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
      const got = await info(cwd, before?.cursor);
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
      const got = await info(cwd, before?.cursor);
      return (got?.info.usage?.[0]?.output ?? 0) > (before?.info.usage?.[0]?.output ?? 0) && got;
    });
    expect(after?.info.costUsd).toBeGreaterThan(before?.info.costUsd ?? 0);
  });
});
