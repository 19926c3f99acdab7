import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { skipWithout } from "../src/require-tool.js";

const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), "fixtures", "needs-tool");
const VITEST = join(dirname(createRequire(import.meta.url).resolve("vitest/package.json")), "vitest.mjs");
/** A PATH with nothing on it: tmux (and every other tool) is missing. */
const emptyBin = mkdtempSync(join(tmpdir(), "ao-no-tools-"));
afterAll(() => rmSync(emptyBin, { recursive: true, force: true }));

/** Run the fixture suite in a child vitest with tmux off PATH. */
function runSuite(extraEnv: Record<string, string>) {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: emptyBin, NO_COLOR: "1" };
  delete env.AO_TEST_FULL;
  Object.assign(env, extraEnv);
  const result = spawnSync(process.execPath, [VITEST, "run", "--root", FIXTURE], {
    env,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("skipWithout", () => {
  it("skips a suite whose tool is missing, saying why", () => {
    const { code, output } = runSuite({});
    expect(code, output).toBe(0);
    expect(output).toContain("skipping a suite: tmux is not available");
    expect(output).toMatch(/1 skipped/);
  });

  it("fails that suite instead under AO_TEST_FULL=1", () => {
    const { code, output } = runSuite({ AO_TEST_FULL: "1" });
    expect(code, output).not.toBe(0);
    expect(output).toContain("tmux is required by this suite and is not available (AO_TEST_FULL=1");
  });

  it("answers false when the tool is there, whatever AO_TEST_FULL says", () => {
    expect(skipWithout("node", () => true, { AO_TEST_FULL: "1" })).toBe(false);
  });
});
