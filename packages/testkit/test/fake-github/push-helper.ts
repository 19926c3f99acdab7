import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { git, tempDir } from "../../src/index.js";

/** Clone `repo` over the fake's git HTTP, commit `files` on `branch`, push; returns the new head sha. */
export async function pushBranch(
  url: string,
  token: string,
  repo: string,
  branch: string,
  files: Record<string, string>,
  opts: { from?: string } = {},
): Promise<string> {
  const dir = await tempDir("ao-fake-gh-push-");
  try {
    const remote = `${url.replace("http://", `http://x-access-token:${token}@`)}/${repo}.git`;
    await git(dir.path, ["clone", "--quiet", remote, "w"]);
    const w = join(dir.path, "w");
    const remoteBranches = await git(w, ["branch", "-r"]);
    if (remoteBranches.includes(`origin/${branch}`)) await git(w, ["checkout", "--quiet", branch]);
    else await git(w, ["checkout", "--quiet", "-b", branch, opts.from ? `origin/${opts.from}` : "HEAD"]);
    for (const [path, text] of Object.entries(files)) await writeFile(join(w, path), text);
    await git(w, ["add", "-A"]);
    await git(w, ["commit", "--quiet", "-m", `change on ${branch}`]);
    await git(w, ["push", "--quiet", "origin", branch]);
    return await git(w, ["rev-parse", "HEAD"]);
  } finally {
    await dir.cleanup();
  }
}
