import { execFileSync } from "node:child_process";
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeLaunchFiles } from "./launch.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "ao-launch-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe("writeLaunchFiles", () => {
  it("starts the argv with the environment, literally, and deletes the env file", async () => {
    const value = 'it\'s $(touch pwned) `id` "q" \\ ; \n second line ✓';
    const argv = ["sh", "-c", 'printf "%s|%s" "$AO_V" "$1"', "zero", "arg with 'quotes' and $HOME"];
    const files = await writeLaunchFiles("test", join(dir, "s"), argv, { AO_V: value }, true);
    expect((await stat(files.dir)).mode & 0o777).toBe(0o700);
    const before = (await readdir(files.dir)).filter((f) => f.startsWith("env-"));
    expect(before).toHaveLength(1);
    expect((await stat(join(files.dir, before[0]!))).mode & 0o777).toBe(0o600);
    const out = execFileSync("sh", [files.script], {
      cwd: dir,
      stdio: ["ignore", "pipe", "pipe"],
    }).toString();
    expect(out).toBe(`${value}|arg with 'quotes' and $HOME`);
    expect((await readdir(files.dir)).sort()).toEqual(["launch.sh", "output.log"]);
    expect((await readdir(dir)).sort()).toEqual(["s"]);
  });

  it("starts the agent with exactly the given environment, nothing inherited", async () => {
    const files = await writeLaunchFiles("test", join(dir, "e"), ["/usr/bin/env"], { AO_V: "1" }, true);
    const out = execFileSync("sh", [files.script], {
      cwd: dir,
      env: { ...process.env, LEAKED_SECRET: "from-the-parent", TERM: "screen" },
      stdio: ["ignore", "pipe", "pipe"],
    }).toString();
    const names = out
      .split("\n")
      .filter(Boolean)
      .map((line) => line.split("=")[0]);
    expect(names).toContain("AO_V");
    expect(out).not.toContain("LEAKED_SECRET");
    expect(out).not.toContain("from-the-parent");
    // Only the shell's own bookkeeping may join the allow-listed variables.
    expect(names.filter((n) => !["AO_V", "TERM", "PWD", "OLDPWD", "SHLVL", "_"].includes(n!))).toEqual([]);
  });

  it("rejects an empty command and invalid variable names", async () => {
    await expect(writeLaunchFiles("test", join(dir, "a"), [], {}, true)).rejects.toThrow(/non-empty/);
    await expect(
      writeLaunchFiles("test", join(dir, "b"), ["true"], { "BAD-NAME": "x" }, true),
    ).rejects.toThrow(/BAD-NAME/);
  });
});
