import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { lstat, mkdir, readFile, readlink, realpath, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type PluginHost, type ProjectRef, branchNameFor, homeIdFor } from "@ao/core";
import { type GitRepo, type TempDir, git, gitRepo, tempDir, testHost, testProject } from "@ao/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import worktree from "../src/index.js";

let repo: GitRepo;
let home: TempDir;
let project: ProjectRef;
const host = (dir: string): PluginHost => testHost(dir);

async function plugin(options: Parameters<typeof worktree>[0] = {}) {
  const instance = worktree(options);
  await instance.setup?.(host(home.path));
  return instance;
}

beforeEach(async () => {
  repo = await gitRepo({ extraFiles: { ".gitignore": "node_modules\n", "config/.env.example": "A=1\n" } });
  home = await tempDir("ao-wt-home-");
  project = testProject({
    id: "demo",
    path: repo.path,
    repo: repo.remote,
    defaultBranch: repo.defaultBranch,
  });
});

afterEach(async () => {
  await repo.cleanup();
  await home.cleanup();
});

describe("@ao/workspace-worktree", () => {
  it("rejects bad options, naming them", () => {
    expect(() => worktree({ copy: ["../secrets"] })).toThrow(/copy/);
    expect(() => worktree({ symlink: ["/etc"] })).toThrow(/symlink/);
    expect(() => worktree({ postCreate: "npm i" } as never)).toThrow(/postCreate/);
    expect(() => worktree({ dirr: "x" } as never)).toThrow(/dirr/);
  });

  it("creates a worktree on a new branch from the fresh remote default branch, and re-create returns it", async () => {
    const ws = await plugin();
    // Someone pushed to the remote after the main checkout was last fetched.
    const other = join(home.path, "other");
    execFileSync("git", ["clone", "--quiet", repo.remote, other]);
    await writeFile(join(other, "new.txt"), "fresh\n");
    await git(other, ["add", "new.txt"]);
    await git(other, ["-c", "user.name=x", "-c", "user.email=x@x", "commit", "--quiet", "-m", "fresh"]);
    await git(other, ["push", "--quiet", "origin", "main"]);

    const info = await ws.create(project, { sessionId: "demo-1", branch: "ao/1-fix" });
    expect(info.path).toBe(join(home.path, "worktrees", "demo", "demo-1"));
    expect(info.branch).toBe("ao/1-fix");
    expect(await readFile(join(info.path, "new.txt"), "utf8")).toBe("fresh\n");
    expect(await git(info.path, ["symbolic-ref", "--short", "HEAD"])).toBe("ao/1-fix");
    expect(await ws.exists(project, info)).toBe(true);
    const again = await ws.create(project, { sessionId: "demo-1", branch: "ao/1-fix" });
    expect(again.path).toBe(info.path);
    const owner = { home: homeIdFor(home.path), project: "demo", session: "demo-1" };
    expect(info.data?.owner).toEqual(owner);
    expect(await ws.list!(project)).toEqual([{ path: info.path, branch: "ao/1-fix", data: { owner } }]);
    expect(await ws.status(project, info)).toEqual({
      head: await git(info.path, ["rev-parse", "HEAD"]),
      dirty: false,
      changedFiles: [],
    });
    await ws.destroy(project, info);
    expect(existsSync(info.path)).toBe(false);
    expect(await git(repo.path, ["branch", "--list", "ao/1-fix"])).toBe("");
    expect(await ws.list!(project)).toEqual([]);
  });

  it("refuses to destroy uncommitted or unpushed work unless forced, and allows it once pushed", async () => {
    const ws = await plugin();
    const info = await ws.create(project, { sessionId: "demo-2", branch: "ao/2-work" });
    await writeFile(join(info.path, "work.txt"), "precious\n");
    await expect(ws.destroy(project, info)).rejects.toMatchObject({
      code: "UNSAVED_WORK",
      message: /uncommitted.*work\.txt/,
    });
    expect((await ws.status(project, info)).dirty).toBe(true);

    await git(info.path, ["add", "work.txt"]);
    await git(info.path, ["commit", "--quiet", "-m", "work"]);
    expect(await ws.status(project, info)).toMatchObject({ dirty: false, changedFiles: ["work.txt"] });
    await expect(ws.destroy(project, info)).rejects.toMatchObject({
      code: "UNSAVED_WORK",
      message: /1 commit on ao\/2-work not pushed/,
    });
    expect(existsSync(join(info.path, "work.txt"))).toBe(true);

    await git(info.path, ["push", "--quiet", "origin", "ao/2-work"]);
    await ws.destroy(project, info);
    expect(existsSync(info.path)).toBe(false);

    const forced = await ws.create(project, { sessionId: "demo-3", branch: "ao/3-doomed" });
    await writeFile(join(forced.path, "scratch.txt"), "x\n");
    await git(forced.path, ["add", "scratch.txt"]);
    await git(forced.path, ["commit", "--quiet", "-m", "scratch"]);
    await writeFile(join(forced.path, "more.txt"), "y\n");
    await ws.destroy(project, forced, { force: true });
    expect(existsSync(forced.path)).toBe(false);
    expect(await git(repo.path, ["branch", "--list", "ao/3-doomed"])).toBe("");
  });

  it("keeps unpushed commits of a branch whose worktree directory vanished", async () => {
    const ws = await plugin();
    const info = await ws.create(project, { sessionId: "demo-4", branch: "ao/4-lost" });
    await writeFile(join(info.path, "a.txt"), "a\n");
    await git(info.path, ["add", "a.txt"]);
    await git(info.path, ["commit", "--quiet", "-m", "a"]);
    execFileSync("rm", ["-rf", info.path]);
    await expect(ws.destroy(project, info)).rejects.toMatchObject({ code: "UNSAVED_WORK" });
    // Re-creating reuses the surviving branch instead of failing or starting over.
    const back = await ws.create(project, { sessionId: "demo-4", branch: "ao/4-lost" });
    expect(await readFile(join(back.path, "a.txt"), "utf8")).toBe("a\n");
    await ws.destroy(project, back, { force: true });
  });

  it("copies, links and runs postCreate; provisioned files do not count as unsaved work", async () => {
    await writeFile(join(repo.path, ".env"), "SECRET=1\n");
    await mkdir(join(repo.path, "node_modules", "dep"), { recursive: true });
    await writeFile(join(repo.path, "node_modules", "dep", "index.js"), "export {}\n");
    const ws = await plugin({
      copy: [".env", "missing.txt"],
      symlink: ["node_modules"],
      postCreate: ["echo ran > post.txt", 'test -f .env && echo "$PWD" > where.txt'],
    });
    const info = await ws.create(project, { sessionId: "demo-5", branch: "ao/5-setup" });
    expect(await readFile(join(info.path, ".env"), "utf8")).toBe("SECRET=1\n");
    expect((await lstat(join(info.path, "node_modules"))).isSymbolicLink()).toBe(true);
    expect(await readlink(join(info.path, "node_modules"))).not.toMatch(/^\//);
    expect(await realpath(join(info.path, "node_modules"))).toBe(
      await realpath(join(repo.path, "node_modules")),
    );
    expect(await readFile(join(info.path, "post.txt"), "utf8")).toBe("ran\n");
    expect(existsSync(join(info.path, "missing.txt"))).toBe(false);
    await expect(ws.destroy(project, info)).rejects.toMatchObject({
      code: "UNSAVED_WORK",
      message: /post\.txt/,
    });
    await git(info.path, ["clean", "-fq", "post.txt", "where.txt"]);
    await ws.destroy(project, info);
  });

  it("rejects a link that escapes the repository, and a failing postCreate, leaving nothing behind", async () => {
    const outside = join(home.path, "outside");
    await mkdir(outside);
    await symlink(outside, join(repo.path, "escape"));
    const escaping = await plugin({ copy: ["escape"] });
    await expect(escaping.create(project, { sessionId: "demo-6", branch: "ao/6-esc" })).rejects.toMatchObject(
      {
        code: "PATH_ESCAPES_REPO",
      },
    );
    expect(await git(repo.path, ["branch", "--list", "ao/6-esc"])).toBe("");

    const failing = await plugin({ postCreate: ["echo broken-step >&2; exit 7"] });
    await expect(failing.create(project, { sessionId: "demo-7", branch: "ao/7-fail" })).rejects.toMatchObject(
      {
        code: "POST_CREATE_FAILED",
        message: /exited with 7[\s\S]*broken-step/,
      },
    );
    expect(existsSync(join(home.path, "worktrees", "demo", "demo-7"))).toBe(false);
    expect(await git(repo.path, ["branch", "--list", "ao/7-fail"])).toBe("");
  });

  it("makes valid branches from hostile titles", async () => {
    const ws = await plugin();
    const titles = [
      "$(rm -rf /) `id`; echo",
      "a..b~^:?*[\\ @{ .lock",
      "שלום \u202eevil",
      "x".repeat(10_000),
      "../../etc/passwd",
    ];
    for (const [i, title] of titles.entries()) {
      const branch = branchNameFor(String(i), title);
      execFileSync("git", ["check-ref-format", "--branch", branch]);
      const info = await ws.create(project, { sessionId: `demo-h${i}`, branch });
      expect(await git(info.path, ["symbolic-ref", "--short", "HEAD"])).toBe(branch);
      await ws.destroy(project, info);
    }
  });

  it("works without a remote, treating the local default branch as saved", async () => {
    await git(repo.path, ["remote", "remove", "origin"]);
    const ws = await plugin({ dir: "../trees" });
    const info = await ws.create(project, { sessionId: "demo-8", branch: "ao/8-local" });
    expect(info.path).toBe(join(repo.path, "..", "trees", "demo-8"));
    await writeFile(join(info.path, "b.txt"), "b\n");
    await git(info.path, ["add", "b.txt"]);
    await git(info.path, ["commit", "--quiet", "-m", "b"]);
    await expect(ws.destroy(project, info)).rejects.toMatchObject({ code: "UNSAVED_WORK" });
    await git(repo.path, ["merge", "--quiet", "--ff-only", "ao/8-local"]);
    await ws.destroy(project, info);
    expect(existsSync(info.path)).toBe(false);
  });

  it("branches from the last fetched state when the remote cannot be reached, and says so", async () => {
    const warnings: string[] = [];
    const ws = worktree();
    await ws.setup?.(testHost(home.path, { warn: (m) => warnings.push(m) }));
    await git(repo.path, ["remote", "set-url", "origin", join(home.path, "gone.git")]);
    const info = await ws.create(project, { sessionId: "demo-9", branch: "ao/9-offline" });
    expect(await git(info.path, ["rev-parse", "HEAD"])).toBe(
      await git(repo.path, ["rev-parse", "origin/main"]),
    );
    expect(warnings).toEqual([expect.stringMatching(/fetching main failed/)]);
    await ws.destroy(project, info);
  });

  it("finishes a create that was interrupted after registering the worktree", async () => {
    const ws = await plugin();
    const path = join(home.path, "worktrees", "demo", "demo-10");
    await git(repo.path, ["worktree", "add", "--quiet", "--no-checkout", "-b", "ao/10-half", path, "main"]);
    const info = await ws.create(project, { sessionId: "demo-10", branch: "ao/10-half" });
    expect(await ws.status(project, info)).toMatchObject({ dirty: false, changedFiles: [] });
    expect(existsSync(join(path, "package.json"))).toBe(true);
    await ws.destroy(project, info);
  });

  it("adopts an existing checkout only when it is on the session's branch and carries its marker", async () => {
    const ws = await plugin();
    const dir = join(home.path, "worktrees", "demo");
    // Someone's own worktree at the very path, on another branch: left alone.
    await git(repo.path, ["worktree", "add", "--quiet", "-b", "mine", join(dir, "demo-11"), "main"]);
    await expect(ws.create(project, { sessionId: "demo-11", branch: "ao/11-x" })).rejects.toMatchObject({
      code: "WORKSPACE_CONFLICT",
      message: expect.stringContaining("branch mine"),
    });
    // On the expected branch, populated, but not made by ao: no marker, no adoption.
    await git(repo.path, ["worktree", "add", "--quiet", "-b", "ao/12-x", join(dir, "demo-12"), "main"]);
    await expect(ws.create(project, { sessionId: "demo-12", branch: "ao/12-x" })).rejects.toMatchObject({
      code: "WORKSPACE_CONFLICT",
      message: expect.stringContaining("no ao owner marker"),
    });
    // Made by ao under another AO_HOME that shares the directory: not ours either.
    const other = worktree({ dir });
    await other.setup?.(host(join(home.path, "another-home")));
    const theirs = await other.create(project, { sessionId: "demo-13", branch: "ao/13-x" });
    await expect(ws.create(project, { sessionId: "demo-13", branch: "ao/13-x" })).rejects.toMatchObject({
      code: "WORKSPACE_CONFLICT",
    });
    expect(await git(theirs.path, ["symbolic-ref", "--short", "HEAD"])).toBe("ao/13-x");
    expect(await git(join(dir, "demo-11"), ["symbolic-ref", "--short", "HEAD"])).toBe("mine");
    // The marker lives in the worktree's git directory: it never makes the checkout dirty.
    expect(await git(theirs.path, ["status", "--porcelain"])).toBe("");
  });

  it("creates 10 worktrees in parallel", async () => {
    const ws = await plugin();
    const started = performance.now();
    const infos = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        ws.create(project, { sessionId: `demo-p${i}`, branch: `ao/p${i}` }),
      ),
    );
    const ms = performance.now() - started;
    console.log(`10 parallel worktrees: ${ms.toFixed(0)} ms`);
    expect(ms).toBeLessThan(3000);
    expect((await ws.list!(project)).length).toBe(10);
    await Promise.all(infos.map((info) => ws.destroy(project, info)));
    expect(await ws.list!(project)).toEqual([]);
  });
});
