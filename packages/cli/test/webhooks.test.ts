import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, type Daemon, startDaemon, stopDaemon } from "./daemon-helpers.js";
import { ao, fakeWorld } from "./helpers.js";

// Two projects, each with its own fake SCM (own secret, own PR numbers): both
// are served by the one route /webhooks/testkit-fake-scm.
const CONFIG = `import { join } from "node:path";
import { defineConfig } from "@ao/cli";
import { fakeAgent, fakeLifecycle, fakeNotifier, fakeRuntime, fakeScm, fakeTerminal, fakeTracker, fakeWorkspace } from "@ao/testkit";

const world = process.env.AO_TEST_WORLD ?? "/tmp/ao-test-world";
const file = (name) => join(world, name + ".json");
const workspace = fakeWorkspace({ stateFile: file("workspace") });
const issues = [{ id: "1", title: "Issue 1", body: "Do it", labels: ["agent"], state: "open" }];
const scm = (id) => fakeScm({ stateFile: file("scm-" + id), workspace, secret: "secret-" + id });

export default defineConfig({
  defaults: {
    runtime: fakeRuntime({ stateFile: file("runtime") }),
    agent: fakeAgent({ stateFile: file("agent") }),
    workspace,
    tracker: fakeTracker({ stateFile: file("tracker"), issues }),
    notifiers: [fakeNotifier({ stateFile: file("notifier") })],
    terminal: fakeTerminal(),
    lifecycle: fakeLifecycle(),
  },
  projects: {
    a: { repo: "acme/a", path: ".", scm: scm("a") },
    b: { repo: "acme/b", path: ".", scm: scm("b") },
  },
  pollInterval: "1h",
  server: { port: 0 },
});
`;

const sign = (secret: string, body: string) =>
  `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

describe("webhooks with several projects", () => {
  let world: ReturnType<typeof fakeWorld>;
  let daemon: Daemon;
  const sessions: Record<string, string> = {};

  const deliver = async (secret: string, event: Record<string, unknown>) => {
    const body = JSON.stringify(event);
    const res = await fetch(`http://127.0.0.1:${daemon.port}/webhooks/testkit-fake-scm`, {
      method: "POST",
      headers: { "x-ao-signature": sign(secret, body) },
      body,
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const ci = async (project: string) => {
    const out = await api(daemon, "GET", `/api/sessions/${sessions[project]}?raw=1`);
    return (out.body.session as { facts: { pr: { ci: string } } }).facts.pr.ci;
  };
  const deliveries = async () =>
    (await ao(["events", "--json"], { cwd: world.dir, env: world.env })).stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l))
      .filter((r) => r.kind === "delivery");

  beforeAll(async () => {
    world = fakeWorld();
    writeFileSync(join(world.dir, "ao.config.ts"), CONFIG);
    daemon = await startDaemon(world);
    for (const project of ["a", "b"]) {
      const made = await api(daemon, "POST", "/api/sessions", { project, issue: "1" });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      const session = made.body.session as { id: string; branch: string };
      sessions[project] = session.id;
      // Each project's SCM has its own PR #1, on the session's branch.
      const file = join(world.env.AO_TEST_WORLD as string, `scm-${project}.json`);
      const scm = JSON.parse(readFileSync(file, "utf8"));
      scm.prs["1"] = {
        number: 1,
        url: `https://scm.test/acme/${project}/pull/1`,
        branch: session.branch,
        headSha: project.repeat(40),
        state: "open",
        ci: "pending",
        review: "pending",
        mergeable: null,
        conflict: false,
        project,
        repo: `acme/${project}`,
        base: "main",
        title: "Issue 1",
        body: "",
        ciLog: "",
        comments: [],
      };
      scm.nextPr = 2;
      writeFileSync(file, JSON.stringify(scm));
      const claimed = await api(daemon, "POST", "/api/claim-pr", { project, pr: 1, session: session.id });
      expect(claimed.status, JSON.stringify(claimed.body)).toBe(200);
    }
  });
  afterAll(async () => {
    if (daemon) await stopDaemon(daemon);
    world?.cleanup();
  });

  it("refuses a delivery no project's secret signs with 401, and records nothing", async () => {
    const out = await deliver("not-a-secret", {
      type: "ci_failed",
      pr: 1,
      repo: "acme/b",
      deliveryId: "bad-1",
    });
    expect(out.status).toBe(401);
    expect(out.body.error).toMatchObject({ code: "UNAUTHORIZED" });
    expect(await deliveries()).toEqual([]);
    expect([await ci("a"), await ci("b")]).toEqual(["none", "none"]);
  });

  it("accepts a delivery signed by the second project although the first refuses it", async () => {
    const out = await deliver("secret-b", { type: "ci_failed", pr: 1, repo: "acme/b", deliveryId: "good-1" });
    expect(out.status, JSON.stringify(out.body)).toBe(200);
    expect(await ci("b")).toBe("failed");
    expect(await ci("a")).toBe("none");
    expect((await deliveries()).map((r) => [r.project, r.id, r.actor])).toEqual([
      ["b", "good-1", { kind: "webhook", route: "testkit-fake-scm" }],
    ]);
  });

  it("matches by repository: another repository's PR #1 never moves this project's PR #1", async () => {
    // Signed with a's secret, but about acme/b's PR #1: project a must ignore it.
    const out = await deliver("secret-a", {
      type: "ci_passed",
      pr: 1,
      repo: "acme/b",
      deliveryId: "other-1",
    });
    expect(out.status).toBe(200);
    expect(await ci("a")).toBe("none");
    const own = await deliver("secret-a", { type: "ci_passed", pr: 1, repo: "acme/a", deliveryId: "own-1" });
    expect(own.status).toBe(200);
    expect(await ci("a")).toBe("passed");
  });
});
