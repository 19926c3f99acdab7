import { execFileSync } from "node:child_process";
import { appendFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { ActivityObservation, AgentLaunchContext, AgentPlugin, SessionInfoResult } from "@ao/core";
import { waitFor } from "@ao/plugin-kit";
import { hostAgentFiles } from "@ao/plugin-kit/agent-files";
import { afterEach, beforeEach } from "vitest";
import { type FakeAgentCliName, installFakeAgentClis } from "./fake-agent-clis.js";
import { type GitRepo, gitRepo } from "./git-repo.js";
import { type TempDir, tempDir } from "./temp-dir.js";
import { startTmuxAgent, type TmuxAgent } from "./tmux-agent.js";

/** Where one test's files live: the temp dir and the agent's HOME inside it. */
export interface FakeCliPaths {
  tmp: string;
  home: string;
}

export interface FakeCliHarnessOptions {
  /** Which fake CLIs to put on PATH. */
  clis: Partial<Record<FakeAgentCliName, boolean>>;
  /** The plugin under test, made once per test once HOME exists. */
  plugin: (paths: FakeCliPaths) => AgentPlugin;
  /** Prefix of the temp dir's name. */
  prefix: string;
  /** Variables added to the fixed environment (PATH, HOME, TERM, git identity). */
  env?: (paths: FakeCliPaths) => Record<string, string>;
}

/** The harness of one suite; every accessor reads the current test's state. */
export interface FakeCliHarness {
  tmp(): string;
  home(): string;
  /** The current test's plugin instance. */
  plugin(): AgentPlugin;
  /** The environment the agent runs with (without the launch's own variables). */
  env(): Record<string, string>;
  /** A fresh worktree of the test repo, as the worktree workspace makes one per session. */
  worktree(name: string): Promise<string>;
  /** A launch context for `cwd`, with the prompt written to a private file outside the workspace. */
  context(cwd: string, over?: Partial<AgentLaunchContext>): Promise<AgentLaunchContext>;
  /** What the engine does: merge the declared files into the workspace (git-excluded), then start the command. */
  start(ctx: AgentLaunchContext, extraEnv?: Record<string, string>): Promise<TmuxAgent>;
  /** One activity reading of `agent`, as the engine's poll makes it. */
  observe(cwd: string, agent: TmuxAgent, agentSessionId?: string | null): Promise<ActivityObservation>;
  /** Wait for `state` (from `source`, if given); on timeout the error carries the pane. */
  until(cwd: string, agent: TmuxAgent, state: string, source?: string): Promise<ActivityObservation>;
  /** The plugin's session info, if it reads any. */
  info(
    cwd: string,
    agentSessionId?: string | null,
    cursor?: unknown,
  ): Promise<SessionInfoResult | null> | undefined;
}

/**
 * The shared harness of the agent plugins' fake-CLI-in-tmux suites: a temp
 * dir, a git repo, the fake CLIs on PATH and a private HOME per test, and the
 * launch/observe helpers. Call inside `describe`: it registers its own
 * beforeEach (setup) and afterEach (kills the agents, removes the files).
 */
export function fakeCliHarness(options: FakeCliHarnessOptions): FakeCliHarness {
  let tmp: TempDir;
  let repo: GitRepo;
  let env: Record<string, string>;
  let plugin: AgentPlugin;
  const agents: TmuxAgent[] = [];
  const paths = (): FakeCliPaths => ({ tmp: tmp.path, home: join(tmp.path, "home") });

  beforeEach(async () => {
    tmp = await tempDir(options.prefix);
    repo = await gitRepo();
    const clis = await installFakeAgentClis(join(tmp.path, "bin"), options.clis);
    await mkdir(paths().home, { recursive: true });
    plugin = options.plugin(paths());
    env = {
      PATH: clis.path,
      HOME: paths().home,
      TERM: "xterm-256color",
      ...options.env?.(paths()),
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

  const observe = (cwd: string, agent: TmuxAgent, agentSessionId: string | null = null) =>
    plugin.detectActivity({
      cwd,
      files: hostAgentFiles(cwd, paths().home),
      agentSessionId,
      output: agent.capture(),
      lastOutputAt: null,
      alive: agent.alive(),
      now: Date.now(),
    });

  return {
    tmp: () => tmp.path,
    home: () => paths().home,
    plugin: () => plugin,
    env: () => env,
    worktree: async (name) => {
      const path = join(tmp.path, name);
      await repo.git(["worktree", "add", "-q", "-b", `ao/${name}`, path]);
      return path;
    },
    context: async (cwd, over = {}) => {
      const promptFile = join(tmp.path, `${over.sessionId ?? "app-1"}-prompt.md`);
      await writeFile(promptFile, "Fix issue 1", { mode: 0o600 });
      return {
        sessionId: "app-1",
        cwd,
        prompt: "Fix issue 1",
        promptFile,
        issue: null,
        permissions: "auto",
        home: paths().home,
        ...over,
      };
    },
    start: async (ctx, extraEnv = {}) => {
      const launch = await plugin.launch(ctx);
      for (const file of launch.files ?? []) {
        const path = join(ctx.cwd, file.path);
        await mkdir(dirname(path), { recursive: true });
        const existing = await readFile(path, "utf8").catch(() => null);
        await writeFile(path, typeof file.content === "string" ? file.content : file.content(existing));
        // Out of git as the engine keeps them: the agent's `git add -A` must not commit ao's files.
        const exclude = execFileSync(
          "git",
          ["rev-parse", "--path-format=absolute", "--git-path", "info/exclude"],
          { cwd: ctx.cwd, encoding: "utf8" },
        ).trim();
        await mkdir(dirname(exclude), { recursive: true });
        await appendFile(exclude, `/${file.path}\n`);
      }
      const agent = startTmuxAgent(launch.command, {
        cwd: ctx.cwd,
        env: { ...env, ...launch.env, ...extraEnv },
      });
      agents.push(agent);
      return agent;
    },
    observe,
    until: (cwd, agent, state, source) =>
      waitFor(
        async () => {
          const a = await observe(cwd, agent);
          return a.state === state && (!source || a.source === source) && a;
        },
        { what: `${state}${source ? ` from ${source}` : ""}`, timeoutMs: 15_000 },
      ).catch((error) => {
        throw new Error(`${(error as Error).message}; the pane shows:\n${agent.capture()}`);
      }),
    info: (cwd, agentSessionId = null, cursor = null) =>
      plugin.sessionInfo?.({ cwd, files: hostAgentFiles(cwd, paths().home), agentSessionId, cursor }),
  };
}
