import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

/** The package that ships the dashboard's built files; the daemon runs without it. */
const DASHBOARD_PACKAGE = "@ao/dashboard";

/**
 * Where the dashboard's files are: `$AO_DASHBOARD_DIR` when set (a development
 * build, tests), else the installed @ao/dashboard's `distDir`. Undefined when
 * neither holds an `index.html`.
 */
export async function findDashboard(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const given = env.AO_DASHBOARD_DIR;
  if (given) return existsSync(join(given, "index.html")) ? resolve(given) : undefined;
  try {
    // A variable specifier: the package is optional, so the build must not insist on it.
    const specifier = DASHBOARD_PACKAGE;
    const mod = (await import(specifier)) as { distDir?: unknown };
    const dir = typeof mod.distDir === "function" ? mod.distDir() : mod.distDir;
    return typeof dir === "string" && existsSync(join(dir, "index.html")) ? dir : undefined;
  } catch {
    return undefined;
  }
}
