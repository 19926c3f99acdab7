import { spawn } from "node:child_process";
import { once } from "node:events";
import { lstatSync, statSync } from "node:fs";
import { type AddressInfo, createServer, type Socket } from "node:net";
import { join } from "node:path";
import { tempDir, type TempDir } from "@ao/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type EgressLogEntry, type EgressProxy, type Lookup, startEgressProxy } from "../src/index.js";
import { echoServer, eventually, helloServer, openTunnel, rawClient, statusOf } from "./helpers.js";

const NAMES: Record<string, string> = { "api.test": "127.0.0.1", "a.wild.test": "127.0.0.1" };
const lookup: Lookup = async (host) => {
  const address = NAMES[host];
  if (!address) throw new Error(`ENOTFOUND ${host}`);
  return [address];
};

let dir: TempDir;
let proxy: EgressProxy | undefined;
let log: EgressLogEntry[];
const closers: (() => Promise<void>)[] = [];

beforeEach(async () => {
  dir = await tempDir("ao-egress-");
  log = [];
});
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
  for (const close of closers.splice(0)) await close();
  await dir.cleanup();
});

async function start(allow: string[], extra: { maxTunnels?: number } = {}): Promise<string> {
  const socketPath = join(dir.path, "egress.sock");
  proxy = await startEgressProxy({ socketPath, allow, lookup, log: (e) => log.push(e), ...extra });
  return socketPath;
}

describe("CONNECT tunnels", () => {
  it("opens a tunnel to an allowed name and carries bytes both ways", async () => {
    const echo = await echoServer();
    closers.push(echo.close);
    const socket = await start([`api.test:${echo.port}`]);
    const tunnel = await openTunnel(socket, `api.test:${echo.port}`);
    expect(statusOf(tunnel.received())).toBe(200);
    tunnel.socket.write("ping through the tunnel");
    expect(await tunnel.waitFor(/ping through the tunnel/)).toContain("ping through the tunnel");
    expect(log).toEqual([{ action: "allowed", kind: "connect", host: "api.test", port: echo.port }]);
    tunnel.socket.destroy();
  });

  it("refuses a host that is not allowed, the right host on another port, and logs the host alone", async () => {
    const echo = await echoServer();
    closers.push(echo.close);
    const socket = await start([`api.test:${echo.port}`]);
    const secret = "Basic c2VjcmV0LXRva2VuLTQy";
    const other = await openTunnel(socket, `evil.test:${echo.port}`, `Proxy-Authorization: ${secret}\r\n`);
    expect(statusOf(await other.closed())).toBe(403);
    expect(other.received()).toContain("evil.test");
    const port = await openTunnel(socket, `api.test:${echo.port + 1}`);
    expect(statusOf(await port.closed())).toBe(403);
    expect(log.map((e) => [e.action, e.host])).toEqual([
      ["denied", "evil.test"],
      ["denied", "api.test"],
    ]);
    expect(JSON.stringify(log)).not.toContain("c2VjcmV0");
  });

  it("refuses IP literals in internal ranges unless a rule names them exactly", async () => {
    const echo = await echoServer();
    closers.push(echo.close);
    const socket = await start([`127.0.0.1:${echo.port}`, "*.wild.test:443"]);
    for (const target of [`127.0.0.2:${echo.port}`, "10.1.2.3:443", "169.254.169.254:80", "[::1]:443"]) {
      const refused = await openTunnel(socket, target);
      expect(statusOf(await refused.closed()), target).toBe(403);
      expect(refused.received()).toContain("internal address");
    }
    const listed = await openTunnel(socket, `127.0.0.1:${echo.port}`);
    expect(statusOf(listed.received())).toBe(200);
    listed.socket.destroy();
  });

  it("refuses a wildcard name that resolves to an internal address", async () => {
    const socket = await start(["*.wild.test:443"]);
    const tunnel = await openTunnel(socket, "a.wild.test:443");
    expect(statusOf(await tunnel.closed())).toBe(403);
    expect(log[0]).toMatchObject({ action: "denied", reason: expect.stringContaining("wildcard") });
  });

  it("answers 502 when an allowed destination refuses the connection", async () => {
    const echo = await echoServer();
    const port = echo.port;
    await echo.close(); // nothing listens there any more
    const socket = await start([`api.test:${port}`]);
    const tunnel = await openTunnel(socket, `api.test:${port}`);
    expect(statusOf(await tunnel.closed())).toBe(502);
  });

  it("answers malformed requests with 400 and keeps serving", async () => {
    const echo = await echoServer();
    closers.push(echo.close);
    const socket = await start([`api.test:${echo.port}`]);
    for (const target of [
      "api.test",
      "api.test:99999",
      ":443",
      "user:pw@api.test:443",
      "api.test:0",
      "a b:443",
    ]) {
      const bad = await openTunnel(socket, target);
      expect(statusOf(await bad.closed()), target).toBe(400);
    }
    const garbage = await rawClient(socket);
    garbage.socket.write("\x00\x01\x02 not http at all\r\n\r\n");
    expect(statusOf(await garbage.closed())).toBe(400);
    const good = await openTunnel(socket, `api.test:${echo.port}`);
    expect(statusOf(good.received())).toBe(200);
    good.socket.destroy();
    expect(log.filter((e) => e.kind === "malformed").length).toBeGreaterThanOrEqual(5);
  });

  it("limits concurrent tunnels and frees a slot when one closes", async () => {
    const echo = await echoServer();
    closers.push(echo.close);
    const socket = await start([`api.test:${echo.port}`], { maxTunnels: 2 });
    const one = await openTunnel(socket, `api.test:${echo.port}`);
    const two = await openTunnel(socket, `api.test:${echo.port}`);
    expect([statusOf(one.received()), statusOf(two.received())]).toEqual([200, 200]);
    const three = await openTunnel(socket, `api.test:${echo.port}`);
    expect(statusOf(await three.closed())).toBe(503);
    one.socket.destroy();
    await eventually(() => proxy?.activeTunnels === 1, "the closed tunnel's slot is free");
    const four = await openTunnel(socket, `api.test:${echo.port}`);
    expect(statusOf(four.received())).toBe(200);
    two.socket.destroy();
    four.socket.destroy();
  });
});

