import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { PACKAGE_PARENTS } from "./workspace.js";

/** A package that would be published: not `private`, under `packages/*` or `packages/plugins/*`. */
export interface PublishedPackage {
  name: string;
  /** Absolute path of the package folder. */
  dir: string;
}

/** One linter's complaint about one package. */
export interface LintFailure {
  package: string;
  tool: "publint" | "attw" | "build";
  output: string;
}

/** What runs a linter: argv in, exit code and combined output back. */
export type Runner = (argv: string[], cwd: string) => Promise<{ code: number; output: string }>;

/** Every non-private workspace package, sorted by folder. */
export function publishedPackages(root: string): PublishedPackage[] {
  const out: PublishedPackage[] = [];
  for (const parent of PACKAGE_PARENTS) {
    const abs = join(root, parent);
    if (!existsSync(abs)) continue;
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      const manifest = join(abs, entry.name, "package.json");
      if (!entry.isDirectory() || !existsSync(manifest)) continue;
      const pkg = JSON.parse(readFileSync(manifest, "utf8")) as { name?: string; private?: boolean };
      if (pkg.private === true) continue;
      out.push({ name: pkg.name ?? relative(root, join(abs, entry.name)), dir: join(abs, entry.name) });
    }
  }
  return out.sort((a, b) => a.dir.localeCompare(b.dir));
}

/** Runs a command without a shell; a non-zero exit is a result, not an error. */
export const execRunner: Runner = (argv, cwd) =>
  new Promise((resolve, reject) => {
    const [file, ...args] = argv as [string, ...string[]];
    execFile(
      file,
      args,
      { cwd, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } },
      (error, stdout, stderr) => {
        const output = `${stdout}${stderr}`.trim();
        if (error && typeof error.code !== "number") reject(error);
        else resolve({ code: error ? (error.code as number) : 0, output });
      },
    );
  });

/**
 * The two linters CONVENTIONS names, on a package's packed output: publint
 * (warnings count as failures) and attw with the ESM-only profile, since
 * every package ships ESM only. Both pack locally; neither needs the network.
 */
export function lintCommands(
  binDir: string,
  dir: string,
): Array<{ tool: LintFailure["tool"]; argv: string[] }> {
  const bin = (name: string) => join(binDir, name);
  return [
    { tool: "publint", argv: [bin("publint"), dir, "--strict"] },
    {
      tool: "attw",
      argv: [
        bin("attw"),
        "--pack",
        dir,
        "--profile",
        "esm-only",
        "--format",
        "ascii",
        "--no-color",
        "--no-emoji",
      ],
    },
  ];
}

export interface LintOptions {
  run?: Runner;
  /** Where `publint` and `attw` are (default `<root>/node_modules/.bin`, the root devDependencies). */
  binDir?: string;
  /** Packages linted at once (default 2: each lint packs and type-checks, which is CPU-bound). */
  concurrency?: number;
  onDone?: (pkg: PublishedPackage, ok: boolean) => void;
}

/** Lints every published package; returns every failure. */
export async function lintPackages(root: string, options: LintOptions = {}): Promise<LintFailure[]> {
  const binDir = options.binDir ?? join(root, "node_modules", ".bin");
  const run = options.run ?? execRunner;
  const queue = publishedPackages(root);
  const failures: LintFailure[] = [];
  const worker = async () => {
    for (let pkg = queue.shift(); pkg; pkg = queue.shift()) {
      const found: LintFailure[] = [];
      if (!existsSync(join(pkg.dir, "dist"))) {
        found.push({
          package: pkg.name,
          tool: "build",
          output: `no dist/ in ${pkg.dir}: run pnpm build first`,
        });
      } else {
        // One package's two linters run one after the other: both pack into the package folder.
        for (const { tool, argv } of lintCommands(binDir, pkg.dir)) {
          const { code, output } = await run(argv, pkg.dir);
          if (code !== 0) found.push({ package: pkg.name, tool, output });
        }
      }
      failures.push(...found);
      options.onDone?.(pkg, found.length === 0);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 2) }, worker));
  return failures.sort((a, b) => a.package.localeCompare(b.package) || a.tool.localeCompare(b.tool));
}

/** The failure list as people read it: package, tool, then the tool's own words, indented. */
export function formatLintFailures(failures: LintFailure[]): string {
  return failures.map((f) => `✗ ${f.package} (${f.tool})\n${f.output.replace(/^/gm, "    ")}`).join("\n\n");
}
