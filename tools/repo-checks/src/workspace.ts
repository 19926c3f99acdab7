import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

/** What a package is, for the dependency-direction rules of SPEC §1. */
export type Role = "core" | "engine" | "cli" | "plugin-kit" | "testkit" | "file-lock" | "plugin" | "other";

export interface WorkspacePackage {
  name: string;
  role: Role;
  /** Relative to the repository root, with `/` separators. */
  dir: string;
  /** Runtime and peer dependencies (devDependencies are for tests and may use anything). */
  dependencies: string[];
}

const ROLES: Record<string, Role> = {
  "@ao/core": "core",
  "@ao/engine": "engine",
  "@ao/cli": "cli",
  "@ao/plugin-kit": "plugin-kit",
  "@ao/testkit": "testkit",
  "@ao/file-lock": "file-lock",
};

/** The folders whose children are workspace packages. */
export const PACKAGE_PARENTS = ["packages", "packages/plugins"];

/** Every workspace package under `packages/*` and `packages/plugins/*`. */
export function listPackages(root: string): WorkspacePackage[] {
  const out: WorkspacePackage[] = [];
  for (const parent of PACKAGE_PARENTS) {
    const abs = join(root, parent);
    if (!existsSync(abs)) continue;
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      const manifest = join(abs, entry.name, "package.json");
      if (!entry.isDirectory() || !existsSync(manifest)) continue;
      const pkg = JSON.parse(readFileSync(manifest, "utf8")) as {
        name?: string;
        dependencies?: Record<string, string>;
        peerDependencies?: Record<string, string>;
      };
      const dir = relative(root, join(abs, entry.name)).split("\\").join("/");
      const name = pkg.name ?? dir;
      out.push({
        name,
        role: parent === "packages/plugins" ? "plugin" : (ROLES[name] ?? "other"),
        dir,
        dependencies: [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})],
      });
    }
  }
  return out.sort((a, b) => a.dir.localeCompare(b.dir));
}

/** Source files of a package: `src/**\/*.ts`, tests excluded. */
export function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "node_modules") out.push(...sourceFiles(path));
    } else if (/\.(c|m)?tsx?$/.test(entry.name) && !/\.test(-d)?\.(c|m)?tsx?$/.test(entry.name)) {
      out.push(path);
    }
  }
  return out.sort();
}
