import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { ao, outsideTemp } from "./helpers.js";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

/** A checkout whose origin is on GitHub (never contacted: init only reads the URL). */
function githubCheckout() {
  const t = outsideTemp("ao-init-gh-");
  cleanups.push(t.cleanup);
  const dir = join(t.dir, "app");
  mkdirSync(dir);
  execFileSync("git", ["init", "-q", "-b", "main", dir]);
  execFileSync("git", ["remote", "add", "origin", "git@github.com:acme/app.git"], { cwd: dir });
  return { root: t.dir, dir };
}

/** A stand-in `gh`: logged in, it prints a token (which init must not repeat); logged out, it fails. */
function standInGh(root: string, loggedIn: boolean): string {
  const bin = join(root, "bin");
  mkdirSync(bin);
  const gh = join(bin, "gh");
  const answer = loggedIn
    ? 'if [ "$1 $2" = "auth token" ]; then echo gho_fromGhCliSecret000; exit 0; fi\n'
    : "";
  writeFileSync(gh, `#!/bin/sh\n${answer}echo "not logged in" >&2\nexit 1\n`);
  chmodSync(gh, 0o755);
  return bin;
}

const baseEnv = (root: string) => ({
  ...process.env,
  NO_COLOR: "1",
  AO_HOME: join(root, "home"),
  AO_CONFIG: "",
  GITHUB_TOKEN: "",
});

it("ao init on a GitHub origin writes the github tracker and SCM and says the token comes from $GITHUB_TOKEN", async () => {
  const { root, dir } = githubCheckout();
  const token = "ghp_initMustNotPrintThis0000000000000000";
  const out = await ao(["init", "--yes"], { cwd: dir, env: { ...baseEnv(root), GITHUB_TOKEN: token } });
  expect(out.code, out.stderr).toBe(0);
  const text = readFileSync(join(dir, "ao.config.ts"), "utf8");
  expect(text).toContain('tracker: "github"');
  expect(text).toContain('scm: "github"');
  expect(text).toContain('repo: "acme/app"');
  expect(out.stdout).toContain(
    'GitHub: tracker and scm "github" for acme/app, using the token in $GITHUB_TOKEN.',
  );
  expect(out.stdout + out.stderr + text).not.toContain(token);
});

it("falls back to gh's login, and says so without printing it; with neither, says what to do", async () => {
  const { root, dir } = githubCheckout();
  const bin = standInGh(root, true);
  const env = { ...baseEnv(root), PATH: `${bin}:${process.env.PATH}` };
  const out = await ao(["init", "--yes"], { cwd: dir, env });
  expect(out.code, out.stderr).toBe(0);
  expect(out.stdout).toContain("using the GitHub CLI's login (`gh auth token`)");
  expect(out.stdout + out.stderr).not.toContain("gho_fromGhCliSecret000");

  const none = githubCheckout();
  const bare = await ao(["init", "--yes"], {
    cwd: none.dir,
    env: {
      ...baseEnv(none.root),
      PATH: `/nonexistent-bin:${process.env.PATH}`.replace(/[^:]*gh[^:]*:?/g, ""),
    },
  });
  expect(bare.code, bare.stderr).toBe(0);
  expect(bare.stdout).toMatch(
    /no token: \$GITHUB_TOKEN is not set .* Export GITHUB_TOKEN or run `gh auth login`/,
  );
});
