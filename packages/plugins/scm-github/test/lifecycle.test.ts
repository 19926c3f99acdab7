// The full lifecycle on GitHub (the fake, through the unmodified Octokit and git over HTTP):
// engine + scm-github + tracker-local + workspace-worktree + runtime-tmux + the `command` agent,
// through a CI failure, requested changes, a conflict, approval and merge: once by polling only,
// once driven by the fake's own webhook deliveries (with one resync poll for the conflict, which
// GitHub announces by no event); and once with @ao/tracker-github on the fake instead of the local
// tracker, so intake, the PR's `Closes #N` and the issue's closing all happen on GitHub.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import command from "@ao/agent-command";
import type { ScmPlugin } from "@ao/core";
import { createEngine, type EngineApi } from "@ao/engine";
import reactions from "@ao/lifecycle-reactions";
import tmux from "@ao/runtime-tmux";
import { fakeNotifier, git, skipWithout, tempDir, toolAvailable } from "@ao/testkit";
import trackerGitHub from "@ao/tracker-github";
import local from "@ao/tracker-local";
import worktree from "@ao/workspace-worktree";
import { afterEach, describe, expect, it } from "vitest";
import { type GitHubFixture, githubFixture, headOf } from "./helpers.js";

const here = dirname(fileURLToPath(import.meta.url));
const AGENT = join(here, "fixtures", "lifecycle-agent.mjs");
const SECRET = "lifecycle-hook-secret";
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Run {
  f: GitHubFixture;
  engine: EngineApi;
  agentLog: string;
  bareDir: string;
  home: string;
  /** Let the engine see the SCM by polling for the next ticks (webhook run: a resync). */
  resync(on: boolean): void;
}

/** Which tracker the run uses: issues in the checkout, or issues on the fake GitHub. */
type TrackerKind = "local" | "github";

async function compose(mode: "polling" | "webhooks", trackerKind: TrackerKind = "local"): Promise<Run> {
  if (mode === "webhooks") process.env.AO_TEST_LIFECYCLE_HOOK = SECRET;
  const f = await githubFixture(mode === "webhooks" ? { webhookSecretEnv: "AO_TEST_LIFECYCLE_HOOK" } : {});
  cleanups.push(() => f.cleanup());
  const dir = await tempDir("ao-github-lifecycle-");
  cleanups.push(() => dir.cleanup());
  const bareDir = f.bareDir;
  // The user's checkout of the repository, with one issue for the local tracker.
  const path = join(dir.path, "app");
  await git(dir.path, ["clone", "--quiet", bareDir, path]);
  await mkdir(join(path, ".ao", "issues"), { recursive: true });
  await writeFile(
    join(path, ".ao", "issues", "1.md"),
    "---\ntitle: Do the work\nlabels: [agent]\n---\n\nChange work.txt.\n",
  );
  const agentLog = join(dir.path, "agent.log");
  const socket = `ao-gh-${process.pid}-${mode}`;
  cleanups.push(() => {
    try {
      execFileSync("tmux", ["-L", socket, "kill-server"], { stdio: "ignore" });
    } catch {
      // no server left
    }
  });
  let polling = mode === "polling";
  // With webhooks on, the engine does not poll the SCM between resyncs.
  const scm: ScmPlugin = Object.create(f.plugin, {
    observe: {
      value: (p: Parameters<ScmPlugin["observe"]>[0], n: number[]) =>
        polling ? f.plugin.observe(p, n) : Promise.resolve(new Map()),
    },
  });
  const identity = {
    GIT_AUTHOR_NAME: "Agent",
    GIT_AUTHOR_EMAIL: "agent@example.com",
    GIT_COMMITTER_NAME: "Agent",
    GIT_COMMITTER_EMAIL: "agent@example.com",
  };
  const engine = createEngine({
    home: join(dir.path, "home"),
    projects: [
      {
        ref: { ...f.project, path, dataDir: join(dir.path, "home", "projects", "app", "plugins") },
        plugins: {
          runtime: tmux({ socket }),
          agent: command({
            run: [process.execPath, AGENT],
            idleAfter: "1s",
            env: { AGENT_LOG: agentLog, ...identity },
          }),
          workspace: worktree({ dir: join(dir.path, "worktrees") }),
          tracker:
            trackerKind === "github" ? trackerGitHub({ baseUrl: f.fake.url, tokenEnv: f.tokenEnv }) : local(),
          scm,
          notifiers: [fakeNotifier()],
          lifecycle: reactions(),
        },
        intake:
          trackerKind === "github"
            ? { auto: true, labels: ["agent"], maxConcurrent: 5 }
            : { auto: false, labels: [], maxConcurrent: 5 },
      },
    ],
    pollIntervalMs: 3_600_000,
    callTimeoutMs: 60_000,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? dir.path },
  });
  cleanups.push(async () => {
    await engine.stop();
  });
  if (mode === "webhooks") {
    const { engineReceiver } = await import("./engine-harness.js");
    const receiver = await engineReceiver(f, engine);
    cleanups.push(() => receiver.close());
    f.fake.setHook(f.repoName, { url: receiver.url, secret: SECRET, events: ["*"] });
  }
  return {
    f,
    engine,
    agentLog,
    bareDir,
    home: join(dir.path, "home"),
    resync: (on) => {
      polling = mode === "polling" || on;
    },
  };
}

