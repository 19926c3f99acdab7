import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI_DIR } from "./helpers.js";

const ROOT = join(CLI_DIR, "..", "..");

/**
 * Every error ao raises on purpose tells the user what to do. A catalogue
 * entry or an `AoError` written without a `hint` is caught here, in the
 * sources every published package ships (tests and fixtures aside).
 */
describe("error hints", () => {
  it("every AoError made in the packages' sources carries a hint (internal errors aside)", async () => {
    const { execFileSync } = await import("node:child_process");
    const files = execFileSync("git", ["ls-files", "packages/**/src/**/*.ts", "packages/*/src/*.ts"], {
      cwd: ROOT,
      encoding: "utf8",
    })
      .split("\n")
      .filter((f) => f && !/\.test(-d)?\.ts$/.test(f));
    expect(files.length).toBeGreaterThan(50);
    const missing: string[] = [];
    for (const file of files) {
      const text = readFileSync(join(ROOT, file), "utf8");
      for (const match of text.matchAll(/new AoError\(\{/g)) {
        let depth = 0;
        let end = match.index + "new AoError(".length;
        for (; end < text.length; end++) {
          if (text[end] === "{") depth++;
          else if (text[end] === "}" && --depth === 0) break;
        }
        const body = text.slice(match.index, end);
        if (!/\bhint\b/.test(body) && !body.includes('kind: "internal"')) {
          missing.push(`${file}:${text.slice(0, match.index).split("\n").length}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
