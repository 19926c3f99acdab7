import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** One word for a POSIX shell: single quotes, with embedded quotes closed and escaped. */
const shellWord = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

/**
 * The shell command that runs this very CLI: the node binary and ao's own bin
 * script, each quoted. Agents get it as `AO_BIN` because `ao` need not be on
 * their PATH (under `npx @ao/cli start` it is not), and a hook that calls
 * `ao report` must reach the same ao that started it. Null when this code
 * does not run from its build (a test importing the sources): hooks then fall
 * back to `ao` on PATH.
 */
export function selfCommand(execPath = process.execPath, moduleUrl = import.meta.url): string | null {
  // Every built module of the CLI sits next to bin.js in dist/ (one flat chunk directory).
  const bin = fileURLToPath(new URL("./bin.js", moduleUrl));
  if (!existsSync(bin)) return null;
  return `${shellWord(execPath)} ${shellWord(bin)}`;
}