/** Tick until `done()` (the agent and git run for real: each tick observes them). */
async function until(
  run: Run,
  what: string,
  done: () => boolean | Promise<boolean>,
  timeoutMs = 90_000,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    await run.f.fake.hooksIdle();
    await run.engine.tick();
    await run.f.fake.hooksIdle();
    if (await done()) return;
    if (Date.now() > end) {
      const s = run.engine.sessions()[0];
      throw new Error(
        `timed out waiting for ${what}; session ${s?.state} ${JSON.stringify(s?.facts.pr)}; agent log:\n${existsSync(run.agentLog) ? readFileSync(run.agentLog, "utf8") : "(none)"}`,
      );
    }
    await new Promise((r) => setTimeout(r, 150));
  }
}

const agentSaid = (run: Run, line: string) =>
  existsSync(run.agentLog) && readFileSync(run.agentLog, "utf8").includes(line);

async function lifecycle(mode: "polling" | "webhooks", trackerKind: TrackerKind = "local") {
  const run = await compose(mode, trackerKind);
  const { f, engine } = run;
  const session =
    trackerKind === "local" ? await engine.spawn({ project: "app", issue: "1" }) : await intake(run);
  const pr = () => engine.session(session.id)?.facts.pr;
  const pulled = () => f.fake.repoState(f.repoName).pulls.find((p) => p.number === pr()?.number);
  await until(run, "the PR", () => !!pr() && !!pulled());
  // PRs are issues on GitHub: the body the engine wrote links the issue.
  expect(f.fake.repoState(f.repoName).issues.find((i) => i.number === pr()?.number)?.body).toContain(
    "Closes #1",
  );
  const prNumber = pr()?.number as number;
  const head = () => headOf(f.fake, f.repoName, prNumber);

  // 1. CI fails: the agent gets the log and pushes a fix.
  const first = head();
  f.fake.setCheckRun(f.repoName, first, {
    name: "test",
    status: "completed",
    conclusion: "failure",
    app: "github-actions",
    log: "AssertionError: expected 3 to be 4\n",
  });
  await until(
    run,
    "the CI fix pushed",
    () => agentSaid(run, "message ci-failed") && head() !== first && pr()?.headSha === head(),
  );

  // 2. A reviewer with write access requests changes on the green head: the agent addresses them.
  const second = head();
  f.fake.setCheckRun(f.repoName, second, { name: "test", status: "completed", conclusion: "success" });
  f.fake.setPermission(f.repoName, "lead", "write");
  f.fake.addReview(f.repoName, prNumber, {
    author: "lead",
    state: "CHANGES_REQUESTED",
    body: "Please rename the helper.",
    commitId: second,
  });
  await until(
    run,
    "the review addressed",
    () => agentSaid(run, "message changes-requested") && head() !== second && pr()?.headSha === head(),
  );

  // 3. main moves under the PR: a conflict the agent resolves by merging main in.
  const third = head();
  f.fake.setCheckRun(f.repoName, third, { name: "test", status: "completed", conclusion: "success" });
  const other = join(dirname(run.agentLog), "other");
  await git(dirname(run.agentLog), ["clone", "--quiet", run.bareDir, other]);
  await writeFile(join(other, "work.txt"), "someone else's version\n");
  await git(other, ["add", "work.txt"]);
  await git(other, [
    "-c",
    "user.name=Other",
    "-c",
    "user.email=o@example.com",
    "commit",
    "--quiet",
    "-m",
    "Other work",
  ]);
  await git(other, ["push", "--quiet", "origin", "main"]);
  run.resync(true); // GitHub sends no event when a PR starts to conflict: the resync finds it.
  await until(
    run,
    "the conflict resolved",
    () => agentSaid(run, "message merge-conflict") && head() !== third && pr()?.headSha === head(),
  );
  run.resync(false);

  // 4. Green and approved on the current head: mergeable, and `ao merge` lands it at that head.
  const last = head();
  f.fake.setCheckRun(f.repoName, last, { name: "test", status: "completed", conclusion: "success" });
  f.fake.addReview(f.repoName, prNumber, { author: "lead", state: "APPROVED", commitId: last });
  await until(
    run,
    "mergeable",
    () => engine.session(session.id)?.state === "mergeable" && pr()?.headSha === last,
  );
  await engine.merge(session.id);
  await until(run, "the merge", () => pulled()?.merged === true && pr()?.state === "merged");
  const main = await git(run.bareDir, ["show", "main:work.txt"]);
  expect(main).toBe("the agent's version");
  expect(await git(run.bareDir, ["show", "main:fix.txt"])).toBe("fixed");
  return { run, prNumber, session };
}

