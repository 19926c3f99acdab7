import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { FAKE_GITHUB_TOKEN, type FakeGitHub, startFakeGitHub } from "@ao/testkit";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { api, type Daemon, startDaemon, stopDaemon } from "./daemon-helpers.js";
import { ao, fakeWorld } from "./helpers.js";

const SECRET = "hook-secret-for-tests-0123456789";

// tracker-github on the fake GitHub, behind the daemon's /webhooks/github: the fake's own
// repository hook delivers `issues` events, signed as GitHub signs them.
const config = (url: string) => `import { join } from "node:path";
import { defineConfig } from "@ao/cli";
import { fakeAgent, fakeLifecycle, fakeRuntime, fakeScm, fakeTerminal, fakeWorkspace } from "@ao/testkit";

const world = process.env.AO_TEST_WORLD ?? "/tmp/ao-test-world";
const file = (name) => join(world, name + ".json");
const workspace = fakeWorkspace({ stateFile: file("workspace") });

export default defineConfig({
  defaults: {
    runtime: fakeRuntime({ stateFile: file("runtime") }),
    agent: fakeAgent({ stateFile: file("agent") }),
    workspace,
    tracker: ["github", { baseUrl: ${JSON.stringify(url)}, tokenEnv: "AO_TEST_GH_TOKEN", webhookSecretEnv: "AO_TEST_GH_HOOK" }],
    scm: fakeScm({ stateFile: file("scm"), workspace }),
    notifiers: [],
    terminal: fakeTerminal(),
    lifecycle: fakeLifecycle(),
  },
  projects: { app: { repo: "acme/app", path: "." } },
  intake: { auto: true, labels: ["agent"], maxConcurrent: 5 },
  pollInterval: "1h",
  server: { port: 0 },
});
`;

describe("GitHub issue deliveries drive intake through /webhooks/github", () => {
  let fake: FakeGitHub;
  let world: ReturnType<typeof fakeWorld>;
  let daemon: Daemon;
  let hook: string;
  const sessions = async () =>
    ((await api(daemon, "GET", "/api/sessions")).body.sessions as Array<{ issue: string }>).map(
      (s) => s.issue,
    );
  const deliveries = async () =>
    (await ao(["events", "--json"], { cwd: world.dir, env: world.env })).stdout
      .trim()
      .split("\n")
      .filter((l) => l.length > 0)
      .map((l) => JSON.parse(l))
      .filter((r) => r.kind === "delivery");

  beforeAll(async () => {
    fake = await startFakeGitHub();
    await fake.createRepo("acme/app");
    world = fakeWorld();
    execFileSync("git", ["init", "-q", "-b", "main", world.dir]);
    writeFileSync(join(world.dir, "ao.config.ts"), config(fake.url));
    world.env.AO_TEST_GH_TOKEN = FAKE_GITHUB_TOKEN;
    world.env.AO_TEST_GH_HOOK = SECRET;
    daemon = await startDaemon(world);
    hook = `http://127.0.0.1:${daemon.port}/webhooks/github`;
  });
  afterAll(async () => {
    if (daemon) await stopDaemon(daemon);
    world?.cleanup();
    await fake?.close();
  });

  it("a forged signature is refused with 401 and nothing is recorded", async () => {
    // Not labelled on GitHub (so no poll would take it); the forged delivery claims it is.
    const n = fake.createIssue("acme/app", { title: "Forged" });
    const payload = fake.payloads.issues("acme/app", n, "labeled") as { issue: object };
    const claimed = { ...payload, issue: { ...payload.issue, labels: [{ name: "agent" }] } };
    const out = await fake.deliver(hook, "issues", claimed, { forgeSignature: true });
    expect(out.status).toBe(401);
    expect(await deliveries()).toEqual([]);
    expect(await sessions()).toEqual([]);
  });

  it("an event ao does not map (ping) is accepted with 202 and journaled nowhere", async () => {
    const out = await fake.deliver(
      hook,
      "ping",
      { zen: "Design for failure.", hook_id: 1 },
      { secret: SECRET },
    );
    expect(out.status).toBe(202);
    expect(await deliveries()).toEqual([]);
  });

  it("an issue opened with the intake label gets a session from the hook's delivery, without a poll", async () => {
    fake.setHook("acme/app", { url: hook, secret: SECRET, events: ["issues", "issue_comment"] });
    const n = fake.createIssue("acme/app", { title: "Add dark mode", labels: ["agent"] });
    await vi.waitFor(async () => expect(await sessions()).toEqual([String(n)]), {
      timeout: 20_000,
      interval: 200,
    });
    expect(fake.deliveries.every((d) => d.status === 200 || d.status === 202)).toBe(true);
    // Every delivery of the issue (opened, labeled) was recorded once, as the webhook's doing.
    const recorded = await deliveries();
    expect(recorded.length).toBeGreaterThan(0);
    for (const r of recorded) expect(r.actor).toEqual({ kind: "webhook", route: "github" });
    expect(new Set(recorded.map((r) => r.id)).size).toBe(recorded.length);
    fake.setHook("acme/app", null);
  });
});
