import {
  lstat,
  mkdir,
  mkdtemp,
  readFile,
  readlink,
  realpath,
  rm,
  stat,
  symlink,
  utimes,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isAoError } from "@ao/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  describeUnsaved,
  GitError,
  git,
  gitEnv,
  gitMaybe,
  provision,
  uncommittedPaths,
  unsavedCommits,
} from "../src/git-workspace.js";

let root: string;
let repo: string;
let checkout: string;
const none = { copy: [], symlink: [], postCreate: [] };

async function commitAll(cwd: string, message: string) {
  await git(cwd, ["add", "-A"]);
  await git(cwd, ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "--quiet", "-m", message]);
}

beforeEach(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), "ao-kit-gitws-")));
  repo = join(root, "repo");
  checkout = join(root, "checkout");
  await mkdir(repo);
  await mkdir(checkout);
  await git(repo, ["init", "--quiet", "-b", "main"]);
  await writeFile(join(repo, "a.txt"), "a\n");
  await commitAll(repo, "first");
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("git", () => {
  it("resolves with stdout minus the trailing newline", async () => {
    expect(await git(repo, ["rev-parse", "--abbrev-ref", "HEAD"])).toBe("main");
  });

  it("rejects with GIT_FAILED carrying git's own message", async () => {
    const error = await git(repo, ["rev-parse", "--verify", "no-such-ref"]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitError);
    expect(isAoError(error) && error.code).toBe("GIT_FAILED");
    expect((error as GitError).message).toMatch(/git rev-parse --verify no-such-ref failed: fatal/);
  });

  it("gitMaybe turns a failure into null", async () => {
    expect(await gitMaybe(repo, ["config", "--get", "remote.origin.url"])).toBeNull();
  });

  it("ignores the variables a git hook exports, which would aim git at another repository", async () => {
    const saved = process.env.GIT_DIR;
    process.env.GIT_DIR = join(root, "elsewhere", ".git");
    try {
      expect(gitEnv().GIT_DIR).toBeUndefined();
      expect(await git(repo, ["rev-parse", "--show-toplevel"])).toBe(repo);
    } finally {
      if (saved === undefined) delete process.env.GIT_DIR;
      else process.env.GIT_DIR = saved;
    }
  });
});

describe("provision", () => {
  it("copies, links (relatively) and runs postCreate in the checkout, skipping missing entries", async () => {
    await writeFile(join(repo, ".env"), "SECRET=1\n");
    await mkdir(join(repo, "node_modules", "x"), { recursive: true });
    await provision("@ao/test", repo, checkout, {
      copy: [".env", "missing.txt"],
      symlink: ["node_modules", "gone"],
      postCreate: ["echo made > made.txt"],
    });
    expect(await readFile(join(checkout, ".env"), "utf8")).toBe("SECRET=1\n");
    expect(await readlink(join(checkout, "node_modules"))).toBe(join("..", "repo", "node_modules"));
    expect(await readFile(join(checkout, "made.txt"), "utf8")).toBe("made\n");
    expect(await lstat(join(checkout, "missing.txt")).catch(() => null)).toBeNull();
  });

  it("refuses an entry whose link leads outside the repository", async () => {
    await writeFile(join(root, "outside.txt"), "private\n");
    await symlink(join(root, "outside.txt"), join(repo, "leak"));
    const error = await provision("@ao/test", repo, checkout, { ...none, copy: ["leak"] }).catch(
      (e: unknown) => e,
    );
    expect(isAoError(error) && error.code).toBe("PATH_ESCAPES_REPO");
    expect((error as Error).message).toMatch(/^@ao\/test: "leak" resolves to .*outside\.txt, outside/);
    expect(await lstat(join(checkout, "leak")).catch(() => null)).toBeNull();
  });

  it("fails on the first postCreate command that fails, with its output", async () => {
    const error = await provision("@ao/test", repo, checkout, {
      ...none,
      postCreate: ["echo first > first.txt", "echo broken >&2; exit 4", "echo never > never.txt"],
    }).catch((e: unknown) => e);
    expect(isAoError(error) && error.code).toBe("POST_CREATE_FAILED");
    expect((error as Error).message).toMatch(/exited with 4 in .*:\nbroken$/);
    expect(await lstat(join(checkout, "never.txt")).catch(() => null)).toBeNull();
  });
});

describe("unsaved work", () => {
  it("lists uncommitted paths, counting a rename once and leaving out provisioned files", async () => {
    await git(repo, ["mv", "a.txt", "renamed.txt"]);
    await writeFile(join(repo, "new file.txt"), "n\n");
    await writeFile(join(repo, ".env"), "x\n");
    await mkdir(join(repo, "node_modules", "pkg"), { recursive: true });
    await writeFile(join(repo, "node_modules", "pkg", "i.js"), "\n");
    const paths = await uncommittedPaths(repo, [".env", "node_modules"]);
    expect(paths.sort()).toEqual(["new file.txt", "renamed.txt"]);
  });

  it("counts commits that are not on the branch they would be saved on", async () => {
    await git(repo, ["checkout", "--quiet", "-b", "work"]);
    await writeFile(join(repo, "b.txt"), "b\n");
    await commitAll(repo, "second");
    await writeFile(join(repo, "c.txt"), "c\n");
    await commitAll(repo, "third");
    expect(await unsavedCommits(repo, ["work"], "main")).toBe(2);
    expect(await unsavedCommits(repo, ["main"], "main")).toBe(0);
    // Without a remote, nothing is on a remote-tracking branch.
    expect(await unsavedCommits(repo, ["work"], null)).toBe(3);
  });

  it("describes unsaved work in one sentence, or null", () => {
    expect(describeUnsaved([], 0, "b")).toBeNull();
    expect(describeUnsaved(["a"], 1, "ao/1-x")).toBe(
      "it holds 1 uncommitted change (a) and 1 commit on ao/1-x not pushed to the remote",
    );
    expect(describeUnsaved(["1", "2", "3", "4", "5", "6"], 2, "b")).toBe(
      "it holds 6 uncommitted changes (1, 2, 3, 4, 5, …) and 2 commits on b not pushed to the remote",
    );
  });
});

describe("git status beside a working agent", () => {
  it("never rewrites the index (no index.lock taken under the agent's feet)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ao-optional-locks-"));
    try {
      await git(dir, ["init", "-q"]);
      await writeFile(join(dir, "f.txt"), "a\n");
      await git(dir, ["add", "f.txt"]);
      await git(dir, ["-c", "user.name=t", "-c", "user.email=t@t.invalid", "commit", "-q", "-m", "a"]);
      // A stale stat in the index is what makes a plain `git status` refresh and rewrite it.
      const later = new Date(Date.now() + 5_000);
      await utimes(join(dir, "f.txt"), later, later);
      const before = (await stat(join(dir, ".git", "index"))).mtimeMs;
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await git(dir, ["status", "--porcelain"])).toBe("");
      expect((await stat(join(dir, ".git", "index"))).mtimeMs).toBe(before);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
