import { createHmac } from "node:crypto";
import { existsSync, statSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, type Daemon, startDaemon, stopDaemon } from "./daemon-helpers.js";
import { ao, fakeWorld } from "./helpers.js";

describe("the daemon and its HTTP API", () => {
  let world: ReturnType<typeof fakeWorld>;
  let daemon: Daemon;
  const run = (...args: string[]) => ao(args, { cwd: world.dir, env: world.env });

  beforeAll(async () => {
    world = fakeWorld();
    daemon = await startDaemon(world);
  });
  afterAll(async () => {
    if (daemon) await stopDaemon(daemon);
    world.cleanup();
  });

  it("listens on the free port it was given (port 0) and writes a 0600 token", () => {
    expect(daemon.port).toBeGreaterThan(0);
    expect(statSync(join(world.env.AO_HOME as string, "api-token")).mode & 0o777).toBe(0o600);
  });

  it("refuses to act without the token (401) and acts with it", async () => {
    expect((await api(daemon, "POST", "/api/sessions", { project: "app", issue: "1" }, null)).status).toBe(
      401,
    );
    expect((await api(daemon, "POST", "/api/sessions", { project: "app", issue: "1" }, "wrong")).status).toBe(
      401,
    );
    expect((await api(daemon, "POST", "/api/refresh", {}, null)).status).toBe(401);
    const made = await api(daemon, "POST", "/api/sessions", { project: "app", issue: "1" });
    expect(made.status).toBe(201);
    expect((made.body.session as { issue: string }).issue).toBe("1");
    expect((await api(daemon, "GET", "/api/sessions", undefined, null)).status).toBe(401);
    const list = await api(daemon, "GET", "/api/sessions");
    expect((list.body.sessions as unknown[]).length).toBe(1);
    expect((await api(daemon, "GET", "/api/sessions/nope")).status).toBe(404);
    expect((await api(daemon, "POST", "/api/sessions", { project: "app" })).status).toBe(400);
  });

  it("has no webhook route when no plugin has a secret", async () => {
    const res = await fetch(`http://127.0.0.1:${daemon.port}/webhooks/testkit-fake-scm`, {
      method: "POST",
      body: "{}",
    });
    expect(res.status).toBe(404);
  });

  it("streams journal records as server-sent events", async () => {
    const id = ((await api(daemon, "GET", "/api/sessions")).body.sessions as Array<{ id: string }>)[0]!.id;
    const received: string[] = [];
    const done = new Promise<void>((resolve, reject) => {
      const req = request(
        `http://127.0.0.1:${daemon.port}/api/events?session=${id}`,
        { headers: { authorization: `Bearer ${daemon.token}` } },
        (res) => {
          expect(res.headers["content-type"]).toBe("text/event-stream");
          res.on("data", (chunk) => {
            received.push(String(chunk));
            if (received.join("").includes('"user_message"')) {
              req.destroy();
              resolve();
            }
          });
        },
      );
      req.on("error", (e) => (received.join("").includes("user_message") ? resolve() : reject(e)));
      req.end();
    });
    await sleep(200);
    expect((await api(daemon, "POST", `/api/sessions/${id}/send`, { text: "over SSE" })).status).toBe(200);
    await done;
    expect(received.join("")).toContain("event: record");
  });

  it("4 concurrent CLI processes: every event journaled exactly once", async () => {
    const id = ((await api(daemon, "GET", "/api/sessions")).body.sessions as Array<{ id: string }>)[0]!.id;
    const texts = ["one", "two", "three", "four"].map((t) => `concurrent ${t}`);
    const results = await Promise.all(texts.map((t) => run("send", id, t, "--json")));
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const events = await run("events", id, "--json");
    const sent = events.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l))
      .filter(
        (r) => r.kind === "event" && r.event.type === "user_message" && r.event.text.startsWith("concurrent"),
      )
      .map((r) => r.event.text)
      .sort();
    expect(sent).toEqual([...texts].sort());
  });

  it("a retried request id is applied once", async () => {
    const id = ((await api(daemon, "GET", "/api/sessions")).body.sessions as Array<{ id: string }>)[0]!.id;
    const send = () =>
      fetch(`http://127.0.0.1:${daemon.port}/api/sessions/${id}/send`, {
        method: "POST",
        headers: { authorization: `Bearer ${daemon.token}`, "x-request-id": "fixed-id-1" },
        body: JSON.stringify({ text: "only once" }),
      });
    expect((await send()).status).toBe(200);
    expect((await send()).status).toBe(200);
    const events = await run("events", id, "--json");
    const count = events.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l))
      .filter(
        (r) => r.kind === "event" && r.event.type === "user_message" && r.event.text === "only once",
      ).length;
    expect(count).toBe(1);
  });

  it("status reads the journal while the daemon runs; stop ends it cleanly", async () => {
    const status = JSON.parse((await run("status", "--json")).stdout);
    expect(status.sessions.length).toBe(1);
    const refreshed = await run("status", "--refresh", "--json");
    expect(refreshed.code).toBe(0);
    const stopped = await run("stop");
    expect(stopped.code).toBe(0);
    expect(stopped.stdout).toContain("stopped");
    expect(daemon.child.exitCode ?? (await new Promise((r) => daemon.child.once("exit", r)))).toBe(0);
    expect(existsSync(join(world.env.AO_HOME as string, "daemon.json"))).toBe(false);
    // The journal tells that a daemon ran: its start and its clean stop.
    const daemons = (await run("events", "--json")).stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l))
      .filter((r) => r.kind === "daemon");
    expect(daemons.map((r) => [r.event, r.pid])).toEqual([
      ["started", daemon.child.pid],
      ["stopped", daemon.child.pid],
    ]);
    expect(daemons[0].version).toBe("0.1.0");
  });
});

