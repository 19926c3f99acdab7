import { execFile } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { tempDir } from "./temp-dir.js";

const run = promisify(execFile);

export interface GitRepoOptions {
  /** Files of the initial commit, by relative path; replaces the default fixture. */
  files?: Record<string, string>;
  /** Extra files added to the default fixture. */
  extraFiles?: Record<string, string>;
  /** The default branch (default `main`). */
  defaultBranch?: string;
}

/** A real git repository with an initial commit pushed to a bare `origin`. */
export interface GitRepo {
  /** The working checkout. */
  path: string;
  /** The bare repository `origin` points at. */
  remote: string;
  defaultBranch: string;
  /** Run git in the checkout; resolves with trimmed stdout, rejects with stderr in the message. */
  git(args: string[]): Promise<string>;
  /** Remove the checkout, the remote and anything else under the same temp dir. */
  cleanup(): Promise<void>;
}

/** The default fixture: a tiny package whose `npm test` passes. */
export const DEFAULT_REPO_FILES: Readonly<Record<string, string>> = {
  "package.json": `${JSON.stringify(
    { name: "fixture", version: "0.0.0", private: true, type: "module", scripts: { test: "node test.js" } },
    null,
    2,
  )}\n`,
  "src/add.js": "export function add(a, b) {\n  return a + b;\n}\n",
  "test.js":
    'import assert from "node:assert/strict";\nimport { add } from "./src/add.js";\n\nassert.equal(add(2, 3), 5);\nconsole.log("ok");\n',
  "README.md": "# fixture\n",
};

// Tests must not depend on the machine's git identity, hooks or signing setup.
const GIT_ENV = {
  GIT_AUTHOR_NAME: "ao test",
  GIT_AUTHOR_EMAIL: "ao-test@example.invalid",
  GIT_COMMITTER_NAME: "ao test",
  GIT_COMMITTER_EMAIL: "ao-test@example.invalid",
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_TERMINAL_PROMPT: "0",
};

/** Run git in `cwd` with a fixed identity; resolves with trimmed stdout. */
export async function git(cwd: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run("git", args, { cwd, env: { ...process.env, ...GIT_ENV } });
    return stdout.trim();
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`git ${args.join(" ")} failed in ${cwd}: ${(e.stderr ?? e.message).trim()}`, {
      cause: error,
    });
  }
}

/**
 * Make a real git repository with one commit on the default branch, and a bare
 * remote (`origin`) it is pushed to, all inside one temp dir.
 */
export async function gitRepo(options: GitRepoOptions = {}): Promise<GitRepo> {
  const branch = options.defaultBranch ?? "main";
  const dir = await tempDir("ao-git-");
  const path = join(dir.path, "repo");
  const remote = join(dir.path, "remote.git");
  try {
    await mkdir(path);
    await git(dir.path, ["init", "--quiet", "--bare", `--initial-branch=${branch}`, remote]);
    await git(path, ["init", "--quiet", `--initial-branch=${branch}`]);
    for (const [key, value] of [
      ["user.name", GIT_ENV.GIT_AUTHOR_NAME],
      ["user.email", GIT_ENV.GIT_AUTHOR_EMAIL],
      ["commit.gpgsign", "false"],
    ] as const) {
      await git(path, ["config", key, value]);
    }
    const files = options.files ?? { ...DEFAULT_REPO_FILES, ...options.extraFiles };
    for (const [file, content] of Object.entries(files)) {
      await mkdir(dirname(join(path, file)), { recursive: true });
      await writeFile(join(path, file), content);
    }
    await git(path, ["add", "--all"]);
    await git(path, ["commit", "--quiet", "-m", "Initial commit"]);
    await git(path, ["remote", "add", "origin", remote]);
    await git(path, ["push", "--quiet", "-u", "origin", branch]);
  } catch (error) {
    await dir.cleanup();
    throw error;
  }
  return { path, remote, defaultBranch: branch, git: (args) => git(path, args), cleanup: dir.cleanup };
}

/**
 * Push a new branch with one commit on top of the default branch to `origin`,
 * leaving no local branch behind (as when someone else opened a PR from it).
 * Resolves with the branch's head.
 */
export async function pushRemoteBranch(repo: Pick<GitRepo, "path">, branch: string): Promise<string> {
  const sha = await git(repo.path, ["commit-tree", "HEAD^{tree}", "-p", "HEAD", "-m", `work on ${branch}`]);
  await git(repo.path, ["push", "--quiet", "origin", `${sha}:refs/heads/${branch}`]);
  return sha;
}
