import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { importSpecifiers, packageOf } from "./imports.js";
import { listPackages, type Role, sourceFiles, type WorkspacePackage } from "./workspace.js";

/** One broken rule: who depends on whom, and where. */
export interface Violation {
  /** The package that breaks the rule. */
  package: string;
  /** The package of ours it must not depend on. */
  target: string;
  /** `package.json` or the source file (relative to the root), with `:line` for imports. */
  where: string;
  /** What is wrong, in words. */
  message: string;
}

/** Which of our packages each role may use at runtime (SPEC §1). `"*"` means any. */
const ALLOWED: Record<Role, readonly string[] | "*"> = {
  core: [],
  engine: ["@ao/core", "@ao/file-lock"],
  plugin: ["@ao/core", "@ao/file-lock"],
  "file-lock": ["@ao/core"],
  "plugin-kit": ["@ao/core"],
  testkit: ["@ao/core", "@ao/plugin-kit"],
  other: ["@ao/core"],
  cli: "*",
};

/**
 * Run-time subpath exports a role may import although the package's main
 * entry is off limits: plugin-kit's `.` entry pulls in vitest, but its
 * `/process`, `/git-workspace`, `/agent-files`, `/attach` and `/http-delivery` entries are plain helpers
 * plugins share instead of copying them (a plugin may not import another plugin).
 */
const ALLOWED_SUBPATHS: Partial<Record<Role, readonly string[]>> = {
  plugin: [
    "@ao/plugin-kit/process",
    "@ao/plugin-kit/git-workspace",
    "@ao/plugin-kit/agent-files",
    "@ao/plugin-kit/attach",
    "@ao/plugin-kit/http-delivery",
  ],
  // The host's AgentFiles: the engine hands it to agents, the contract suite tests agents with it.
  engine: ["@ao/plugin-kit/agent-files"],
};

/**
 * Service clients a family of plugins shares: the plugins of one service
 * (folder name containing the key) may use its client package.
 */
const SERVICE_CLIENTS: Record<string, string> = {
  github: "@ao/github-client",
  // The container runtimes run the egress proxy their sandboxes reach through a mounted socket.
  docker: "@ao/egress-proxy",
};

function serviceClientAllowed(pkg: WorkspacePackage, target: string): boolean {
  if (pkg.role !== "plugin") return false;
  const folder = pkg.dir.split("/").pop() ?? "";
  return Object.entries(SERVICE_CLIENTS).some(
    ([service, client]) => client === target && folder.includes(service),
  );
}

const RULE: Record<Role, string> = {
  core: "core imports nothing of ours",
  engine:
    "the engine imports only @ao/core and @ao/file-lock of ours (it receives plugins through the slots), " +
    "plus @ao/plugin-kit/agent-files (the host's file access for agents)",
  plugin:
    "a plugin imports only @ao/core and @ao/file-lock of ours (never the engine, the CLI or another plugin), " +
    "plus the run-time helpers @ao/plugin-kit/process, @ao/plugin-kit/git-workspace, @ao/plugin-kit/agent-files, @ao/plugin-kit/attach and @ao/plugin-kit/http-delivery " +
    "(never plugin-kit's main entry, which pulls in vitest); the GitHub plugins (folder *github*) may also use @ao/github-client, " +
    "and the Docker plugins (folder *docker*) may also use @ao/egress-proxy",
  "plugin-kit": "plugin-kit imports only @ao/core of ours",
  testkit: "testkit imports only @ao/core and @ao/plugin-kit of ours",
  "file-lock": "file-lock imports only @ao/core of ours (the engine, plugins and the CLI share it)",
  other: "a package imports only @ao/core of ours",
  cli: "",
};

function allowed(pkg: WorkspacePackage, target: string): boolean {
  const list = ALLOWED[pkg.role];
  return target === pkg.name || list === "*" || list.includes(target) || serviceClientAllowed(pkg, target);
}

/** A package.json entry names a package, not a subpath: depending on one with an allowed subpath is fine. */
function allowedDependency(pkg: WorkspacePackage, dep: string): boolean {
  return allowed(pkg, dep) || (ALLOWED_SUBPATHS[pkg.role] ?? []).some((s) => packageOf(s) === dep);
}

/** An import must name the package itself (when allowed) or exactly one of the allowed subpaths. */
function allowedImport(pkg: WorkspacePackage, target: string, specifier: string): boolean {
  return allowed(pkg, target) || (ALLOWED_SUBPATHS[pkg.role] ?? []).includes(specifier);
}

/**
 * Check SPEC §1's dependency direction over every workspace package: both the
 * runtime/peer dependencies in package.json and the imports in `src/**\/*.ts`
 * (tests excluded: they may use @ao/testkit and @ao/plugin-kit).
 */
export function checkDependencyDirection(rootDir: string): Violation[] {
  const packages = listPackages(rootDir);
  const ours = new Set(packages.map((p) => p.name));
  const isOurs = (name: string) => ours.has(name) || name.startsWith("@ao/");
  const violations: Violation[] = [];
  const flag = (pkg: WorkspacePackage, target: string, where: string, how: string) =>
    violations.push({
      package: pkg.name,
      target,
      where,
      message: `${pkg.name} ${how} ${target}: ${RULE[pkg.role]}`,
    });

  for (const pkg of packages) {
    for (const dep of pkg.dependencies) {
      if (isOurs(dep) && !allowedDependency(pkg, dep))
        flag(pkg, dep, `${pkg.dir}/package.json`, "depends on");
    }
    for (const file of sourceFiles(join(rootDir, pkg.dir, "src"))) {
      const code = readFileSync(file, "utf8");
      for (const spec of importSpecifiers(code)) {
        const target = packageOf(spec);
        if (!target || !isOurs(target) || allowedImport(pkg, target, spec)) continue;
        const line =
          code.split("\n").findIndex((l) => l.includes(`"${spec}"`) || l.includes(`'${spec}'`)) + 1;
        const where = `${relative(rootDir, file).split("\\").join("/")}${line > 0 ? `:${line}` : ""}`;
        flag(pkg, target, where, "imports");
      }
    }
  }
  return violations;
}

/** One line per violation, for the `check` command and test failures. */
export function formatViolations(violations: Violation[]): string {
  return violations.map((v) => `${v.where}: ${v.message}`).join("\n");
}
