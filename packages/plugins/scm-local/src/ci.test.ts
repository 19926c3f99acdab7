import { spawn } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type TempDir, tempDir } from "@ao/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { settleRun, tailFile } from "./ci.js";
import { isPidAlive } from "@ao/file-lock";
import type { CiRun } from "./store.js";

let tmp: TempDir;
beforeEach(async () => {
  tmp = await tempDir("ao-ci-unit-");
});
afterEach(async () => {
  await tmp.cleanup();
});

const runFor = (over: Partial<CiRun>): CiRun => ({
  id: "1-1",
  sha: "a".repeat(40),
  status: "pending",
  startedAt: Date.now(),
  log: join(tmp.path, "1-1.log"),
  exitFile: join(tmp.path, "1-1.exit"),
  ...over,
});

// These are the paths a restarted daemon takes for a run another process started.
describe("settleRun", () => {
  it("reads the runner's exit file", async () => {
    await writeFile(join(tmp.path, "1-1.exit"), "0\n");
    expect(await settleRun(runFor({}), Date.now(), 1000)).toEqual({ status: "passed", exitCode: 0 });
    await writeFile(join(tmp.path, "1-1.exit"), "2\n");
    expect(await settleRun(runFor({}), Date.now(), 1000)).toEqual({ status: "failed", exitCode: 2 });
  });

  it("fails a run whose runner died without a result", async () => {
    const child = spawn("true");
    await new Promise((r) => child.on("exit", r));
    const run = runFor({ pid: child.pid as number });
    expect(await settleRun(run, Date.now(), 60_000)).toMatchObject({ status: "failed" });
    expect(await readFile(run.log, "utf8")).toContain("stopped without reporting");
  });

  it("waits for a live run, then kills it past the timeout", async () => {
    const child = spawn("sleep", ["30"], { detached: true, stdio: "ignore" });
    const exited = new Promise((r) => child.on("exit", r));
    const run = runFor({ pid: child.pid as number, startedAt: 1000 });
    expect(await settleRun(run, 1500, 1000)).toBeNull();
    expect(await settleRun(run, 2500, 1000)).toMatchObject({ status: "failed" });
    await exited;
    expect(isPidAlive(child.pid as number)).toBe(false);
    expect(await readFile(run.log, "utf8")).toContain("timed out after 1000 ms");
  });
});

describe("tailFile", () => {
  it("returns the end of a log from a line boundary", async () => {
    const file = join(tmp.path, "log");
    await writeFile(file, "first line\nsecond line\nthird line\n");
    expect(await tailFile(file, 1000)).toBe("first line\nsecond line\nthird line\n");
    expect(await tailFile(file, 15)).toBe("third line\n");
    expect(await tailFile(join(tmp.path, "missing"), 10)).toBe("");
  });
});
