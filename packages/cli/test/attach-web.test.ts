import { createServer, type Server } from "node:http";
import { mkdirSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dashboardAccess } from "../src/dashboard-access.js";
import { browserOpener, runTerminalAction } from "../src/terminal-action.js";
import { ao, fakeWorld } from "./helpers.js";

const ADMIN_TOKEN = "admin-token-must-stay-secret-0123456789abcdef";

/** A stand-in daemon: it answers /api/login-url for the admin bearer only, and records what it was sent. */
function loginDaemon(): {
  server: Server;
  seen: Array<{ auth: string | undefined; body: string; url: string }>;
} {
  const seen: Array<{ auth: string | undefined; body: string; url: string }> = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      seen.push({ auth: req.headers.authorization, body, url: req.url ?? "" });
      if (req.url !== "/api/login-url" || req.headers.authorization !== `Bearer ${ADMIN_TOKEN}`) {
        res.writeHead(401, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { code: "UNAUTHORIZED", message: "no", hint: "token" } }));
        return;
      }
      const port = (server.address() as AddressInfo).port;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ url: `http://127.0.0.1:${port}/login?token=one-time-code` }));
    });
  });
  return { server, seen };
}

/** A home where a daemon (this test process stands in for its pid) listens on `port`. */
function daemonHome(home: string, port: number): void {
  mkdirSync(home, { recursive: true });
  writeFileSync(join(home, "daemon.json"), JSON.stringify({ pid: process.pid, port, host: "127.0.0.1" }));
  writeFileSync(join(home, "api-token"), ADMIN_TOKEN, { mode: 0o600 });
}

describe("the web terminal from the CLI", () => {
  let world: ReturnType<typeof fakeWorld>;
  let daemon: ReturnType<typeof loginDaemon>;
  let port: number;
  beforeAll(async () => {
    world = fakeWorld();
    daemon = loginDaemon();
    await new Promise<void>((resolve) => daemon.server.listen(0, "127.0.0.1", resolve));
    port = (daemon.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => daemon.server.close(resolve));
    world.cleanup();
  });

  it("ao open and ao attach --web say to start the daemon when none runs", async () => {
    const env: NodeJS.ProcessEnv = { ...world.env, DISPLAY: "", WAYLAND_DISPLAY: "" };
    const id = JSON.parse((await ao(["spawn", "1", "--json"], { cwd: world.dir, env })).stdout).sessions[0]
      .id;
    for (const args of [
      ["open", id],
      ["attach", "--web", id],
    ]) {
      const result = await ao(args, { cwd: world.dir, env });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/No ao daemon is running/);
      expect(result.stderr).toMatch(/ao start/);
    }
  });

  it("ao open prints a one-time login URL that lands on the session's page, without a display", async () => {
    const env: NodeJS.ProcessEnv = { ...world.env, DISPLAY: "", WAYLAND_DISPLAY: "" };
    const id = JSON.parse((await ao(["spawn", "2", "--json"], { cwd: world.dir, env })).stdout).sessions[0]
      .id;
    daemonHome(env.AO_HOME as string, port);
    const result = await ao(["open", id], { cwd: world.dir, env });
    expect(result.code, result.stderr).toBe(0);
    const url = new URL(result.stdout.trim());
    expect(url.pathname).toBe("/login");
    expect(url.searchParams.get("token")).toBe("one-time-code");
    expect(url.searchParams.get("next")).toBe(`/sessions/${id}`);
    // The admin token went only into the Authorization header of the CLI's own request.
    expect(result.stdout + result.stderr).not.toContain(ADMIN_TOKEN);
    const asked = daemon.seen.at(-1);
    expect(asked?.auth).toBe(`Bearer ${ADMIN_TOKEN}`);
    expect(asked?.url).not.toContain(ADMIN_TOKEN);
    expect(JSON.parse(asked?.body ?? "{}")).toEqual({ next: `/sessions/${id}` });
  });

  it("dashboardAccess is undefined without a daemon, and its base URL holds no credential", async () => {
    expect(await dashboardAccess(join(world.dir, "no-home"))).toBeUndefined();
    const home = join(world.dir, "home-b");
    daemonHome(home, port);
    const access = await dashboardAccess(home);
    expect(access?.url).toBe(`http://127.0.0.1:${port}`);
  });
});

describe("running a terminal's action", () => {
  it("opens URLs only where there is a display", () => {
    expect(browserOpener({ platform: "darwin", env: {} })).toBe("open");
    expect(browserOpener({ platform: "linux", env: {} })).toBeUndefined();
    expect(browserOpener({ platform: "linux", env: { DISPLAY: ":0" } })).toBe("xdg-open");
    expect(browserOpener({ platform: "linux", env: { WAYLAND_DISPLAY: "wayland-0" } })).toBe("xdg-open");
  });

  it("prints a URL without a display, runs an argv with its exit code, refuses AppleScript off macOS", async () => {
    const said: string[] = [];
    const host = { platform: "linux" as const, env: {}, say: (line: string) => said.push(line) };
    expect(await runTerminalAction({ kind: "url", url: "http://127.0.0.1:1/x" }, host.say, host)).toBe(0);
    expect(said).toEqual(["http://127.0.0.1:1/x"]);
    expect(await runTerminalAction({ kind: "argv", argv: ["sh", "-c", "exit 3"] }, host.say, host)).toBe(3);
    await expect(
      runTerminalAction({ kind: "applescript", script: "beep" }, host.say, host),
    ).rejects.toMatchObject({
      code: "CANNOT_ATTACH",
    });
    await expect(
      runTerminalAction({ kind: "argv", argv: ["/nonexistent/ao-terminal"] }, host.say, host),
    ).rejects.toMatchObject({ code: "ATTACH_FAILED" });
  });
});
