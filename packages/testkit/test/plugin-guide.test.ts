import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const TESTKIT = join(dirname(fileURLToPath(import.meta.url)), "..");
const GUIDE = join(TESTKIT, "..", "..", "docs", "writing-a-plugin.md");

/** The guide's TypeScript blocks that start with a `// <path>` line, by path. */
function guideFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const match of readFileSync(GUIDE, "utf8").matchAll(/```ts\n\/\/ (\S+)\n([\s\S]*?)```/g)) {
    files.set(match[1] as string, match[2] as string);
  }
  return files;
}

describe("docs/writing-a-plugin.md", () => {
  it("its example plugin, copied verbatim, passes its contract suite", async () => {
    const files = guideFiles();
    expect([...files.keys()].sort()).toEqual(["src/index.ts", "test/contract.test.ts"]);
    // Inside this package, so `@ao/core` and `@ao/plugin-kit` resolve as they would for an author.
    const dir = mkdtempSync(join(TESTKIT, ".plugin-guide-"));
    try {
      for (const [path, text] of files) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), text);
      }
      // A config of its own: vitest would otherwise take testkit's, with its Docker global setup.
      writeFileSync(join(dir, "vitest.config.mjs"), "export default {};\n");
      const vitest = join(TESTKIT, "node_modules", "vitest", "vitest.mjs");
      const result = await new Promise<{ code: number; out: string }>((resolve) => {
        execFile(
          process.execPath,
          [vitest, "run", "--root", dir, "--reporter", "verbose"],
          { cwd: dir, env: { ...process.env, NO_COLOR: "1", CI: "1" }, timeout: 120_000 },
          (error, stdout, stderr) =>
            resolve({ code: error ? Number(error.code ?? 1) : 0, out: stdout + stderr }),
        );
      });
      expect(result.code, result.out).toBe(0);
      // Every check of the notifier suite ran: none skipped, none failed.
      expect(result.out).toMatch(/Tests\s+8 passed \(8\)/);
      expect(result.out).toContain("delivers the title once per call");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 150_000);
});
