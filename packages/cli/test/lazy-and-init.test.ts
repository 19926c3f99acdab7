import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ao, copyFixture, outsideTemp } from "./helpers.js";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

describe("lazy plugin loading", () => {
  it("--version and status import no plugin; plugins does", async () => {
    const t = copyFixture("lazy", ["ao-runtime-marker"]);
    cleanups.push(t.cleanup);
    const marker = join(t.dir, "imported.txt");
    const env = { ...process.env, AO_HOME: join(t.dir, "home"), AO_MARKER_FILE: marker, NO_COLOR: "1" };
    expect((await ao(["--version"], { cwd: t.dir, env })).code).toBe(0);
    const status = await ao(["status", "--json"], { cwd: t.dir, env });
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toEqual({
      sessions: [],
      cost: { totalUsd: 0, mergedPrs: 0, perMergedPrUsd: null },
    });
    expect(existsSync(marker)).toBe(false);
    await ao(["plugins", "--json"], { cwd: t.dir, env });
    expect(readFileSync(marker, "utf8")).toContain("plugins");
  });

  it("a bad config prints every offending key path and exits 1", async () => {
    const t = copyFixture("invalid");
    cleanups.push(t.cleanup);
    const out = await ao(["status"], {
      cwd: t.dir,
      env: { ...process.env, AO_HOME: join(t.dir, "home"), NO_COLOR: "1" },
    });
    expect(out.code).toBe(1);
    expect(out.stderr).toContain("projects.app.path: is missing");
    expect(out.stderr).toContain('defaults.runtme: unknown key — did you mean "runtime"?');
    expect(out.stderr).not.toMatch(/\n\s+at /);
  });
});

function repo(remote?: string): { dir: string; cleanup(): void } {
  const t = outsideTemp("ao-init-");
  const git = (...args: string[]) => execFileSync("git", args, { cwd: t.dir, stdio: "pipe" });
  git("init", "-q", "-b", "trunk");
  if (remote) git("remote", "add", "origin", remote);
  return t;
}

describe("ao init --yes", () => {
  it("infers GitHub from the remote", async () => {
    const t = repo("git@github.com:acme/widgets.git");
    cleanups.push(t.cleanup);
    const out = await ao(["init", "--yes"], { cwd: t.dir, env: { ...process.env, NO_COLOR: "1" } });
    expect(out.code, out.stderr).toBe(0);
    const text = readFileSync(join(t.dir, "ao.config.ts"), "utf8");
    expect(text).toContain('tracker: "github"');
    expect(text).toContain('repo: "acme/widgets"');
    expect(text).toContain('defaultBranch: "trunk"');
    // A second init refuses to overwrite.
    expect((await ao(["init", "--yes"], { cwd: t.dir, env: process.env })).code).toBe(1);
  });

  it("uses the local tracker and scm without a hosted remote, and the result loads", async () => {
    const t = repo();
    cleanups.push(t.cleanup);
    execFileSync(
      "git",
      ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty", "-m", "first"],
      {
        cwd: t.dir,
      },
    );
    const home = join(t.dir, "home");
    const out = await ao(["init", "--yes"], {
      cwd: t.dir,
      env: { ...process.env, NO_COLOR: "1", AO_HOME: home },
    });
    expect(out.code, out.stderr).toBe(0);
    const text = readFileSync(join(t.dir, "ao.config.ts"), "utf8");
    expect(text).toContain('tracker: "local"');
    expect(text).toContain('scm: "local"');
    // scm-local's remote is created as a bare repository, added as origin, and the branch pushed.
    const bare = execFileSync("git", ["remote", "get-url", "origin"], {
      cwd: t.dir,
      encoding: "utf8",
    }).trim();
    expect(bare.startsWith(join(home, "remotes"))).toBe(true);
    expect(text).toContain(`repo: ${JSON.stringify(bare)}`);
    expect(
      execFileSync("git", ["rev-parse", "--is-bare-repository"], { cwd: bare, encoding: "utf8" }).trim(),
    ).toBe("true");
    expect(execFileSync("git", ["log", "--format=%s", "trunk"], { cwd: bare, encoding: "utf8" }).trim()).toBe(
      "first",
    );
    const status = await ao(["status", "--json"], {
      cwd: t.dir,
      env: { ...process.env, AO_HOME: join(t.dir, "home") },
    });
    expect(status.code, status.stderr).toBe(0);
  });
});

describe("ao start <url>", () => {
  it("clones into $AO_REPOS, writes a default config, and starts on it", async () => {
    const source = repo();
    cleanups.push(source.cleanup);
    execFileSync(
      "git",
      ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty", "-m", "init"],
      {
        cwd: source.dir,
      },
    );
    const t = outsideTemp("ao-start-");
    cleanups.push(t.cleanup);
    const env = {
      ...process.env,
      AO_HOME: join(t.dir, "home"),
      AO_REPOS: join(t.dir, "repos"),
      NO_COLOR: "1",
    };
    // --yes: code from a clone only runs once someone accepted it (see start-clone.test.ts).
    const out = await ao(["start", "--detach", "--port", "0", "--yes", `file://${source.dir}`], {
      cwd: t.dir,
      env,
    });
    const clone = join(t.dir, "repos", source.dir.split("/").at(-1)!.toLowerCase());
    expect(existsSync(join(clone, ".git"))).toBe(true);
    const config = readFileSync(join(clone, "ao.config.ts"), "utf8");
    expect(config).toContain('scm: "local"');
    expect(config).toContain(`repo: "file://${source.dir}"`);
    // Every plugin the default config names resolves, so the daemon starts.
    expect(out.code, out.stderr).toBe(0);
    expect(existsSync(join(t.dir, "home", "daemon.json"))).toBe(true);
    const stop = await ao(["stop"], { cwd: clone, env });
    expect(stop.code, stop.stderr).toBe(0);
    expect(existsSync(join(t.dir, "home", "daemon.json"))).toBe(false);
  });
});
