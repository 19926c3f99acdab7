import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { FAKE_GITHUB_TOKEN, type FakeGitHub, startFakeGitHub } from "@ao/testkit";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { api, type Daemon, startDaemon, stopDaemon } from "./daemon-helpers.js";
import { ao, fakeWorld } from "./helpers.js";

const SECRET = "one-repository-hook-secret-0123456789";

// Both GitHub plugins behind the daemon's real HTTP server, each reading the hook's secret from
// its own variable: the repository's one hook (the fake's setHook) must reach both through
// /webhooks/github. A second project on another repository sees none of it.
const config = (url: string) => `import { join } from "node:path";
import { defineConfig } from "@ao/cli";
import { fakeAgent, fakeLifecycle, fakeRuntime, fakeTerminal, fakeWorkspace } from "@ao/testkit";

const world = process.env.AO_TEST_WORLD ?? "/tmp/ao-test-world";
const file = (name) => join(world, name + ".json");
const auth = { baseUrl: ${JSON.stringify(url)}, tokenEnv: "AO_TEST_GH_TOKEN" };

export default defineConfig({
  defaults: {
    runtime: fakeRuntime({ stateFile: file("runtime") }),
    agent: fakeAgent({ stateFile: file("agent") }),
    workspace: fakeWorkspace({ stateFile: file("workspace") }),
    tracker: ["github", { ...auth, webhookSecretEnv: "AO_TEST_TRACKER_HOOK" }],
    scm: ["github", { ...auth, webhookSecretEnv: "AO_TEST_SCM_HOOK" }],
    notifiers: [],
    terminal: fakeTerminal(),
    lifecycle: fakeLifecycle(),
  },
  projects: { app: { repo: "acme/app", path: "." }, lib: { repo: "acme/lib", path: "." } },
  intake: { auto: true, labels: ["agent"], maxConcurrent: 5 },
  pollInterval: "1h",
  server: { port: 0 },
});
`;

describe("one GitHub hook reaches both GitHub plugins on /webhooks/github", () => {
  let fake: FakeGitHub;
  let world: ReturnType<typeof fakeWorld>;
  let daemon: Daemon;
  let bareDir: string;
  const sessions = async () =>
    (
      (await api(daemon, "GET", "/api/sessions")).body.sessions as Array<{ issue: string; project: string }>
    ).map((s) => `${s.project}#${s.issue}`);
  const deliveries = async (project: string) =>
    (await ao(["events", "--json", "--project", project], { cwd: world.dir, env: world.env })).stdout
      .trim()
      .split("\n")
      .filter((l) => l.length > 0)
      .map((l) => JSON.parse(l))
      .filter((r) => r.kind === "delivery");

  beforeAll(async () => {
    fake = await startFakeGitHub();
    ({ bareDir } = await fake.createRepo("acme/app"));
    await fake.createRepo("acme/lib");
    world = fakeWorld();
    execFileSync("git", ["init", "-q", "-b", "main", world.dir]);
    writeFileSync(join(world.dir, "ao.config.ts"), config(fake.url));
    world.env.AO_TEST_GH_TOKEN = FAKE_GITHUB_TOKEN;
    world.env.AO_TEST_TRACKER_HOOK = SECRET;
    world.env.AO_TEST_SCM_HOOK = SECRET;
    daemon = await startDaemon(world);
  });
  afterAll(async () => {
    if (daemon) await stopDaemon(daemon);
    world?.cleanup();
    await fake?.close();
  });

  it("no route is mounted per package: the SCM shares the tracker's", async () => {
    const res = await fetch(`http://127.0.0.1:${daemon.port}/webhooks/scm-github`, {
      method: "POST",
      body: "{}",
    });
    expect(res.status).toBe(404);
  });

  it("an issue delivery reaches the tracker and a pull-request delivery the SCM, through one hook", async () => {
    const hook = `http://127.0.0.1:${daemon.port}/webhooks/github`;
    fake.setHook("acme/app", { url: hook, secret: SECRET, events: ["*"] });
    const n = fake.createIssue("acme/app", { title: "Add dark mode", labels: ["agent"] });
    await vi.waitFor(async () => expect(await sessions()).toEqual([`app#${n}`]), {
      timeout: 20_000,
      interval: 200,
    });
    // A branch with one commit on the repository, and a PR from it: GitHub sends `pull_request`.
    const git = (...args: string[]) =>
      execFileSync("git", ["--git-dir", bareDir, ...args])
        .toString()
        .trim();
    const sha = git(
      "-c",
      "user.name=t",
      "-c",
      "user.email=t@t",
      "commit-tree",
      "main^{tree}",
      "-p",
      "main",
      "-m",
      "x",
    );
    git("update-ref", "refs/heads/feature", sha);
    const pr = fake.openPullRequest("acme/app", { head: "feature", title: "Feature" });
    await fake.hooksIdle();
    expect(fake.deliveries.map((d) => d.status).filter((s) => s !== 200 && s !== 202)).toEqual([]);
    const sent = fake.deliveries.find((d) => d.event === "pull_request");
    expect(sent?.status).toBe(200);
    const recorded = await deliveries("app");
    const ids = recorded.map((r) => r.id as string);
    // The SCM's record carries the delivery id itself; the tracker's is prefixed.
    expect(ids).toContain(sent?.deliveryId);
    expect(ids.some((id) => id.startsWith("tracker:") && id.endsWith(`:${n}`))).toBe(true);
    for (const r of recorded) expect(r.actor).toEqual({ kind: "webhook", route: "github" });
    expect(pr).toBeGreaterThan(0);
    // acme/lib's project verified the deliveries too, but they name acme/app: nothing moved there.
    expect(await deliveries("lib")).toEqual([]);
  });
});
