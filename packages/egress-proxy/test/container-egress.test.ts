import { mkdirSync } from "node:fs";
import { type AddressInfo, createServer, type Server } from "node:net";
import { networkInterfaces } from "node:os";
import { join } from "node:path";
import { dockerCliAsync, skipWithoutDocker, tempDir, type TempDir } from "@ao/testkit";
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import {
  EGRESS_RELAY_CONTAINER_PATH,
  type EgressLogEntry,
  egressProxyEnv,
  startEgressProxy,
} from "../src/index.js";
import { helloServer } from "./helpers.js";

const docker = inject("aoDocker");
/** Containers run the built relay, as a runtime mounts it (the global setup builds dist when stale). */
const RELAY = join(import.meta.dirname, "..", "dist", "egress-relay.js");
const FIXTURES = join(import.meta.dirname, "fixtures");
const uid = process.getuid?.() ?? 0;
const gid = process.getgid?.() ?? 0;

/** A TCP server on the host's loopback that counts the connections it gets. */
async function countingServer(): Promise<{ port: number; connections: () => number; server: Server }> {
  let n = 0;
  const server = createServer((s) => {
    n++;
    s.destroy();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { port: (server.address() as AddressInfo).port, connections: () => n, server };
}

/** One of the host's own non-loopback IPv4 addresses, if it has one (never a Docker subnet: no bridge exists). */
function hostAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === "IPv4" && !a.internal)?.address;
}

// Under AO_TEST_FULL=1 a missing engine fails this suite instead of skipping it.
describe.skipIf(skipWithoutDocker(docker))("egress from a container on a real engine", () => {
  const engine = docker as Extract<typeof docker, { available: true }>;
  const image = engine.image ?? "";
  let dir: TempDir;
  beforeEach(async () => {
    dir = await tempDir("ao-egress-ct-");
  });
  afterEach(() => dir.cleanup());

  const run = (network: string, mounts: string[], argv: string[], env: Record<string, string> = {}) =>
    dockerCliAsync(engine, [
      "run",
      "--rm",
      "--network",
      network,
      "--user",
      `${uid}:${gid}`,
      ...mounts.flatMap((m) => ["-v", m]),
      ...Object.entries(env).flatMap(([k, v]) => ["-e", `${k}=${v}`]),
      image,
      ...argv,
    ]);

  it("network none has only loopback: the host's loopback server and every other address are out of reach", async () => {
    const host = await countingServer();
    try {
      const targets = [
        `127.0.0.1:${host.port}`,
        "192.0.2.1:443",
        ...(hostAddress() ? [`${hostAddress()}:${host.port}`] : []),
      ];
      const probe = ["node", "/probe/probe-network.mjs", ...targets];
      const none = JSON.parse(await run("none", [`${FIXTURES}:/probe:ro`], probe));
      expect(none.interfaces).toEqual(["lo"]);
      // The container's own loopback: nothing listens there, and the host's is another namespace.
      expect(none.results[`127.0.0.1:${host.port}`]).toBe("ECONNREFUSED");
      for (const target of targets.slice(1)) expect(none.results[target], target).toBe("ENETUNREACH");
      expect(host.connections()).toBe(0);
      // The control: the same probe with the host's network reaches the server, so the probe can tell.
      const shared = JSON.parse(await run("host", [`${FIXTURES}:/probe:ro`], probe.slice(0, 3)));
      expect(shared.results[`127.0.0.1:${host.port}`]).toBe("connected");
      expect(host.connections()).toBe(1);
    } finally {
      host.server.close();
    }
  });

  it("the proxy, reached through its mounted socket and the relay, lets out only the allowed host", async () => {
    const hello = await helloServer();
    const socketDir = join(dir.path, "egress");
    mkdirSync(socketDir);
    const log: EgressLogEntry[] = [];
    const proxy = await startEgressProxy({
      socketPath: join(socketDir, "egress.sock"),
      allow: [`api.test:${hello.port}`],
      // The allowed name is the test's own server on the host's loopback.
      lookup: async (name) => (name === "api.test" ? ["127.0.0.1"] : []),
      log: (e) => log.push(e),
    });
    try {
      const mounts = [
        `${socketDir}:/run/ao-egress`,
        `${RELAY}:${EGRESS_RELAY_CONTAINER_PATH}:ro`,
        `${FIXTURES}:/probe:ro`,
      ];
      const script = [
        `node ${EGRESS_RELAY_CONTAINER_PATH} /run/ao-egress/egress.sock 3128 > /tmp/relay.log 2>&1 &`,
        "i=0; until grep -q listening /tmp/relay.log; do i=$((i+1)); [ $i -gt 300 ] && cat /tmp/relay.log && exit 9; usleep 20000; done",
        `node /probe/proxy-client.mjs api.test evil.test ${hello.port}`,
        // A stock tool that only knows TCP proxies: busybox wget with http_proxy.
        `wget -q -O - http://api.test:${hello.port}/wget`,
        "echo",
        `wget -q -O - http://evil.test:${hello.port}/wget 2>&1 || echo "wget refused"`,
      ].join("\n");
      const out = (await run("none", mounts, ["sh", "-c", script], egressProxyEnv(3128))).trim().split("\n");
      const result = JSON.parse(out[0] ?? "{}");
      expect(result.plainAllowed).toEqual({ status: 200, body: "hello /plain" });
      expect(result.plainDenied.status).toBe(403);
      expect(result.tunnelAllowed).toEqual({ status: 200, body: "hello /tunnel" });
      expect(result.tunnelDenied).toEqual({ status: 403 });
      expect(result.tunnelLoopback).toEqual({ status: 403 });
      expect(out[1]).toBe("hello /wget");
      expect(out.slice(2).join("\n")).toMatch(/403[\s\S]*wget refused/);
      expect(hello.seen.map((s) => s.path)).toEqual(["/plain", "/tunnel", "/wget"]);
      expect(log.filter((e) => e.action === "denied").map((e) => e.host)).toEqual([
        "evil.test",
        "evil.test",
        "127.0.0.1",
        "evil.test",
      ]);
    } finally {
      await proxy.close();
      await hello.close();
    }
  });
});
