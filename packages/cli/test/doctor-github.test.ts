import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { type FakeGitHub, startFakeGitHub } from "@ao/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Check } from "../src/commands/doctor-check.js";
import type { ResolvedConfig, ResolvedProject } from "../src/config/normalize.js";
import { githubChecks } from "../src/github/doctor-checks.js";
import { ao, fakeWorld } from "./helpers.js";

const FINE = "github_pat_fineGrainedForTests0000000000";
const CLASSIC = "ghp_classicPublicRepoOnly00000000000000000";
const READER = "github_pat_readOnlyUserForTests000000000";

let fake: FakeGitHub;
beforeAll(async () => {
  fake = await startFakeGitHub({
    tokens: {
      [FINE]: { login: "alice" },
      [CLASSIC]: { login: "carol", scopes: ["public_repo", "read:org"] },
      [READER]: { login: "rita" },
    },
  });
  await fake.createRepo("acme/app", { private: true });
  fake.setPermission("acme/app", "alice", "write");
  fake.setPermission("acme/app", "carol", "write");
  fake.setPermission("acme/app", "rita", "read");
});
afterAll(async () => {
  await fake?.close();
});

function setup(
  slots: { tracker?: unknown; scm?: unknown },
  server: Partial<ResolvedConfig["server"]> = {},
): { config: ResolvedConfig; project: ResolvedProject } {
  const project = {
    id: "app",
    repo: "acme/app",
    path: "/nonexistent",
    defaultBranch: "main",
    slots: {
      tracker: { value: slots.tracker ?? "local", key: "defaults.tracker" },
      scm: { value: slots.scm ?? "local", key: "defaults.scm" },
    },
    intake: { auto: false, labels: [], maxConcurrent: 1 },
    agentEnv: [],
  } as unknown as ResolvedProject;
  const config = {
    server: { port: 3000, host: "127.0.0.1", allowRemote: false, ...server },
    projects: [project],
  } as unknown as ResolvedConfig;
  return { config, project };
}

const byName = (checks: Check[]) =>
  Object.fromEntries(checks.map((c) => [c.name.replace("github app: ", ""), c]));
const env = (vars: Record<string, string>) => ({ PATH: "/nonexistent-bin", ...vars });

