import { createServer, type Server } from "node:net";
import { homeIdFor, type RuntimeHandle, type RuntimePlugin } from "@ao/core";
import { skipWithoutDocker, tempDir } from "@ao/testkit";
import { afterEach, describe, expect, inject, it } from "vitest";
import { runtimeFor } from "./helpers.js";

const docker = inject("aoDocker");
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn().catch(() => {});
});

/** A server that answers "pong" to any connection, on a loopback port or a unix socket. */
async function pong(listen: (s: Server, done: () => void) => void): Promise<Server> {
  const server = createServer((c) => c.end("pong"));
  await new Promise<void>((resolve) => listen(server, resolve));
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  return server;
}

/** Connect from inside the container (the image's node) and print what came back, or the error code. */
const probe = (target: string) => [
  "node",
  "-e",
  `const c=require("net").connect(${target});c.setTimeout(3000,()=>{console.log("TIMEOUT");process.exit(0)});c.on("data",d=>console.log("GOT:"+d));c.on("error",e=>console.log("ERR:"+e.code))`,
];

async function session(plugin: RuntimePlugin, home: string): Promise<RuntimeHandle> {
  const owner = { home: homeIdFor(home), project: "net", session: `net-${cleanups.length}` };
  const handle = await plugin.create({
    sessionId: owner.session,
    owner,
    cwd: home,
    command: ["sleep", "600"],
    env: {},
  });
  cleanups.push(() => plugin.destroy(handle));
  return handle;
}

// Skipped only without a Docker engine, saying why; under AO_TEST_FULL=1 skipWithoutDocker fails the suite instead.
describe.skipIf(skipWithoutDocker(docker))("the container's network", () => {
  it("is none by default: a server on the host's loopback cannot be reached (with the host's network it can)", async () => {
    const dir = await tempDir("ao-docker-net-");
    cleanups.push(() => dir.cleanup());
    const server = await pong((s, done) => s.listen(0, "127.0.0.1", done));
    const port = (server.address() as { port: number }).port;
    const isolated = await runtimeFor(docker, dir.path);
    const inside = await session(isolated, dir.path);
    const blocked = await isolated.exec?.(inside, probe(`${port},"127.0.0.1"`));
    expect(blocked?.stdout).toMatch(/ERR:ECONNREFUSED|TIMEOUT/);
    expect(blocked?.stdout).not.toContain("GOT:pong");
    // The control: the same probe on the host's network reaches the server, so the probe can tell.
    const open = await runtimeFor(docker, dir.path, { network: "host" });
    const outside = await session(open, dir.path);
    expect((await open.exec?.(outside, probe(`${port},"127.0.0.1"`)))?.stdout).toContain("GOT:pong");
  });
});
