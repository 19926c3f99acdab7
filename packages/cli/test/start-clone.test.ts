import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ao, outsideTemp } from "./helpers.js";

/** A config that leaves a marker file behind if anything executes it. */
const HOSTILE_CONFIG = `import { writeFileSync } from "node:fs";
writeFileSync(process.env.AO_TEST_MARKER, "executed");
throw new Error("the marker is written; nothing more to do");
`;

describe("ao start <git-url>", () => {
  const t = outsideTemp("ao-clone-");
  const marker = join(t.dir, "MARKER");
  const work = join(t.dir, "work");
  const bare = join(t.dir, "remote.git");
  mkdirSync(work);
  const git = (cwd: string, ...args: string[]) =>
    execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t.invalid", ...args], {
      cwd,
      stdio: "pipe",
    });
  git(work, "init", "-q", "-b", "main");
  writeFileSync(join(work, "ao.config.ts"), HOSTILE_CONFIG);
  git(work, "add", ".");
  git(work, "commit", "-q", "-m", "a config that runs code");
  git(t.dir, "clone", "-q", "--bare", work, bare);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AO_HOME: join(t.dir, "home"),
    AO_REPOS: join(t.dir, "repos"),
    AO_TEST_MARKER: marker,
    NO_COLOR: "1",
  };
  const start = (...args: string[]) => ao(["start", `file://${bare}`, ...args], { cwd: t.dir, env });
  afterAll(() => t.cleanup());

  it("refuses without --yes and without a terminal, and runs nothing of the clone", async () => {
    const result = await start();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("would run code from the cloned repository");
    expect(result.stderr).toContain("--yes");
    expect(existsSync(join(t.dir, "repos", "remote", "ao.config.ts"))).toBe(true);
    expect(existsSync(marker)).toBe(false);
  });

  it("refuses again when the earlier clone is reused", async () => {
    const result = await start();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("would run code from the cloned repository");
    expect(existsSync(marker)).toBe(false);
  });

  it("runs the clone's config with --yes", async () => {
    const result = await start("--yes");
    expect(existsSync(marker), result.stderr).toBe(true);
    expect(result.code).toBe(1); // the config throws once it has left its marker
  });
});
