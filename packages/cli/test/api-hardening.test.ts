import { createHmac } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Daemon, startDaemon, stopDaemon } from "./daemon-helpers.js";
import { ao, fakeWorld } from "./helpers.js";
import { raw, send } from "./http-client.js";

/** The JSON the daemon printed at start (`ao start --json`), once it is there. */
async function startLine(d: Daemon): Promise<{ url: string; loginUrl?: string }> {
  for (let i = 0; i < 100 && !d.stdout().trim().endsWith("}"); i++) await sleep(50);
  return JSON.parse(d.stdout());
}

describe("the HTTP server against hostile requests", () => {
  let world: ReturnType<typeof fakeWorld>;
  let daemon: Daemon;
  let host = "";
  const admin = () => ({ host, authorization: `Bearer ${daemon.token}` });

  beforeAll(async () => {
    world = fakeWorld();
    daemon = await startDaemon(world, world.env, ["--json"]);
    host = `127.0.0.1:${daemon.port}`;
  });
  afterAll(async () => {
    if (daemon) await stopDaemon(daemon);
    world.cleanup();
  });

  it("answers malformed request lines, bad encodings and odd methods with a 4xx, and keeps serving", async () => {
    const auth = `Authorization: Bearer ${daemon.token}\r\n`;
    const head = (line: string, extra = "") =>
      `${line}\r\nHost: ${host}\r\n${extra}Connection: close\r\n\r\n`;
    const cases: Array<[string, RegExp]> = [
      [head("GET //[ HTTP/1.1", auth), /^HTTP\/1\.1 400/],
      [head("GET //evil.example/api/sessions HTTP/1.1", auth), /^HTTP\/1\.1 400/],
      [head("GET http://evil.example/api/sessions HTTP/1.1", auth), /^HTTP\/1\.1 400/],
      [head("GET /api/sessions/%E0%A4%A HTTP/1.1", auth), /^HTTP\/1\.1 400/],
      [head("GET /api/sessions/%ZZ HTTP/1.1", auth), /^HTTP\/1\.1 400/],
      [head("POST /webhooks/%C0 HTTP/1.1", "Content-Length: 0\r\n"), /^HTTP\/1\.1 400/],
      [head("HEAD /api/health HTTP/1.1"), /^HTTP\/1\.1 405/],
      [head("DELETE /api/sessions HTTP/1.1", auth), /^HTTP\/1\.1 405/],
      [head("OPTIONS * HTTP/1.1"), /^HTTP\/1\.1 405/],
      [
        head("POST /api/sessions HTTP/1.1", `${auth}Content-Length: 9\r\n`).replace(
          /\r\n\r\n$/,
          "\r\n\r\n{not json",
        ),
        /^HTTP\/1\.1 400/,
      ],
      [head("GET / HTTP/1.1", "Content-Length: abc\r\n"), /^HTTP\/1\.1 400/],
      ["GARBAGE\r\n\r\n", /^HTTP\/1\.1 400/],
      ["GET /api/health HTTP/1.1\r\nHost: a\r\n\u0000\r\n\r\n", /^HTTP\/1\.1 400/],
    ];
    for (const [request, expected] of cases) {
      const answer = await raw(daemon.port, request);
      expect(answer, JSON.stringify(request)).toMatch(expected);
    }
    expect(daemon.child.exitCode).toBeNull();
    const health = await send(daemon.port, "GET", "/api/health", { host });
    expect(health.status).toBe(200);
    const sessions = await send(daemon.port, "GET", "/api/sessions", admin());
    expect(sessions.status).toBe(200);
  });

  it("says only ok and the version without a credential", async () => {
    const health = await send(daemon.port, "GET", "/api/health", { host });
    expect(Object.keys(JSON.parse(health.body)).sort()).toEqual(["ok", "version"]);
  });

  it("needs a credential for reads too, the event stream included", async () => {
    expect((await send(daemon.port, "GET", "/api/sessions", { host })).status).toBe(401);
    expect((await send(daemon.port, "GET", "/api/events", { host })).status).toBe(401);
    expect(
      (await send(daemon.port, "GET", "/api/sessions", { host, authorization: "Bearer nope" })).status,
    ).toBe(401);
    const stream = await send(daemon.port, "GET", "/api/events", admin());
    expect(stream.status).toBe(200);
    expect(stream.headers["content-type"]).toBe("text/event-stream");
  });

  it("serves only its own Host names: others get 421 even with the admin token", async () => {
    for (const name of [`127.0.0.1:${daemon.port}`, `localhost:${daemon.port}`, `[::1]:${daemon.port}`]) {
      expect((await send(daemon.port, "GET", "/api/sessions", { ...admin(), host: name })).status, name).toBe(
        200,
      );
    }
    for (const name of [
      "evil.example",
      `evil.example:${daemon.port}`,
      "127.0.0.1",
      `localhost:${daemon.port + 1}`,
    ]) {
      const answer = await send(daemon.port, "GET", "/api/sessions", { ...admin(), host: name });
      expect(answer.status, name).toBe(421);
      expect(JSON.parse(answer.body).error.code).toBe("MISDIRECTED_REQUEST");
    }
    expect((await send(daemon.port, "GET", "/api/health", { host: "rebound.example" })).status).toBe(421);
  });

  it("refuses a browser Origin that is not its own, even with the admin token", async () => {
    for (const origin of ["http://evil.example", "null", `http://127.0.0.1:${daemon.port + 1}`, "file://"]) {
      const answer = await send(daemon.port, "POST", "/api/refresh", { ...admin(), origin }, "{}");
      expect(answer.status, origin).toBe(403);
      expect(JSON.parse(answer.body).error.code).toBe("CROSS_ORIGIN");
    }
    const own = await send(
      daemon.port,
      "POST",
      "/api/refresh",
      { ...admin(), origin: `http://${host}` },
      "{}",
    );
    expect(own.status).toBe(200);
  });

  it("logs a browser in once with the printed URL: an HttpOnly, SameSite=Strict cookie for acting from its own origin", async () => {
    const { loginUrl } = await startLine(daemon);
    expect(loginUrl).toMatch(
      new RegExp(`^http://127\\.0\\.0\\.1:${daemon.port}/login\\?token=[0-9a-f]{64}$`),
    );
    const path = new URL(loginUrl as string).pathname + new URL(loginUrl as string).search;
    const first = await send(daemon.port, "GET", path, { host });
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe("/");
    const setCookie = String(first.headers["set-cookie"]);
    expect(setCookie).toMatch(
      new RegExp(`^ao_${daemon.port}=[0-9a-f]{64}; HttpOnly; SameSite=Strict; Path=/$`),
    );
    expect(setCookie).not.toMatch(/domain/i);
    const again = await send(daemon.port, "GET", path, { host });
    expect(again.status).toBe(401);
    expect(JSON.parse(again.body).error.code).toBe("LOGIN_INVALID");

    const cookie = setCookie.split(";")[0] as string;
    expect((await send(daemon.port, "GET", "/api/sessions", { host, cookie })).status).toBe(200);
    expect(
      (
        await send(daemon.port, "GET", "/api/sessions", {
          host,
          cookie: `ao_${daemon.port}=${"0".repeat(64)}`,
        })
      ).status,
    ).toBe(401);
    // Acting with the cookie needs the daemon's own Origin: a cross-site form post has none or another.
    expect((await send(daemon.port, "POST", "/api/refresh", { host, cookie }, "{}")).status).toBe(403);
    expect(
      (await send(daemon.port, "POST", "/api/refresh", { host, cookie, origin: "http://evil.example" }, "{}"))
        .status,
    ).toBe(403);
    expect(
      (await send(daemon.port, "POST", "/api/refresh", { host, cookie, origin: `http://${host}` }, "{}"))
        .status,
    ).toBe(200);
  });

  it("ao login-url prints a fresh one-time link from the running daemon", async () => {
    const out = await ao(["login-url", "--json"], { cwd: world.dir, env: world.env });
    expect(out.code, out.stderr).toBe(0);
    const url = new URL(JSON.parse(out.stdout).url);
    expect((await send(daemon.port, "GET", url.pathname + url.search, { host })).status).toBe(303);
    expect((await send(daemon.port, "GET", url.pathname + url.search, { host })).status).toBe(401);
  });
});

