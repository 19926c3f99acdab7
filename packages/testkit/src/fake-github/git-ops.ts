import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

// The fake's own commits must not depend on the machine's git identity or config.
export const FAKE_GIT_ENV = {
  GIT_AUTHOR_NAME: "GitHub",
  GIT_AUTHOR_EMAIL: "noreply@github.com",
  GIT_COMMITTER_NAME: "GitHub",
  GIT_COMMITTER_EMAIL: "noreply@github.com",
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_TERMINAL_PROMPT: "0",
};

async function gitIn(bare: string, args: string[], input?: string): Promise<string> {
  const child = run("git", ["--git-dir", bare, ...args], { env: { ...process.env, ...FAKE_GIT_ENV } });
  if (input !== undefined) {
    child.child.stdin?.end(input);
  }
  const { stdout } = await child;
  return stdout.trim();
}

/** A bare repository whose default branch holds one commit with a README. */
export async function createBareRepo(bare: string, branch: string, title: string): Promise<string> {
  await run("git", ["init", "--quiet", "--bare", `--initial-branch=${branch}`, bare], {
    env: { ...process.env, ...FAKE_GIT_ENV },
  });
  // Pushes over smart HTTP need this on a bare repo served by http-backend.
  await gitIn(bare, ["config", "http.receivepack", "true"]);
  const blob = await gitIn(bare, ["hash-object", "-w", "--stdin"], `# ${title}\n`);
  const tree = await gitIn(bare, ["mktree"], `100644 blob ${blob}\tREADME.md\n`);
  const commit = await gitIn(bare, ["commit-tree", tree, "-m", "Initial commit"]);
  await gitIn(bare, ["update-ref", `refs/heads/${branch}`, commit]);
  return commit;
}

/** Branch → sha of every branch in the bare repository. */
export async function readRefs(bare: string): Promise<Map<string, string>> {
  const out = await gitIn(bare, ["for-each-ref", "--format=%(objectname) %(refname)", "refs/heads/"]);
  const refs = new Map<string, string>();
  for (const line of out.split("\n")) {
    const [sha, ref] = line.split(" ");
    if (sha && ref) refs.set(ref.slice("refs/heads/".length), sha);
  }
  return refs;
}

/** Synchronous read of one branch (for the test-facing setup calls); null when absent. */
export function readRefSync(bare: string, branch: string): string | null {
  try {
    return execFileSync(
      "git",
      ["--git-dir", bare, "rev-parse", "--verify", "--quiet", `refs/heads/${branch}^{commit}`],
      {
        encoding: "utf8",
        env: { ...process.env, ...FAKE_GIT_ENV },
      },
    ).trim();
  } catch {
    return null;
  }
}

/** Whether head merges cleanly into base, by a real three-way merge (no work tree). */
export async function mergeTree(
  bare: string,
  base: string,
  head: string,
): Promise<{ clean: boolean; tree: string }> {
  try {
    const tree = await gitIn(bare, ["merge-tree", "--write-tree", "--no-messages", base, head]);
    return { clean: true, tree: tree.split("\n")[0] ?? "" };
  } catch (error) {
    const e = error as { code?: number; stdout?: string };
    if (e.code === 1) return { clean: false, tree: "" };
    throw error;
  }
}

/** Merge head into base the way the merge button does; returns the new base sha. */
export async function mergeBranch(
  bare: string,
  base: string,
  head: string,
  opts: { method: "merge" | "squash" | "rebase"; message: string },
): Promise<string> {
  const baseSha = await gitIn(bare, ["rev-parse", `refs/heads/${base}`]);
  const { clean, tree } = await mergeTree(bare, baseSha, head);
  if (!clean) throw new Error(`fake GitHub: ${head} does not merge cleanly into ${base}`);
  const parents = opts.method === "merge" ? ["-p", baseSha, "-p", head] : ["-p", baseSha];
  const commit = await gitIn(bare, ["commit-tree", tree, ...parents, "-m", opts.message]);
  await gitIn(bare, ["update-ref", `refs/heads/${base}`, commit, baseSha]);
  return commit;
}

export interface CommitInfo {
  sha: string;
  tree: string;
  parents: string[];
  author: { name: string; email: string; date: string };
  committer: { name: string; email: string; date: string };
  message: string;
}

/** A commit's metadata, read from the bare repository. */
export async function readCommit(bare: string, sha: string): Promise<CommitInfo> {
  const out = await gitIn(bare, ["show", "-s", "--format=%T%n%P%n%an%n%ae%n%aI%n%cn%n%ce%n%cI%n%B", sha]);
  const [tree = "", parents = "", an = "", ae = "", ad = "", cn = "", ce = "", cd = "", ...message] =
    out.split("\n");
  return {
    sha,
    tree,
    parents: parents.split(" ").filter(Boolean),
    author: { name: an, email: ae, date: ad },
    committer: { name: cn, email: ce, date: cd },
    message: message.join("\n").trim(),
  };
}

/** Whether `path` differs between two commits (false when either is unknown). */
export async function pathChanged(bare: string, from: string, to: string, path: string): Promise<boolean> {
  try {
    await gitIn(bare, ["diff", "--quiet", from, to, "--", path]);
    return false;
  } catch (error) {
    return (error as { code?: number }).code === 1;
  }
}
