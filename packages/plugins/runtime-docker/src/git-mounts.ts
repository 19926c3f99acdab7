import { readFile, stat } from "node:fs/promises";
import { dirname, isAbsolute, resolve } from "node:path";

/**
 * The git directories a checkout at `cwd` needs besides itself. A worktree's
 * `.git` is a file naming `<main>/.git/worktrees/<id>`, whose `commondir`
 * names the main repository's `.git`: both live outside the worktree, so they
 * are mounted too, at the same paths (docs/runtimes.md says what that exposes).
 * A clone's `.git` is a directory inside it and needs nothing more.
 */
export async function gitDirsOutside(cwd: string): Promise<string[]> {
  const dotGit = resolve(cwd, ".git");
  const info = await stat(dotGit).catch(() => null);
  if (!info?.isFile()) return [];
  const text = await readFile(dotGit, "utf8");
  const match = /^gitdir:\s*(.+?)\s*$/m.exec(text);
  if (!match?.[1]) return [];
  const gitdir = isAbsolute(match[1]) ? match[1] : resolve(cwd, match[1]);
  const common = await readFile(resolve(gitdir, "commondir"), "utf8").catch(() => null);
  const commonDir = common ? resolve(gitdir, common.trim()) : dirname(dirname(gitdir));
  // The common dir holds worktrees/<id>, so one mount serves both.
  return gitdir.startsWith(`${commonDir}/`) ? [commonDir] : [commonDir, gitdir];
}
