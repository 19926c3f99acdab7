import { isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { AoError, inertText } from "@ao/core";
import { AO_IDENTITY, git, gitRaw } from "./git.js";

/**
 * The project's `repo` as a local path. scm-local merges inside the remote, so
 * it must be on this machine: a path (relative to the project's checkout) or a
 * file: URL.
 */
export function bareRepoPath(repo: string, projectPath: string): string {
  if (repo.startsWith("file:")) return fileURLToPath(repo);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(repo) || /^[^/]+@[^/]+:/.test(repo)) {
    throw new AoError({
      code: "SCM_REPO_INVALID",
      message: `@ao/scm-local: repo "${repo}" is not a local bare repository.`,
      hint: 'Set the project\'s repo to the path of a bare repository (or a "file://" URL).',
    });
  }
  return isAbsolute(repo) ? repo : resolve(projectPath, repo);
}

/** Every branch head of the bare repository, in one git call. */
export async function branchHeads(repoPath: string): Promise<Map<string, string>> {
  const out = await git(repoPath, ["for-each-ref", "--format=%(objectname) %(refname)", "refs/heads/"]);
  const heads = new Map<string, string>();
  for (const line of out.split("\n")) {
    const space = line.indexOf(" ");
    if (space > 0) heads.set(line.slice(space + 1).replace(/^refs\/heads\//, ""), line.slice(0, space));
  }
  return heads;
}

/** A merge of `head` into `base` computed without a working copy: the tree, or null on conflict. */
export async function mergeTree(repoPath: string, base: string, head: string): Promise<string | null> {
  const result = await gitRaw(repoPath, ["merge-tree", "--write-tree", "--no-messages", base, head]);
  if (result.code === 1) return null;
  if (result.code !== 0) {
    throw new Error(`git merge-tree failed (exit ${result.code}): ${result.stderr.trim()}`);
  }
  return result.stdout.split("\n")[0]?.trim() ?? "";
}

export interface MergeInput {
  base: string;
  baseSha: string;
  headSha: string;
  tree: string;
  method: "merge" | "squash";
  message: string;
}

/** Commit the merged tree and move the default branch, only if nobody moved it meanwhile. */
export async function commitMerge(repoPath: string, input: MergeInput): Promise<string> {
  const parents =
    input.method === "merge" ? ["-p", input.baseSha, "-p", input.headSha] : ["-p", input.baseSha];
  const hasIdentity = (await gitRaw(repoPath, ["var", "GIT_COMMITTER_IDENT"])).code === 0;
  // The message holds PR titles and bodies (outside text): made inert and passed on stdin, since
  // argv cannot carry a NUL and git refuses one in a message, which would block the merge forever.
  const commit = await git(
    repoPath,
    ["commit-tree", input.tree, ...parents, "-F", "-"],
    hasIdentity ? undefined : AO_IDENTITY,
    inertText(input.message),
  );
  await git(repoPath, ["update-ref", `refs/heads/${input.base}`, commit, input.baseSha]);
  return commit;
}