describe("ao start --detach, and a second daemon", () => {
  it("returns once the daemon listens; a second start is refused; stop ends it", async () => {
    const world = fakeWorld();
    try {
      const run = (...args: string[]) => ao(args, { cwd: world.dir, env: world.env });
      const started = await run("start", "--detach");
      expect(started.code, started.stderr).toBe(0);
      expect(started.stdout).toMatch(/ao daemon started \(pid \d+\) on http:\/\/127\.0\.0\.1:\d+/);
      const second = await run("start");
      expect(second.code).toBe(1);
      expect(second.stderr).toContain("already serves");
      const sessions = await run("spawn", "1", "--json");
      expect(sessions.code, sessions.stderr).toBe(0);
      expect((await run("stop")).code).toBe(0);
      expect(existsSync(join(world.env.AO_HOME as string, "daemon.json"))).toBe(false);
    } finally {
      await ao(["stop"], { cwd: world.dir, env: world.env });
      world.cleanup();
    }
  });
});

describe("webhook routes", () => {
  it("are mounted for a plugin with a secret and hand it the raw body", async () => {
    const world = fakeWorld();
    const env = { ...world.env, AO_TEST_SECRET: "s3cret" };
    const daemon = await startDaemon(world, env);
    try {
      const body = JSON.stringify({ type: "ci_passed", pr: 1 });
      const bad = await fetch(`http://127.0.0.1:${daemon.port}/webhooks/testkit-fake-scm`, {
        method: "POST",
        headers: { "x-ao-signature": "sha256=00" },
        body,
      });
      expect(bad.status).not.toBe(404);
      expect(bad.status).not.toBe(200);
      const signature = `sha256=${createHmac("sha256", "s3cret").update(body).digest("hex")}`;
      const good = await fetch(`http://127.0.0.1:${daemon.port}/webhooks/testkit-fake-scm`, {
        method: "POST",
        headers: { "x-ao-signature": signature },
        body,
      });
      expect(good.status, await good.clone().text()).toBe(200);
    } finally {
      await stopDaemon(daemon);
      world.cleanup();
    }
  });
});
