import { AoError } from "@ao/core";
import { run } from "./run.js";

// Stable, parseable messages and no credential prompts that would hang a daemon.
const GIT_ENV = { ...process.env, LC_ALL: "C", GIT_TERMINAL_PROMPT: "0" };

/** A failed git command, with git's own message. */
export class GitError extends AoError {
  constructor(
    readonly args: readonly string[],
    readonly stderr: string,
  ) {
    super({
      code: "GIT_FAILED",
      message: `git ${args.join(" ")} failed: ${stderr.trim() || "no message"}`,
      hint: "Run the same git command in the directory to see the whole story.",
    });
  }
}

/** Run git in `cwd`; resolves with stdout (trailing newline removed), rejects with {@link GitError}. */
export async function git(cwd: string, args: readonly string[]): Promise<string> {
  const result = await run("git", args, { cwd, env: GIT_ENV });
  if (result.exitCode !== 0) throw new GitError(args, result.stderr);
  return result.stdout.replace(/\n$/, "");
}

/** Like {@link git}, but a failure resolves to null. */
export async function gitMaybe(cwd: string, args: readonly string[]): Promise<string | null> {
  const result = await run("git", args, { cwd, env: GIT_ENV });
  return result.exitCode === 0 ? result.stdout.replace(/\n$/, "") : null;
}
