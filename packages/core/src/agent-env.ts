/**
 * The environment an agent (or a CI command ao runs) starts with is built
 * from an allow-list, never inherited whole: the daemon's environment holds
 * tokens the agent was not granted.
 */

/** Variables every agent gets from the daemon's environment when set (none of them secret). */
export const BASE_AGENT_ENV: readonly string[] = [
  "PATH",
  "HOME",
  "USER",
  "LOGNAME",
  "SHELL",
  "LANG",
  "LC_ALL",
  "LC_CTYPE",
  "TERM",
  "TMPDIR",
  "TZ",
];

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Whether `name` can be an environment variable name (and so a shell `export`). */
export function isEnvName(name: string): boolean {
  return ENV_NAME.test(name);
}

/** The variables of `source` named in `names` that are set, and nothing else. */
export function pickEnv(
  source: Record<string, string | undefined>,
  names: Iterable<string>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = source[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}
