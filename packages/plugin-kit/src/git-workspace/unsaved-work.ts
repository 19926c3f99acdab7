import { git } from "./git.js";

/** Uncommitted paths in `checkout`, leaving out the files ao itself copied or linked there. */
export async function uncommittedPaths(checkout: string, provisioned: readonly string[]): Promise<string[]> {
  const out = await git(checkout, ["status", "--porcelain", "-z"]);
  const entries = out.split("\0");
  const paths: string[] = [];
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] ?? "";
    if (entry.length < 4) continue;
    // A rename or copy is followed by its source path, which is not a change of its own.
    if (entry[0] === "R" || entry[0] === "C") i++;
    const path = entry.slice(3).replace(/\/$/, "");
    if (!provisioned.some((p) => path === p || path.startsWith(`${p}/`))) paths.push(path);
  }
  return paths;
}

/**
 * Commits reachable from `revs` that exist nowhere else: not on any
 * remote-tracking branch, or (without a remote) not on the default branch.
 */
export async function unsavedCommits(cwd: string, revs: string[], savedOn: string | null): Promise<number> {
  const not = savedOn === null ? ["--remotes"] : [savedOn];
  return Number(await git(cwd, ["rev-list", "--count", ...revs, "--not", ...not]));
}

/** A human sentence about unsaved work, or null when everything is saved. */
export function describeUnsaved(paths: string[], commits: number, branch: string): string | null {
  const parts: string[] = [];
  if (paths.length > 0) {
    const shown = paths.slice(0, 5).join(", ") + (paths.length > 5 ? ", …" : "");
    parts.push(`${paths.length} uncommitted change${paths.length === 1 ? "" : "s"} (${shown})`);
  }
  if (commits > 0)
    parts.push(`${commits} commit${commits === 1 ? "" : "s"} on ${branch} not pushed to the remote`);
  return parts.length === 0 ? null : `it holds ${parts.join(" and ")}`;
}
