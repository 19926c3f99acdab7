import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const src = join(dirname(fileURLToPath(import.meta.url)), "..", "src");

/** Every bare module a source file reaches through its relative imports. */
function reachable(entry: string): Set<string> {
  const seen = new Set<string>();
  const external = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(file, "utf8");
    for (const m of code.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s*"([^"]+)"/gm)) {
      const spec = m[1] as string;
      if (spec.startsWith(".")) visit(resolve(dirname(file), spec.replace(/\.js$/, ".ts")));
      else external.add(spec);
    }
  };
  visit(join(src, entry));
  return external;
}

describe("run-time entries", () => {
  // Plugins import these at run time, where vitest (a peer of the main entry) is not installed.
  it.each([
    "process.ts",
    "git-workspace.ts",
    "agent-files.ts",
    "http-delivery.ts",
  ])("%s reaches only node builtins and @ao/core", (entry) => {
    const modules = [...reachable(entry)];
    expect(modules.length).toBeGreaterThan(0);
    expect(modules.filter((m) => !m.startsWith("node:") && m !== "@ao/core")).toEqual([]);
  });

  it("the main entry does pull in vitest (which is why the run-time entries are separate)", () => {
    expect([...reachable("index.ts")]).toContain("vitest");
  });
});
