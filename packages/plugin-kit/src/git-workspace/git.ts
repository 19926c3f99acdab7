import { AoError } from "@ao/core";
import { run } from "../process.js";

/** Variables a git hook exports; inherited, they would point every command at the hook's repository. */
const HOOK_VARIABLES = [
  "GIT_DIR",
  "GIT_WORK_TREE",
  "GIT_INDEX_FILE",
  "GIT_OBJECT_DIRECTORY",
  "GIT_COMMON_DIR",
];

/**
 * The environment git runs with: stable, parseable messages (`LC_ALL=C`), no
 * credential prompt that would hang a daemon, and none of a hook's variables.
 * Read at call time, so a changed environment is honoured.
 */
export function gitEnv(extra?: Record<string, string>): NodeJS.ProcessEnv {
  // GIT_OPTIONAL_LOCKS=0: ao polls `git status` in worktrees the agent is committing in;
  // without it, status refreshes the index under index.lock and the agent's own
  // `git add` / `git commit` fails at random.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LC_ALL: "C",
    GIT_TERMINAL_PROMPT: "0",
    GIT_OPTIONAL_LOCKS: "0",
    ...extra,
  };
  for (const name of HOOK_VARIABLES) delete env[name];
  return env;
}

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
  const result = await run("git", args, { cwd, env: gitEnv() });
  if (result.exitCode !== 0) throw new GitError(args, result.stderr);
  return result.stdout.replace(/\n$/, "");
}

/** Like {@link git}, but a failure resolves to null. */
export async function gitMaybe(cwd: string, args: readonly string[]): Promise<string | null> {
  const result = await run("git", args, { cwd, env: gitEnv() });
  return result.exitCode === 0 ? result.stdout.replace(/\n$/, "") : null;
}