describe("where the daemon listens", () => {
  const withServer = (world: ReturnType<typeof fakeWorld>, server: string) => {
    const file = join(world.dir, "ao.config.ts");
    writeFileSync(file, readFileSync(file, "utf8").replace(/server: \{[^}]*\}/, `server: ${server}`));
  };

  it("refuses a non-loopback server.host unless allowRemote says so, and warns when it does", async () => {
    const world = fakeWorld();
    try {
      withServer(world, '{ port: 0, host: "0.0.0.0" }');
      const refused = await ao(["start"], { cwd: world.dir, env: world.env });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain("server.allowRemote");
      expect(existsSync(join(world.env.AO_HOME as string, "daemon.json"))).toBe(false);

      withServer(world, '{ port: 0, host: "0.0.0.0", allowRemote: true }');
      const daemon = await startDaemon(world);
      try {
        for (let i = 0; i < 100 && !daemon.stderr().includes("warning"); i++) await sleep(50);
        expect(daemon.stderr()).toMatch(/warning.*0\.0\.0\.0/);
        const host = `127.0.0.1:${daemon.port}`;
        expect(
          (await send(daemon.port, "GET", "/api/sessions", { host, authorization: `Bearer ${daemon.token}` }))
            .status,
        ).toBe(200);
        expect((await send(daemon.port, "GET", "/api/sessions", { host })).status).toBe(401);
        // The CLI reaches a daemon bound to every interface through loopback, under a Host it serves.
        const refreshed = await ao(["status", "--refresh"], { cwd: world.dir, env: world.env });
        expect(refreshed.code, refreshed.stderr).toBe(0);
      } finally {
        await stopDaemon(daemon);
      }
    } finally {
      world.cleanup();
    }
  });

  it("a detached daemon hands the login link to the starting terminal, never to daemon.log", async () => {
    const world = fakeWorld();
    try {
      const started = await ao(["start", "--detach", "--json"], { cwd: world.dir, env: world.env });
      expect(started.code, started.stderr).toBe(0);
      const { loginUrl, log } = JSON.parse(started.stdout);
      const token = new URL(loginUrl).searchParams.get("token") as string;
      expect(token).toMatch(/^[0-9a-f]{64}$/);
      expect(readFileSync(log, "utf8")).not.toContain(token);
    } finally {
      await ao(["stop"], { cwd: world.dir, env: world.env });
      world.cleanup();
    }
  });
});

