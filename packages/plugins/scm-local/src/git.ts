import { run } from "@ao/plugin-kit/process";

export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Extra environment for commits ao makes itself (merges), so a machine without a git identity works. */
export const AO_IDENTITY: Record<string, string> = {
  GIT_AUTHOR_NAME: "ao",
  GIT_AUTHOR_EMAIL: "ao@localhost",
  GIT_COMMITTER_NAME: "ao",
  GIT_COMMITTER_EMAIL: "ao@localhost",
};

const HOOK_VARIABLES = [
  "GIT_DIR",
  "GIT_WORK_TREE",
  "GIT_INDEX_FILE",
  "GIT_OBJECT_DIRECTORY",
  "GIT_COMMON_DIR",
];

/**
 * The environment for git: without the variables a git hook exports, which
 * would point every command at the hook's repository instead of ours.
 */
export function cleanGitEnv(extra?: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_TERMINAL_PROMPT: "0", ...extra };
  for (const name of HOOK_VARIABLES) delete env[name];
  return env;
}

/**
 * Run git with argv (never through a shell). Resolves with the exit code
 * instead of throwing, because several git commands (merge-tree) use exit 1
 * as an answer rather than a failure.
 */
export async function gitRaw(
  cwd: string,
  args: string[],
  env?: Record<string, string>,
  input?: string,
): Promise<GitResult> {
  const result = await run("git", args, {
    cwd,
    env: cleanGitEnv(env),
    ...(input === undefined ? {} : { input }),
  });
  return { code: result.exitCode, stdout: result.stdout, stderr: result.stderr };
}

/** Run git and return trimmed stdout; a non-zero exit throws with git's own message. */
export async function git(
  cwd: string,
  args: string[],
  env?: Record<string, string>,
  input?: string,
): Promise<string> {
  const result = await gitRaw(cwd, args, env, input);
  if (result.code !== 0) {
    throw new Error(
      `git ${args[0]} failed (exit ${result.code}): ${result.stderr.trim() || result.stdout.trim()}`,
    );
  }
  return result.stdout.trim();
}
