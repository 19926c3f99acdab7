import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DashboardWorld, dashboardWorld, INDEX, OUTSIDE } from "./dashboard-helpers.js";
import { stopDaemon } from "./daemon-helpers.js";
import { ao } from "./helpers.js";
import { raw, send } from "./http-client.js";

// The daemon serving the dashboard's files: a test build in a temp dir (AO_DASHBOARD_DIR).
describe("the dashboard's pages", () => {
  let d: DashboardWorld;
  const page = (path: string, headers: Record<string, string> = {}) =>
    send(d.daemon.port, "GET", path, { host: d.host, cookie: d.cookie, ...headers });

  beforeAll(async () => {
    d = await dashboardWorld();
  });
  afterAll(async () => {
    if (d) await stopDaemon(d.daemon);
    d?.world.cleanup();
  });

  it("shows a browser without a login how to get one, and nothing else", async () => {
    const spawned = await send(
      d.daemon.port,
      "POST",
      "/api/sessions",
      { host: d.host, authorization: `Bearer ${d.daemon.token}`, "content-type": "application/json" },
      JSON.stringify({ project: "app", issue: "1" }),
    );
    expect(spawned.status).toBe(201);
    const id = JSON.parse(spawned.body).session.id as string;
    for (const path of ["/", "/sessions/app-1", "/prs", "/assets/app-1a2b3c.js"]) {
      const answer = await send(d.daemon.port, "GET", path, { host: d.host });
      expect(answer.status, path).toBe(401);
      expect(answer.headers["content-type"]).toBe("text/html; charset=utf-8");
      expect(answer.body).toContain("ao login-url");
      expect(answer.body).not.toContain(id);
      expect(answer.body).not.toContain("console.log");
      expect(answer.body).not.toContain("<script");
      expect(answer.headers["content-security-policy"]).toContain("default-src 'self'");
    }
  });

  it("serves index.html for the app's routes, never cached, with a strict policy", async () => {
    for (const path of ["/", "/sessions/app-1", "/prs", "/projects/app", "/sessions/a%20b"]) {
      const answer = await page(path);
      expect(answer.status, path).toBe(200);
      expect(answer.body).toBe(INDEX);
      expect(answer.headers["content-type"]).toBe("text/html; charset=utf-8");
      expect(answer.headers["cache-control"]).toBe("no-cache");
    }
    const headers = (await page("/")).headers;
    const csp = String(headers["content-security-policy"]);
    for (const rule of [
      "default-src 'self'",
      "script-src 'self'",
      "connect-src 'self'",
      "frame-ancestors 'none'",
      "object-src 'none'",
    ]) {
      expect(csp).toContain(rule);
    }
    expect(csp).not.toContain("unsafe-inline");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("no-referrer");
    // The bearer token works too (a script that fetches the page).
    const bearer = await send(d.daemon.port, "GET", "/", {
      host: d.host,
      authorization: `Bearer ${d.daemon.token}`,
    });
    expect(bearer.body).toBe(INDEX);
  });

  it("serves hashed assets for a year with their content type, and a missing one as 404, not the page", async () => {
    const js = await page("/assets/app-1a2b3c.js");
    expect(js.status).toBe(200);
    expect(js.body).toBe("console.log('board')");
    expect(js.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect(js.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect((await page("/assets/app-1a2b3c.css")).headers["content-type"]).toBe("text/css; charset=utf-8");
    const icon = await page("/favicon.svg");
    expect(icon.headers["content-type"]).toBe("image/svg+xml");
    expect(icon.headers["cache-control"]).toBe("no-cache");
    for (const path of ["/assets/app-0000.js", "/assets/", "/nope.png"]) {
      const answer = await page(path);
      expect(answer.status, path).toBe(404);
      expect(answer.body).not.toBe(INDEX);
    }
  });

  it("never serves a file outside its directory, however the path is spelled", async () => {
    const head = (target: string) =>
      `GET ${target} HTTP/1.1\r\nHost: ${d.host}\r\nCookie: ${d.cookie}\r\nConnection: close\r\n\r\n`;
    const targets = [
      "/../outside.txt",
      "/assets/../../outside.txt",
      "/%2e%2e/outside.txt",
      "/%2E%2E/%2e%2e/outside.txt",
      "/assets/%2e%2e/%2e%2e/outside.txt",
      "/..%2foutside.txt",
      "/%2e%2e%2foutside.txt",
      "/..%5coutside.txt",
      "/%2e%2e%5coutside.txt",
      "/assets/%00.js",
      "/outside.txt%00.js",
      "/link.txt",
      `/${encodeURIComponent(`${d.world.dir}/outside.txt`)}`,
      `//${d.world.dir}/outside.txt`,
      "http://127.0.0.1/../outside.txt",
    ];
    for (const target of targets) {
      const answer = await raw(d.daemon.port, head(target));
      expect(answer, target).toMatch(/^HTTP\/1\.1 (200|400|404)/);
      expect(answer, target).not.toContain(OUTSIDE);
    }
    // An encoded separator or NUL is refused outright, before the file system is asked.
    for (const target of ["/..%2foutside.txt", "/..%5coutside.txt", "/assets/%00.js"]) {
      expect(await raw(d.daemon.port, head(target)), target).toMatch(/^HTTP\/1\.1 400/);
    }
  });

  it("ao dashboard prints a fresh login link that lands on a session's page, never the admin token", async () => {
    const out = await ao(["dashboard", "app-1", "--json"], { cwd: d.world.dir, env: d.world.env });
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).not.toContain(d.daemon.token);
    const url = new URL(JSON.parse(out.stdout).url);
    expect(url.searchParams.get("token")).toMatch(/^[0-9a-f]{64}$/);
    const login = await send(d.daemon.port, "GET", url.pathname + url.search, { host: d.host });
    expect(login.status).toBe(303);
    expect(login.headers.location).toBe("/sessions/app-1");
    // A login link cannot send the browser to another site.
    const printed = new URL(d.loginUrl);
    const fresh = JSON.parse(
      (await ao(["login-url", "--json"], { cwd: d.world.dir, env: d.world.env })).stdout,
    ).url;
    const evil = `${new URL(fresh).pathname}${new URL(fresh).search}&next=${encodeURIComponent("//evil.example/x")}`;
    const away = await send(d.daemon.port, "GET", evil, { host: d.host });
    expect(away.status).toBe(303);
    expect(away.headers.location).toBe("/");
    expect(printed.searchParams.has("next")).toBe(false);
  });

  it("answers other Hosts and methods as the API does", async () => {
    expect((await page("/", { host: "evil.example" })).status).toBe(421);
    const head = await raw(
      d.daemon.port,
      `HEAD / HTTP/1.1\r\nHost: ${d.host}\r\nCookie: ${d.cookie}\r\nConnection: close\r\n\r\n`,
    );
    expect(head).toMatch(/^HTTP\/1\.1 405/);
  });
});
