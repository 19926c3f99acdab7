import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI_DIR } from "./helpers.js";

const ROOT = join(CLI_DIR, "..", "..");

/** The README's shell-block line that runs `demo --json`. */
function readmeJsonCommand(): string {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] as string);
  const lines = blocks.flatMap((b) => b.split("\n")).filter((l) => l.includes("demo --json"));
  expect(lines, "the README shows one command for the demo's JSON").toHaveLength(1);
  return lines[0] as string;
}

describe("the README's `demo --json` command", () => {
  it("prints only JSON lines on stdout", async () => {
    const command = readmeJsonCommand();
    const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>(
      (resolve) => {
        execFile(
          "sh",
          ["-c", command],
          {
            cwd: ROOT,
            env: { ...process.env, NO_COLOR: "1" },
            timeout: 300_000,
            maxBuffer: 64 * 1024 * 1024,
          },
          (error, out, err) =>
            resolve({ code: error ? Number(error.code ?? 1) : 0, stdout: out, stderr: err }),
        );
      },
    );
    expect(code, stderr.slice(-2000)).toBe(0);
    const lines = stdout.split("\n").filter((l) => l.length > 0);
    const records = lines.map((line) => {
      try {
        return JSON.parse(line) as { kind: string };
      } catch {
        throw new Error(`stdout has a line that is not JSON: ${line.slice(0, 200)}`);
      }
    });
    expect(records.some((r) => r.kind === "session")).toBe(true);
    expect(records.some((r) => r.kind === "transition")).toBe(true);
  }, 360_000);
});
