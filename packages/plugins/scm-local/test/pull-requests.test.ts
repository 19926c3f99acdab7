import { chmod, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ScmEvent } from "@ao/core";
import { git } from "@ao/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import scmLocal, { localScmState } from "../src/index.js";
import { branchWith, type Fixture, fixture } from "./helpers.js";

let f: Fixture;
beforeEach(async () => {
  f = await fixture();
});
afterEach(async () => {
  await f.cleanup();
});

describe("push, open, find", () => {
  it("pushes the workspace branch and reports the remote head", async () => {
    const scm = scmLocal();
    expect(await scm.remoteHead(f.project, "feature")).toBeNull();
    const sha = await branchWith(f, scm, "feature", { "a.txt": "a\n" });
    expect(sha).toMatch(/^[0-9a-f]{40}$/);
    expect(await scm.remoteHead(f.project, "feature")).toBe(sha);
    expect(await git(f.repo.remote, ["rev-parse", "refs/heads/feature"])).toBe(sha);
  });

  it("force-pushes a rewritten branch with lease", async () => {
    const scm = scmLocal();
    await branchWith(f, scm, "feature", { "a.txt": "a\n" });
    await f.repo.git(["checkout", "--quiet", "feature"]);
    await f.repo.git(["commit", "--quiet", "--amend", "-m", "rewritten"]);
    const { headSha } = await scm.push(f.project, { path: f.repo.path, branch: "feature" });
    expect(await scm.remoteHead(f.project, "feature")).toBe(headSha);
  });

  it("opens a PR, adopts it instead of duplicating, finds and gets it", async () => {
    const scm = scmLocal();
    const sha = await branchWith(f, scm, "feature", { "a.txt": "a\n" });
    const events: ScmEvent[] = [];
    const unsubscribe = scm.subscribe!(f.project, (e) => events.push(e));
    const pr = await scm.openPR(f.project, {
      branch: "feature",
      base: "main",
      title: "Add a",
      body: "Closes #1",
    });
    expect(pr).toMatchObject({ number: 1, branch: "feature", headSha: sha, state: "open" });
    expect(pr.url).toMatch(/^file:\/\//);
    const again = await scm.openPR(f.project, { branch: "feature", base: "main", title: "dup", body: "" });
    expect(again.number).toBe(1);
    expect(await scm.findPR(f.project, "feature")).toEqual(pr);
    expect(await scm.findPR(f.project, "nope")).toBeNull();
    expect(await scm.getPR(f.project, 1)).toEqual(pr);
    await expect(scm.getPR(f.project, 7)).rejects.toMatchObject({ code: "PR_NOT_FOUND" });
    expect(events.map((e) => e.type)).toEqual(["pr_opened"]);
    unsubscribe();
  });

  it("refuses to open a PR for a branch that was never pushed", async () => {
    const scm = scmLocal();
    await expect(
      scm.openPR(f.project, { branch: "ghost", base: "main", title: "t", body: "" }),
    ).rejects.toMatchObject({
      code: "PR_BRANCH_MISSING",
    });
  });

  it("accepts the remote as a file URL", async () => {
    const scm = scmLocal();
    await branchWith(f, scm, "feature", { "a.txt": "a\n" });
    const project = { ...f.project, repo: `file://${f.repo.remote}` };
    expect(await scm.remoteHead(project, "feature")).toMatch(/^[0-9a-f]{40}$/);
    expect(
      (await scm.openPR(project, { branch: "feature", base: "main", title: "t", body: "" })).number,
    ).toBe(1);
  });
});

describe("observe", () => {
  it("reads every PR's branch in one git call, with no fetch", async () => {
    const scm = scmLocal();
    for (const name of ["one", "two", "three"]) {
      await branchWith(f, scm, name, { [`${name}.txt`]: `${name}\n` });
      await scm.openPR(f.project, { branch: name, base: "main", title: name, body: "" });
    }
    // A git wrapper first on PATH records every invocation, then runs the real git.
    const realGit = (await import("node:child_process"))
      .execFileSync("sh", ["-c", "command -v git"])
      .toString()
      .trim();
    const bin = join(f.data.path, "bin");
    const calls = join(f.data.path, "git-calls.log");
    await (await import("node:fs/promises")).mkdir(bin);
    await writeFile(join(bin, "git"), `#!/bin/sh\necho "$1" >> '${calls}'\nexec '${realGit}' "$@"\n`);
    await chmod(join(bin, "git"), 0o755);
    const savedPath = process.env.PATH;
    process.env.PATH = `${bin}:${savedPath}`;
    let statuses: Awaited<ReturnType<typeof scm.observe>>;
    try {
      statuses = await scm.observe(f.project, [1, 2, 3]);
    } finally {
      process.env.PATH = savedPath;
    }
    const commands = (await readFile(calls, "utf8")).trim().split("\n");
    expect(commands.filter((c) => c === "for-each-ref")).toHaveLength(1);
    expect(commands).not.toContain("fetch");
    expect(commands).not.toContain("ls-remote");
    expect([...statuses.keys()]).toEqual([1, 2, 3]);
    for (const status of statuses.values()) {
      expect(status).toMatchObject({
        state: "open",
        ci: "none",
        review: "pending",
        conflict: false,
        mergeable: false,
      });
    }
  });

  it("closes a PR whose branch was deleted, and one closed through the state API", async () => {
    const scm = scmLocal();
    const events: ScmEvent[] = [];
    const unsubscribe = scm.subscribe!(f.project, (e) => events.push(e));
    await branchWith(f, scm, "gone", { "g.txt": "g\n" });
    await branchWith(f, scm, "shut", { "s.txt": "s\n" });
    await scm.openPR(f.project, { branch: "gone", base: "main", title: "g", body: "" });
    await scm.openPR(f.project, { branch: "shut", base: "main", title: "s", body: "" });
    await git(f.repo.remote, ["update-ref", "-d", "refs/heads/gone"]);
    await localScmState(f.project.dataDir).close(2);
    const statuses = await scm.observe(f.project, [1, 2]);
    expect(statuses.get(1)).toMatchObject({ state: "closed", mergeable: null });
    expect(statuses.get(2)).toMatchObject({ state: "closed", mergeable: null });
    expect(events.filter((e) => e.type === "pr_closed").map((e) => e.pr)).toEqual([2, 1]);
    expect(await scm.findPR(f.project, "shut")).toBeNull();
    unsubscribe();
  });

  it("tracks a new head pushed to the PR branch", async () => {
    const scm = scmLocal();
    await branchWith(f, scm, "feature", { "a.txt": "a\n" });
    await scm.openPR(f.project, { branch: "feature", base: "main", title: "t", body: "" });
    const second = await branchWith(f, scm, "feature", { "a.txt": "b\n" });
    expect((await scm.observe(f.project, [1])).get(1)?.headSha).toBe(second);
    expect((await scm.getPR(f.project, 1)).headSha).toBe(second);
  });
});

describe("push without an origin", () => {
  it("pushes straight to the bare repository", async () => {
    const scm = scmLocal();
    await f.repo.git(["remote", "remove", "origin"]);
    await f.repo.git(["checkout", "--quiet", "-b", "lonely"]);
    await f.repo.git(["commit", "--quiet", "--allow-empty", "-m", "x"]);
    const { headSha } = await scm.push(f.project, { path: f.repo.path, branch: "lonely" });
    expect(await scm.remoteHead(f.project, "lonely")).toBe(headSha);
    await f.repo.git(["commit", "--quiet", "--amend", "--allow-empty", "-m", "y"]);
    const again = await scm.push(f.project, { path: f.repo.path, branch: "lonely" });
    expect(await scm.remoteHead(f.project, "lonely")).toBe(again.headSha);
    const state = localScmState(f.project);
    expect(await state.list()).toEqual([]);
  });
});
