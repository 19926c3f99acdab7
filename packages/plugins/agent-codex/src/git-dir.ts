import { isAbsolute, resolve } from "node:path";
import { gitMaybe, isInside } from "@ao/plugin-kit/git-workspace";

/**
 * The repository's shared git directory when it lies outside the workspace
 * (a linked worktree's: objects, refs and its own `worktrees/<name>` all live
 * there), else null: a clone's `.git` is inside the workspace already, and a
 * directory that is not a repository has none. A commit writes there, so the
 * sandbox must allow it.
 */
export async function outsideGitDir(cwd: string): Promise<string | null> {
  const dir = await gitMaybe(cwd, ["rev-parse", "--git-common-dir"]).catch(() => null);
  if (!dir) return null;
  const absolute = isAbsolute(dir) ? dir : resolve(cwd, dir);
  return isInside(cwd, absolute) ? null : absolute;
}
