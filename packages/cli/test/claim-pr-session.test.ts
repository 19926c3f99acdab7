// `ao claim-pr <pr>` with no session on the PR's branch, on the real local stack (worktrees,
// local SCM, process runtime): a new session on the PR's branch, checked out at the PR's head.
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import scmLocal from "@ao/scm-local";
import { afterEach, describe, expect, it } from "vitest";
import { createWorld, type DemoWorld } from "../src/demo/world.js";
import { ao } from "./helpers.js";

let world: DemoWorld | undefined;
afterEach(async () => {
  if (world) {
    // The waiting agent process must not outlive the test.
    const status = await ao(["status", "--json", "--config", world.config], {
      cwd: world.root,
      env: process.env,
    });
    for (const s of (JSON.parse(status.stdout || "{}").sessions ?? []) as Array<{ id: string }>)
      await ao(["kill", s.id, "--config", world.config], { cwd: world.root, env: process.env });
    rmSync(world.root, { recursive: true, force: true });
  }
  world = undefined;
});

const git = (cwd: string, args: string[]) => execFileSync("git", args, { cwd, encoding: "utf8" }).trim();

/** The demo world, with an agent that only waits (so the branch stays where the PR left it). */
function quietWorld(): DemoWorld {
  const w = createWorld({ runtime: "process" });
  const text = readFileSync(w.config, "utf8");
  const config = JSON.parse(text.slice(text.indexOf("export default ") + 15).replace(/;\s*$/, ""));
  config.defaults.agent = ["command", { run: [process.execPath, "-e", "setTimeout(() => {}, 120000)"] }];
  config.projects.demo.intake.auto = false;
  writeFileSync(w.config, `export default ${JSON.stringify(config)};\n`);
  return w;
}

describe("ao claim-pr without a session", () => {
  it("starts a session on the PR's branch at its head, with the PR attached", async () => {
    const w = quietWorld();
    world = w;
    // Someone opened a PR by hand: a branch with a commit, pushed, and the PR on the local SCM.
    git(w.repo, ["checkout", "-q", "-b", "fix/typo"]);
    writeFileSync(join(w.repo, "NOTES.md"), "started by hand\n");
    git(w.repo, ["add", "NOTES.md"]);
    git(w.repo, ["commit", "-q", "-m", "Start the fix"]);
    git(w.repo, ["push", "-q", "origin", "fix/typo"]);
    const head = git(w.repo, ["rev-parse", "HEAD"]);
    git(w.repo, ["checkout", "-q", "main"]);
    git(w.repo, ["branch", "-q", "-D", "fix/typo"]);
    const project = {
      id: "demo",
      repo: w.remote,
      path: w.repo,
      defaultBranch: "main",
      dataDir: join(w.home, "projects", "demo", "plugins"),
    };
    const scm = scmLocal({});
    const pr = await scm.openPR(project, {
      branch: "fix/typo",
      base: "main",
      title: "Fix the typo",
      body: "",
    });
    await scm.dispose?.();
    expect(pr.number).toBe(1);

    const claimed = await ao(["claim-pr", "1", "--config", w.config, "--json"], {
      cwd: w.root,
      env: process.env,
    });
    expect(claimed.code, claimed.stderr).toBe(0);
    const { session } = JSON.parse(claimed.stdout);
    expect(session).toMatchObject({ branch: "fix/typo", state: "pr_open", pr: { number: 1 } });

    // The new worktree of the main checkout that is on the PR's branch.
    const listed = git(w.repo, ["worktree", "list", "--porcelain"]).split("\n\n");
    const block = listed.find((b) => b.includes("branch refs/heads/fix/typo")) ?? "";
    const worktree = /^worktree (.+)$/m.exec(block)?.[1] ?? "";
    expect(worktree).not.toBe(w.repo);
    expect(git(worktree, ["symbolic-ref", "--short", "HEAD"])).toBe("fix/typo");
    expect(git(worktree, ["rev-parse", "HEAD"])).toBe(head);
    expect(readFileSync(join(worktree, "NOTES.md"), "utf8")).toBe("started by hand\n");
    const prompt = readFileSync(
      join(w.home, "projects", "demo", "sessions", session.id, "prompt.md"),
      "utf8",
    );
    expect(prompt).toContain("Continue the work on pull request #1");
    expect(prompt).toContain("title: Fix the typo");

    const events = (
      await ao(["events", "--json", "--config", w.config], { cwd: w.root, env: process.env })
    ).stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { kind: string; route?: string });
    expect(events.some((r) => r.kind === "action" && r.route === "claim-pr")).toBe(true);
  });

  it("refuses a PR number the SCM does not know, and starts nothing", async () => {
    const w = quietWorld();
    world = w;
    const claimed = await ao(["claim-pr", "7", "--config", w.config], { cwd: w.root, env: process.env });
    expect(claimed.code).not.toBe(0);
    const status = await ao(["status", "--json", "--config", w.config], { cwd: w.root, env: process.env });
    expect(JSON.parse(status.stdout).sessions).toEqual([]);
  });
});
