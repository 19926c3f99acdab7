import { createHmac } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, type Daemon, startDaemon, stopDaemon } from "./daemon-helpers.js";
import { ao, fakeWorld } from "./helpers.js";

// The tracker and the SCM of one service share the route /webhooks/github
// (their `webhookRoute`): one delivery reaches both, each maps what it knows.
const CONFIG = `import { join } from "node:path";
import { defineConfig } from "@ao/cli";
import { fakeAgent, fakeLifecycle, fakeNotifier, fakeRuntime, fakeScm, fakeTerminal, fakeTracker, fakeWorkspace } from "@ao/testkit";

const world = process.env.AO_TEST_WORLD ?? "/tmp/ao-test-world";
const file = (name) => join(world, name + ".json");
const workspace = fakeWorkspace({ stateFile: file("workspace") });
const issues = [{ id: "1", title: "Issue 1", body: "Do it", labels: [], state: "open" }];
const secret = "shared-secret";

export default defineConfig({
  defaults: {
    runtime: fakeRuntime({ stateFile: file("runtime") }),
    agent: fakeAgent({ stateFile: file("agent") }),
    workspace,
    tracker: fakeTracker({ stateFile: file("tracker"), issues, secret, webhookRoute: "github" }),
    scm: fakeScm({ stateFile: file("scm"), workspace, secret, webhookRoute: "github" }),
    notifiers: [fakeNotifier({ stateFile: file("notifier") })],
    terminal: fakeTerminal(),
    lifecycle: fakeLifecycle(),
  },
  projects: { app: { repo: "acme/app", path: "." } },
  intake: { auto: true, labels: ["agent"] },
  pollInterval: "1h",
  server: { port: 0 },
});
`;

const SECRET = "shared-secret";
const sign = (secret: string, body: string | Buffer) =>
  `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

describe("one webhook route shared by the tracker and the SCM", () => {
  let world: ReturnType<typeof fakeWorld>;
  let daemon: Daemon;

  const post = async (route: string, body: string, signature: string) => {
    const res = await fetch(`http://127.0.0.1:${daemon.port}/webhooks/${route}`, {
      method: "POST",
      headers: { "x-ao-signature": signature, "content-type": "application/json" },
      body,
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const deliver = (events: unknown, secret = SECRET) => {
    const body = JSON.stringify(events);
    return post("github", body, sign(secret, body));
  };
  const deliveries = async () =>
    (await ao(["events", "--json"], { cwd: world.dir, env: world.env })).stdout
      .trim()
      .split("\n")
      .filter((l) => l.length > 0)
      .map((l) => JSON.parse(l))
      .filter((r) => r.kind === "delivery");
  const sessions = async () =>
    ((await api(daemon, "GET", "/api/sessions")).body.sessions as Array<{ issue: string }>).map(
      (s) => s.issue,
    );
  const label = (issue: string, labels: string[]) => {
    const file = join(world.env.AO_TEST_WORLD as string, "tracker.json");
    const state = JSON.parse(readFileSync(file, "utf8"));
    const found = state.issues.find((i: { id: string }) => i.id === issue);
    found.labels = labels;
    writeFileSync(file, JSON.stringify(state));
  };

  beforeAll(async () => {
    world = fakeWorld();
    writeFileSync(join(world.dir, "ao.config.ts"), CONFIG);
    daemon = await startDaemon(world);
  });
  afterAll(async () => {
    if (daemon) await stopDaemon(daemon);
    world?.cleanup();
  });

  it("mounts one route for both plugins, none per package", async () => {
    const own = await post("testkit-fake-scm", "[]", sign(SECRET, "[]"));
    expect(own.status).toBe(404);
  });

  it("refuses a forged signature with 401 and records nothing", async () => {
    label("1", ["agent"]);
    const body = JSON.stringify([
      { type: "issue_labeled", issue: "1", labels: ["agent"], deliveryId: "f-1" },
    ]);
    const out = await post("github", body, sign("not-the-secret", body));
    expect(out.status).toBe(401);
    expect(out.body.error).toMatchObject({ code: "UNAUTHORIZED" });
    expect(await deliveries()).toEqual([]);
    expect(await sessions()).toEqual([]);
    label("1", []);
  });

  it("refuses an oversized body with 413 before verifying it", async () => {
    const big = Buffer.alloc(6 * 1024 * 1024, "a");
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: "127.0.0.1",
          port: daemon.port,
          path: "/webhooks/github",
          method: "POST",
          headers: { "content-length": big.length, "x-ao-signature": sign(SECRET, big) },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      // The server may answer and close before the whole body is sent.
      req.on("error", (error) =>
        (error as NodeJS.ErrnoException).code === "EPIPE" ? undefined : reject(error),
      );
      req.end(big);
    });
    expect(status).toBe(413);
    expect(await deliveries()).toEqual([]);
  });

  it("answers 202 for a verified delivery neither plugin maps, and journals nothing", async () => {
    const out = await deliver([]);
    expect(out.status).toBe(202);
    expect(out.body).toMatchObject({ events: 0, ignored: true });
    expect(await deliveries()).toEqual([]);
  });

  it("an issue labelled for intake is spawned by the delivery, without a poll; a redelivery changes nothing", async () => {
    label("1", ["agent"]);
    const event = {
      type: "issue_labeled",
      issue: "1",
      labels: ["agent"],
      repo: "acme/app",
      deliveryId: "d-9",
    };
    const out = await deliver([event, { type: "ci_passed", pr: 99, repo: "acme/app", deliveryId: "d-9" }]);
    expect(out.status, JSON.stringify(out.body)).toBe(200);
    expect(out.body.events).toBe(2);
    expect(await sessions()).toEqual(["1"]);
    expect((await deliver([event])).status).toBe(200);
    expect(await sessions()).toEqual(["1"]);
    const ids = (await deliveries()).map((r) => [r.id, r.actor]).sort();
    // The SCM's and the tracker's records of one delivery are kept apart.
    expect(ids).toEqual([
      ["d-9", { kind: "webhook", route: "github" }],
      ["tracker:d-9:1", { kind: "webhook", route: "github" }],
    ]);
  });
});
