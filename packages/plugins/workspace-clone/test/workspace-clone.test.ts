import { existsSync } from "node:fs";
import { lstat, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type PluginHost, type ProjectRef, branchNameFor } from "@ao/core";
import { type GitRepo, type TempDir, git, gitRepo, tempDir, testHost, testProject } from "@ao/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import clone from "../src/index.js";

let repo: GitRepo;
let home: TempDir;
let project: ProjectRef;
const host: () => PluginHost = () => testHost(home.path);

async function plugin(options: Parameters<typeof clone>[0] = {}) {
  const instance = clone(options);
  await instance.setup?.(host());
  return instance;
}

async function commit(path: string, file: string) {
  await writeFile(join(path, file), `${file}\n`);
  await git(path, ["add", file]);
  await git(path, ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "--quiet", "-m", file]);
}

beforeEach(async () => {
  repo = await gitRepo({ extraFiles: { ".gitignore": "node_modules\n" } });
  home = await tempDir("ao-clone-home-");
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

describe("@ao/workspace-clone", () => {
  it("adopts an existing clone only when it is on the session's branch and carries its marker", async () => {
    const ws = await plugin();
    const mine = await ws.create(project, { sessionId: "demo-20", branch: "ao/20-x" });
    expect((await ws.create(project, { sessionId: "demo-20", branch: "ao/20-x" })).path).toBe(mine.path);
    // A hand-made clone at a session's path, even on the expected branch, is not ao's.
    const foreign = join(home.path, "clones", "demo", "demo-21");
    await git(home.path, ["clone", "--quiet", repo.remote, foreign]);
    await git(foreign, ["checkout", "--quiet", "-b", "ao/21-x"]);
    await expect(ws.create(project, { sessionId: "demo-21", branch: "ao/21-x" })).rejects.toMatchObject({
      code: "WORKSPACE_CONFLICT",
      message: expect.stringContaining("no ao owner marker"),
    });
    // Ours, but asked for on another branch: refused rather than silently reused.
    await expect(ws.create(project, { sessionId: "demo-20", branch: "ao/other" })).rejects.toMatchObject({
      code: "WORKSPACE_CONFLICT",
    });
    expect(existsSync(join(foreign, ".git"))).toBe(true);
    await ws.destroy(project, mine);
  });

  it("rejects bad options, naming them", () => {
    expect(() => clone({ symlink: ["../up"] })).toThrow(/symlink/);
    expect(() => clone({ dissociate: "yes" } as never)).toThrow(/dissociate/);
  });

  it("clones from the remote borrowing the main checkout's objects, and pushes go to the remote", async () => {
    const ws = await plugin();
    const info = await ws.create(project, { sessionId: "demo-1", branch: "ao/1-x" });
    expect(info.path).toBe(join(home.path, "clones", "demo", "demo-1"));
    expect(await git(info.path, ["remote", "get-url", "origin"])).toBe(repo.remote);
    expect(await readFile(join(info.path, ".git", "objects", "info", "alternates"), "utf8")).toContain(
      repo.path,
    );
    await commit(info.path, "feature.txt");
    expect(await ws.status(project, info)).toMatchObject({ dirty: false, changedFiles: ["feature.txt"] });
    await expect(ws.destroy(project, info)).rejects.toMatchObject({
      code: "UNSAVED_WORK",
      message: /1 commit/,
    });
    await git(info.path, ["push", "--quiet", "origin", "ao/1-x"]);
    expect(await git(repo.remote, ["rev-parse", "refs/heads/ao/1-x"])).toBe(
      await git(info.path, ["rev-parse", "HEAD"]),
    );
    await ws.destroy(project, info);
    expect(existsSync(info.path)).toBe(false);

    // A later session on the same branch continues the pushed work.
    const again = await ws.create(project, { sessionId: "demo-1", branch: "ao/1-x" });
    expect(await readFile(join(again.path, "feature.txt"), "utf8")).toBe("feature.txt\n");
    await ws.destroy(project, again);
  });

  it("dissociates when asked, provisions files, and refuses uncommitted work unless forced", async () => {
    await writeFile(join(repo.path, ".env"), "K=v\n");
    const ws = await plugin({
      dissociate: true,
      copy: [".env"],
      symlink: ["node_modules"],
      postCreate: ["touch .ready"],
    });
    const info = await ws.create(project, {
      sessionId: "demo-2",
      branch: branchNameFor("2", "$(rm -rf ~) `id` 'q'"),
    });
    expect(existsSync(join(info.path, ".git", "objects", "info", "alternates"))).toBe(false);
    expect(await readFile(join(info.path, ".env"), "utf8")).toBe("K=v\n");
    expect(existsSync(join(info.path, ".ready"))).toBe(true);
    await expect(lstat(join(info.path, "node_modules"))).rejects.toThrow();
    await expect(ws.destroy(project, info)).rejects.toMatchObject({
      code: "UNSAVED_WORK",
      message: /\.ready/,
    });
    await ws.destroy(project, info, { force: true });
    expect(await ws.list!(project)).toEqual([]);
  });

  it("clones the main checkout itself when the project has no remote", async () => {
    await git(repo.path, ["remote", "remove", "origin"]);
    const ws = await plugin();
    const info = await ws.create(project, { sessionId: "demo-3", branch: "ao/3-local" });
    expect(await git(info.path, ["remote", "get-url", "origin"])).toBe(repo.path);
    expect((await ws.list!(project)).map((w) => w.branch)).toEqual(["ao/3-local"]);
    await ws.destroy(project, info);
  });
});