describe("webhooks behind server.publicUrl", () => {
  it("need no token but a signature, and are checked against the public Host; browsers are refused", async () => {
    const world = fakeWorld();
    const file = join(world.dir, "ao.config.ts");
    writeFileSync(
      file,
      readFileSync(file, "utf8").replace(
        "server: { port: 0 }",
        'server: { port: 0, publicUrl: "https://hooks.example.com" }',
      ),
    );
    let daemon: Daemon | undefined;
    try {
      daemon = await startDaemon(world, { ...world.env, AO_TEST_SECRET: "s3cret" });
      const port = daemon.port;
      const body = JSON.stringify({ type: "ci_passed", pr: 1 });
      const signature = `sha256=${createHmac("sha256", "s3cret").update(body).digest("hex")}`;
      const hook = (headers: Record<string, string>) =>
        send(port, "POST", "/webhooks/testkit-fake-scm", { "x-ao-signature": signature, ...headers }, body);
      expect((await hook({ host: "hooks.example.com" })).status).toBe(200);
      expect((await hook({ host: `127.0.0.1:${port}` })).status).toBe(200);
      expect((await hook({ host: "evil.example" })).status).toBe(421);
      expect((await hook({ host: "hooks.example.com", origin: "https://evil.example" })).status).toBe(403);
      expect((await hook({ host: "hooks.example.com", "x-ao-signature": "sha256=00" })).status).not.toBe(200);
    } finally {
      if (daemon) await stopDaemon(daemon);
      world.cleanup();
    }
  });
});