/** The issue opened on GitHub with the intake label: the engine's first pass takes it. */
async function intake(run: Run) {
  const number = run.f.fake.createIssue(run.f.repoName, {
    title: "Do the work",
    body: "Change work.txt.",
    labels: ["agent"],
  });
  expect(number).toBe(1);
  // The loop's first pass runs intake (the poll interval is an hour: later passes are the test's ticks).
  await run.engine.start();
  const end = Date.now() + 30_000;
  while (run.engine.sessions().length === 0) {
    if (Date.now() > end) throw new Error("intake never spawned the labelled issue");
    await new Promise((r) => setTimeout(r, 100));
  }
  const [session] = run.engine.sessions();
  expect(session?.issue).toBe("1");
  return session as NonNullable<typeof session>;
}

// Skipped only without tmux, saying so; under AO_TEST_FULL=1 skipWithout fails the suite instead.
describe.skipIf(skipWithout("tmux", () => toolAvailable("tmux")))("the GitHub lifecycle", () => {
  it("polling only: CI failure, change request, conflict, approval, merge", async () => {
    const { run } = await lifecycle("polling");
    // Polling used one GraphQL document per tick for the PR, never a per-PR REST sweep.
    expect(
      run.f.fake.requests.filter((r) => r.path === "/graphql" && r.graphqlOperation === "AoObserve").length,
    ).toBeGreaterThan(0);
  }, 300_000);

  it("with the GitHub tracker: labelled issue → spawn → PR closing it → merge → issue closed", async () => {
    const { run } = await lifecycle("polling", "github");
    const issue = () => run.f.fake.repoState(run.f.repoName).issues.find((i) => i.number === 1);
    await until(run, "the issue closed", () => issue()?.state === "closed");
    // Exactly one session for the issue however many passes saw it labelled.
    expect(run.engine.sessions().map((s) => s.issue)).toEqual(["1"]);
  }, 300_000);

  it("driven by webhooks: the same, from the fake's signed deliveries", async () => {
    const { run } = await lifecycle("webhooks");
    expect(run.f.fake.deliveries.length).toBeGreaterThan(3);
    expect(run.f.fake.deliveries.every((d) => d.status === 200)).toBe(true);
  }, 300_000);
});
