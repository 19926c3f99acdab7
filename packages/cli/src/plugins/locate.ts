import { existsSync, readFileSync, realpathSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The ESM conditions ao honours when reading a package's `exports`, in no particular order. */
const CONDITIONS = new Set(["import", "node", "default", "module"]);

type Exports = string | null | Exports[] | { [key: string]: Exports };

function pickTarget(value: Exports | undefined): string | undefined {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) {
    for (const item of value) {
      const hit = pickTarget(item);
      if (hit) return hit;
    }
    return undefined;
  }
  if (value && typeof value === "object") {
    // Condition order is the object's key order, as Node resolves it.
    for (const [key, target] of Object.entries(value)) {
      if (CONDITIONS.has(key)) {
        const hit = pickTarget(target);
        if (hit) return hit;
      }
    }
  }
  return undefined;
}

/** The entry file of an installed package directory, honouring `exports["."]`, `module`, `main`. */
export function packageEntry(packageDir: string): string | undefined {
  let manifest: { exports?: Exports; module?: string; main?: string };
  try {
    manifest = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8"));
  } catch {
    return undefined;
  }
  let target: string | undefined;
  const exp = manifest.exports;
  if (exp !== undefined) {
    const root =
      exp && typeof exp === "object" && !Array.isArray(exp) && Object.keys(exp).some((k) => k.startsWith("."))
        ? exp["."]
        : exp;
    target = pickTarget(root);
  }
  target ??= manifest.module ?? manifest.main ?? "index.js";
  const file = join(packageDir, target);
  return existsSync(file) ? realpathSync(file) : undefined;
}

/**
 * Find package `name` the way Node would from `fromDir`: the nearest
 * `node_modules/<name>` walking up. Returns its entry file (real path, so
 * pnpm's symlinks give one module identity), or undefined.
 */
export function locatePackage(name: string, fromDir: string): string | undefined {
  let dir = fromDir;
  for (;;) {
    const candidate = join(dir, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) return packageEntry(candidate);
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The root of the running @ao/cli package (where its package.json is). */
export function cliRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      try {
        if (JSON.parse(readFileSync(manifest, "utf8")).name === "@ao/cli") return dir;
      } catch {
        // keep walking
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error("cannot find the @ao/cli package root");
    dir = parent;
  }
}

/** The version of the running CLI. */
export function cliVersion(): string {
  return JSON.parse(readFileSync(join(cliRoot(), "package.json"), "utf8")).version as string;
}

/** Names of the `@ao/*` packages the CLI itself depends on (read from its manifest, not hard-coded). */
export function cliOwnScope(): string[] {
  const manifest = JSON.parse(readFileSync(join(cliRoot(), "package.json"), "utf8")) as {
    dependencies?: Record<string, string>;
  };
  return Object.keys(manifest.dependencies ?? {}).filter((n) => n.startsWith("@ao/"));
}