describe("clients that go away, and a failing log", () => {
  it("frees the slot of a client that left while its name was being resolved, leaving nothing open", async () => {
    // Keeps what it accepts open: only the proxy can close a connection it made.
    const open = new Set<Socket>();
    const server = createServer((s) => {
      open.add(s);
      s.on("close", () => open.delete(s));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    closers.push(() => new Promise((r) => server.close(() => r())));
    const port = (server.address() as AddressInfo).port;
    let answer: (addresses: string[]) => void = () => {};
    let asked = false;
    const socketPath = join(dir.path, "egress.sock");
    proxy = await startEgressProxy({
      socketPath,
      allow: [`slow.test:${port}`],
      lookup: () => {
        asked = true;
        return new Promise((resolve) => {
          answer = resolve;
        });
      },
    });
    const client = await rawClient(socketPath);
    client.socket.write(`CONNECT slow.test:${port} HTTP/1.1\r\nHost: slow.test\r\n\r\n`);
    await eventually(() => asked, "the proxy resolves the name");
    client.socket.destroy();
    await client.closed();
    answer(["127.0.0.1"]);
    await eventually(() => proxy?.activeTunnels === 0, "the slot is free");
    // Whatever the proxy opened for the departed client is closed again, and it still serves.
    await eventually(() => open.size === 0, "no upstream connection is left open");
    const next = await rawClient(socketPath);
    next.socket.write("CONNECT other.test:1 HTTP/1.1\r\nHost: other.test\r\n\r\n");
    expect(statusOf(await next.closed())).toBe(403);
  });

  it("ends only the connection whose log entry failed, and keeps serving", async () => {
    const socketPath = join(dir.path, "egress.sock");
    let calls = 0;
    proxy = await startEgressProxy({
      socketPath,
      allow: [],
      log: () => {
        calls++;
        if (calls === 1) throw new Error("log sink is full");
      },
    });
    const first = await rawClient(socketPath);
    first.socket.write("CONNECT a.test:443 HTTP/1.1\r\nHost: a.test\r\n\r\n");
    expect(await first.closed()).toBe("");
    const second = await openTunnel(socketPath, "b.test:443");
    expect(statusOf(await second.closed())).toBe(403);
  });
});

describe("plain HTTP forwarding", () => {
  it("forwards absolute-form requests to allowed hosts without the proxy's credentials", async () => {
    const hello = await helloServer();
    closers.push(hello.close);
    const socket = await start([`api.test:${hello.port}`]);
    const client = await rawClient(socket);
    client.socket.write(
      `GET http://api.test:${hello.port}/path?q=1 HTTP/1.1\r\nHost: api.test:${hello.port}\r\n` +
        "Proxy-Authorization: Basic c2VjcmV0\r\nX-Kept: yes\r\nConnection: close\r\n\r\n",
    );
    const answer = await client.closed();
    expect(statusOf(answer)).toBe(200);
    expect(answer).toContain("hello /path?q=1");
    expect(hello.seen[0]?.headers["proxy-authorization"]).toBeUndefined();
    expect(hello.seen[0]?.headers["x-kept"]).toBe("yes");
    expect(hello.seen[0]?.headers.host).toBe(`api.test:${hello.port}`);
  });

  it("refuses plain HTTP to other hosts, origin-form requests and upgrades", async () => {
    const hello = await helloServer();
    closers.push(hello.close);
    const socket = await start([`api.test:${hello.port}`]);
    const send = async (text: string) => {
      const c = await rawClient(socket);
      c.socket.write(text);
      return c.closed();
    };
    const denied = await send(
      `GET http://user:hunter2@evil.test:${hello.port}/ HTTP/1.1\r\nHost: evil.test\r\n\r\n`,
    );
    expect(statusOf(denied)).toBe(403);
    expect(statusOf(await send("GET /direct HTTP/1.1\r\nHost: api.test\r\n\r\n"))).toBe(400);
    const upgrade = await send(
      `GET http://api.test:${hello.port}/ws HTTP/1.1\r\nHost: api.test\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n`,
    );
    expect(statusOf(upgrade)).toBe(400);
    expect(hello.seen).toEqual([]);
    expect(JSON.stringify(log)).not.toContain("hunter2");
  });
});

describe("the socket", () => {
  it("is private to its user and not taken from a live proxy", async () => {
    const socket = await start([]);
    expect(statSync(socket).mode & 0o777).toBe(0o600);
    const second = await startEgressProxy({ socketPath: socket, allow: [] }).catch((e) => e);
    expect(second.code).toBe("EGRESS_SOCKET_IN_USE");
    expect(second.hint).toBeTruthy();
  });

  it("replaces the socket file a crashed proxy left behind", async () => {
    const socketPath = join(dir.path, "egress.sock");
    const listen = `require("node:net").createServer().listen(${JSON.stringify(socketPath)}, () => console.log("up"))`;
    const crashed = spawn(process.execPath, ["-e", listen]);
    await once(crashed.stdout, "data");
    crashed.kill("SIGKILL");
    await once(crashed, "exit");
    expect(lstatSync(socketPath).isSocket()).toBe(true);
    proxy = await startEgressProxy({ socketPath, allow: [] });
    const client = await rawClient(socketPath);
    client.socket.write("CONNECT nowhere.test:443 HTTP/1.1\r\nHost: nowhere.test:443\r\n\r\n");
    expect(statusOf(await client.closed())).toBe(403);
  });

  it("refuses an allow entry that is not host:port, naming the owner", async () => {
    const err = await startEgressProxy({
      socketPath: join(dir.path, "x.sock"),
      allow: ["api.example.com"],
      owner: "runtime-docker",
    }).catch((e) => e);
    expect(err.code).toBe("PLUGIN_OPTION_INVALID");
    expect(err.message).toContain("runtime-docker");
    expect(err.message).toContain("api.example.com");
    expect(err.hint).toContain("host:port");
  });
});
