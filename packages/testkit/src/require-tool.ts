import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";

/**
 * Whether `command` can be run at all (here: `command <args>` exits 0). Used
 * to find out if a suite's external tool, such as tmux, is installed.
 */
export function toolAvailable(command: string, args: readonly string[] = ["-V"]): boolean {
  try {
    execFileSync(command, args, { stdio: "ignore", timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether a suite that needs `tool` must be skipped: `describe.skipIf(skipWithout("tmux", hasTmux))`.
 * When the tool is there, false. When it is missing, the reason is printed and
 * the answer is true, except under `AO_TEST_FULL=1` (set by `.ci/run`), where a
 * missing tool is an error: a full run must not pass by skipping what it was
 * meant to test, so this throws and the suite fails.
 */
export function skipWithout(
  tool: string,
  available: boolean | (() => boolean),
  env: Record<string, string | undefined> = process.env,
): boolean {
  const present = typeof available === "function" ? available() : available;
  if (present) return false;
  if (env.AO_TEST_FULL === "1") {
    throw new Error(
      `${tool} is required by this suite and is not available (AO_TEST_FULL=1 forbids skipping). ` +
        `Install ${tool}, or unset AO_TEST_FULL to skip the suite.`,
    );
  }
  process.stderr.write(`skipping a suite: ${tool} is not available (install it to run the suite)\n`);
  return true;
}

/**
 * Whether better-sqlite3 (an optional native dependency: it builds from source
 * where no prebuilt binary can be fetched) loads and opens a database here.
 * The fake `goose` writes its session store with it.
 */
export function sqliteAvailable(): boolean {
  try {
    const Database = createRequire(import.meta.url)("better-sqlite3") as new (
      path: string,
    ) => { close(): void };
    new Database(":memory:").close();
    return true;
  } catch {
    return false;
  }
}
