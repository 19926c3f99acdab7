import { readdir, readFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const src = join(root, "src");

/** Source files of core, tests excluded. */
async function sourceFiles(dir = src): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await sourceFiles(path)));
    else if (entry.name.endsWith(".ts") && !/\.test(-d)?\.ts$/.test(entry.name)) out.push(path);
  }
  return out;
}

/** Every module specifier a file names: static and dynamic imports, re-exports, require. */
function specifiers(code: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\s[^;]*?\sfrom\s*["']([^"']+)["']/g,
    /\bimport\s*["']([^"']+)["']/g,
    /\bimport\s*\(\s*["']([^"']+)["']/g,
    /\brequire\s*\(\s*["']([^"']+)["']/g,
  ];
  for (const re of patterns) for (const m of code.matchAll(re)) found.push(m[1] as string);
  return found;
}

describe("@ao/core has no I/O and no dependencies", () => {
  it("declares no runtime dependencies", async () => {
    const pkg = JSON.parse(await readFile(join(root, "package.json"), "utf8"));
    expect(Object.keys(pkg.dependencies ?? {})).toEqual([]);
    expect(Object.keys(pkg.peerDependencies ?? {})).toEqual([]);
    expect(Object.keys(pkg.optionalDependencies ?? {})).toEqual([]);
  });

  it("imports only its own files: no node:* builtin, no package", async () => {
    const offenders: string[] = [];
    const files = await sourceFiles();
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      for (const spec of specifiers(await readFile(file, "utf8"))) {
        if (!spec.startsWith("./") && !spec.startsWith("../"))
          offenders.push(`${relative(root, file)}: ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it("reads no globals that reach the outside world", async () => {
    const offenders: string[] = [];
    for (const file of await sourceFiles()) {
      const code = (await readFile(file, "utf8")).replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
      for (const name of ["process.", "Date.now(", "fetch(", "setTimeout(", "Math.random("]) {
        if (code.includes(name)) offenders.push(`${relative(root, file)}: ${name}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it("finds imports the way the check means it (self-test)", () => {
    expect(
      specifiers(`import { a } from "node:fs";\nimport type { B } from './b.js';\nexport * from "x";`),
    ).toEqual(["node:fs", "./b.js", "x"]);
    expect(specifiers(`const m = await import("node:child_process"); import "side";`)).toEqual([
      "side",
      "node:child_process",
    ]);
  });

  // Code lines, not documentation: JSDoc on every public method is wanted, so
  // blank lines and comment lines do not count against the budget.
  // The budget grew from 1,500 to 1,750 with the hardening: the error catalogue (a
  // third of the growth), resource identity, inert text and the agent's env
  // allow-list are contracts every plugin shares, so they live here; logic with
  // I/O never does. 1,800 since the agent slot grew up (resume, workspace files,
  // trust, file access, evidence, usage, budget): ~50 lines of slot types and
  // the budget rule, the least the contract needs; their logic is in the engine.
  // 1,840 with GitHub: the tracker's filters and issue events, review threads,
  // the rate budget type and shared webhook routes (~20 lines, all types).
  // 1,860 with live terminals: the attach stream and terminal action types (~20 lines, all types).
  // 1,930 with humans in the loop: the pr_closed state, the waiting-for-input rule, priorities per
  // reaction, notification links, the batch summary type and the SCM's reopenPR (~70 lines; logic is in the engine).
  // 1,940 with the remote-workspace design (workspace access, agentFiles, serves, RUNTIME_UNAVAILABLE: ~10 lines).
  // 1,960 with the orchestrator session's config type (~15 lines, types only).
  it("stays small: under 1,960 lines of source", async () => {
    let lines = 0;
    for (const file of await sourceFiles()) lines += codeLines(await readFile(file, "utf8"));
    expect(lines).toBeGreaterThan(500);
    expect(lines).toBeLessThan(1960);
  });
});

/** Lines that hold code: not blank, not inside or starting a comment. */
function codeLines(text: string): number {
  let inBlock = false;
  let count = 0;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (inBlock) {
      if (line.includes("*/")) inBlock = false;
      continue;
    }
    if (line.startsWith("/*")) {
      inBlock = !line.includes("*/");
      continue;
    }
    if (line === "" || line.startsWith("//")) continue;
    count++;
  }
  return count;
}