describe("ao doctor's GitHub checks", () => {
  it("names the token's source, probes what tracker and SCM need, and prints the webhook to set up", async () => {
    const opts = { baseUrl: fake.url, tokenEnv: "AO_GH", webhookSecretEnv: "AO_GH_HOOK" };
    const { config, project } = setup(
      { tracker: ["github", opts], scm: ["github", opts] },
      { publicUrl: "https://ao.example.com" },
    );
    const checks = await githubChecks(config, project, env({ AO_GH: FINE, AO_GH_HOOK: "s3cret-hook" }));
    const c = byName(checks);
    expect(c.token).toMatchObject({ status: "ok", detail: "using the token in $AO_GH" });
    for (const what of ["read the repository", "list issues", "list pull requests", "list check runs"])
      expect(c[what]?.status, `${what}: ${c[what]?.detail}`).toBe("ok");
    expect(c.scopes).toBeUndefined(); // fine-grained tokens report none
    expect(c.webhook).toMatchObject({ status: "ok" });
    expect(c.webhook?.detail).toContain("payload URL https://ao.example.com/webhooks/github");
    expect(c.webhook?.detail).toContain("events: issues, issue_comment, pull_request, pull_request_review");
    const text = JSON.stringify(checks);
    expect(text).not.toContain(FINE);
    expect(text).not.toContain("s3cret-hook");
  });

  it("a classic token without `repo` on a private repository is named as the missing scope", async () => {
    const { config, project } = setup({ tracker: ["github", { baseUrl: fake.url }] });
    const c = byName(await githubChecks(config, project, env({ GITHUB_TOKEN: CLASSIC })));
    expect(c.scopes).toMatchObject({ status: "fail", fix: expect.stringContaining("`repo` scope") });
    expect(c.scopes?.detail).toContain("public_repo, read:org");
    expect(c["list pull requests"]).toBeUndefined(); // the SCM is not GitHub's: not probed
  });

  it("a user who cannot write is told before anything fails mid-session", async () => {
    const { config, project } = setup({ tracker: ["github", { baseUrl: fake.url }] });
    const c = byName(await githubChecks(config, project, env({ GITHUB_TOKEN: READER })));
    expect(c["write access"]).toMatchObject({ status: "fail" });
    expect(c["write access"]?.detail).toContain("label, assign and close issues");
  });

  it("an unknown token is a 401 with what to do; a repository it cannot see names the permission", async () => {
    const { config, project } = setup({ tracker: ["github", { baseUrl: fake.url }] });
    const bad = byName(await githubChecks(config, project, env({ GITHUB_TOKEN: "ghp_revoked" })));
    expect(bad["read the repository"]).toMatchObject({
      status: "fail",
      fix: expect.stringContaining("invalid or expired"),
    });
    const other = setup({ tracker: ["github", { baseUrl: fake.url }] });
    (other.project as { repo: string }).repo = "acme/hidden";
    const hidden = byName(await githubChecks(other.config, other.project, env({ GITHUB_TOKEN: FINE })));
    expect(hidden["read the repository"]).toMatchObject({
      status: "fail",
      fix: expect.stringContaining('"Metadata: read"'),
    });
  });

  it("no token anywhere: says which variable to export; webhooks without publicUrl warn", async () => {
    const { config, project } = setup({ tracker: ["github", { webhookSecretEnv: "HOOK" }] });
    const c = byName(await githubChecks(config, project, env({ HOOK: "x" })));
    expect(c.token).toMatchObject({ status: "fail", fix: expect.stringContaining("Export GITHUB_TOKEN") });
    expect(c.webhook).toMatchObject({ status: "warn", fix: expect.stringContaining("server.publicUrl") });
    const unset = byName(await githubChecks(config, project, env({})));
    expect(unset.webhook).toMatchObject({
      status: "fail",
      fix: "Export HOOK with the secret of the repository's webhook.",
    });
  });

  it("projects without GitHub plugins get no GitHub checks", async () => {
    const { config, project } = setup({});
    expect(await githubChecks(config, project, env({}))).toEqual([]);
  });
});

describe("ao doctor (the command)", () => {
  it("runs the GitHub checks, refuses an intake filter the tracker cannot apply, and never prints the token", async () => {
    const world = fakeWorld();
    try {
      execFileSync("git", ["init", "-q", "-b", "main", world.dir]);
      writeFileSync(
        join(world.dir, "ao.config.ts"),
        `import { defineConfig } from "@ao/cli";
import { fakeScm } from "@ao/testkit";
export default defineConfig({
  defaults: { runtime: "process", agent: "command", tracker: ["github", { baseUrl: ${JSON.stringify(fake.url)}, tokenEnv: "AO_GH" }], scm: fakeScm(), notifiers: [] },
  projects: {
    app: { repo: "acme/app", path: "." },
    notes: { repo: "acme/app", path: ".", tracker: "local", intake: { milestone: "v2" } },
  },
});
`,
      );
      const r = await ao(["doctor", "--json"], { cwd: world.dir, env: { ...world.env, AO_GH: FINE } });
      const checks = JSON.parse(r.stdout).checks as Check[];
      const names = checks.map((c) => `${c.name} ${c.status}`);
      expect(names).toContain("github app: token ok");
      expect(names).toContain("github app: list issues ok");
      const intake = checks.find((c) => c.name === "intake notes");
      expect(intake).toMatchObject({ status: "fail" });
      expect(intake?.detail).toBe(
        "projects.notes.intake.milestone: the tracker @ao/tracker-local cannot filter issues by milestone",
      );
      expect(r.code).toBe(1);
      expect(r.stdout + r.stderr).not.toContain(FINE);
    } finally {
      world.cleanup();
    }
  });
});
