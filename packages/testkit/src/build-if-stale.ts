import { execFileSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** The newest modification time of any file below `dir` (0 when it is empty or missing). */
function newestIn(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestIn(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Rebuild a package's `dist` (tsup) when a source file is newer than it. Tests
 * that run the built code in child processes use this as a vitest global
 * setup, so `pnpm --filter <package> test` is right on its own, without turbo.
 */
export function buildIfStale(packageRoot: string): void {
  let built = 0;
  try {
    built = statSync(join(packageRoot, "dist", "index.js")).mtimeMs;
  } catch {
    // never built
  }
  if (newestIn(join(packageRoot, "src")) > built) {
    execFileSync("pnpm", ["exec", "tsup"], { cwd: packageRoot, stdio: "ignore" });
  }
}
