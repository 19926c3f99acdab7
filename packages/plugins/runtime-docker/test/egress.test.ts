import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { homeIdFor, type RuntimeHandle, type RuntimePlugin } from "@ao/core";
import { skipWithoutDocker, tempDir } from "@ao/testkit";
import { afterEach, describe, expect, inject, it, vi } from "vitest";
import { runtimeFor } from "./helpers.js";

const docker = inject("aoDocker");
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn().catch(() => {});
});

/** A server on the host's loopback that answers "pong" to any connection. */
async function pong(): Promise<number> {
  const server: Server = createServer((c) => c.end("pong"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  return (server.address() as { port: number }).port;
}

/**
 * Inside the container, with the session's env file sourced (as the agent
 * has it): CONNECT `target` through HTTPS_PROXY and print the proxy's status
 * and what came through the tunnel.
 */
const viaProxy = (target: string) => [
  "sh",
  "-c",
  '. /ao/env && exec node -e "$0" "$1"',
  `const u=new URL(process.env.HTTPS_PROXY);const t=process.argv[1];let buf="",open=false;
const c=require("net").connect(+u.port,u.hostname);
c.setTimeout(5000,()=>{console.log("TIMEOUT");process.exit(0)});
c.on("connect",()=>c.write("CONNECT "+t+" HTTP/1.1\\r\\nHost: "+t+"\\r\\n\\r\\n"));
c.on("data",d=>{buf+=d;if(!open){const i=buf.indexOf("\\r\\n\\r\\n");if(i<0)return;const s=buf.split(" ")[1];
console.log("STATUS:"+s);if(s!=="200")process.exit(0);open=true;buf=buf.slice(i+4)}
if(buf.includes("pong")){console.log("GOT:pong");process.exit(0)}});
c.on("error",e=>{console.log("ERR:"+e.code);process.exit(0)});`,
  target,
];

/** A direct TCP connection from inside the container, no proxy. */
const direct = (port: number) => [
  "node",
  "-e",
  `const c=require("net").connect(${port},"127.0.0.1");c.setTimeout(3000,()=>{console.log("TIMEOUT");process.exit(0)});c.on("data",d=>console.log("GOT:"+d));c.on("error",e=>console.log("ERR:"+e.code))`,
];

async function session(plugin: RuntimePlugin, home: string, name: string): Promise<RuntimeHandle> {
  const owner = { home: homeIdFor(home), project: "egress", session: name };
  const handle = await plugin.create({
    sessionId: name,
    owner,
    cwd: home,
    command: ["sleep", "600"],
    env: {},
  });
  cleanups.push(() => plugin.destroy(handle));
  // The entrypoint starts the relay before the agent; wait for its ready line, as the agent would.
  const relayLog = join(home, "runtime-docker", handle.id, "home", ".ao-egress-relay.log");
  await vi.waitFor(async () => expect(await readFile(relayLog, "utf8")).toContain("listening"), {
    timeout: 20_000,
    interval: 100,
  });
  return handle;
}

// Skipped only without a Docker engine, saying why; under AO_TEST_FULL=1 skipWithoutDocker fails the suite instead.
describe.skipIf(skipWithoutDocker(docker))("egress from a container the runtime made", () => {
  it("lets through only the allowed host:port; network none blocks direct connections; dispose closes the proxy", async () => {
    const dir = await tempDir("ao-egress-");
    cleanups.push(() => dir.cleanup());
    const allowed = await pong();
    const other = await pong();
    const plugin = await runtimeFor(docker, dir.path, { egress: { allow: [`127.0.0.1:${allowed}`] } });
    cleanups.push(async () => plugin.dispose?.());
    const handle = await session(plugin, dir.path, "egress-1");
    const run = async (argv: string[]) => (await plugin.exec?.(handle, argv))?.stdout ?? "";

    const through = await run(viaProxy(`127.0.0.1:${allowed}`));
    expect(through).toContain("STATUS:200");
    expect(through).toContain("GOT:pong");
    // Another port on the same host, and the same port by a name the rule does not list.
    for (const target of [`127.0.0.1:${other}`, `localhost:${allowed}`, `example.com:443`]) {
      const refused = await run(viaProxy(target));
      expect(refused, target).toContain("STATUS:403");
      expect(refused, target).not.toContain("GOT:pong");
    }
    // Without the proxy there is no way out: the host's loopback is not the container's.
    const bypass = await run(direct(allowed));
    expect(bypass).toMatch(/ERR:ECONNREFUSED|TIMEOUT/);
    expect(bypass).not.toContain("GOT:pong");

    const egressDir = join(dir.path, "runtime-docker", "egress");
    const [policyDir] = await readdir(egressDir);
    const socket = join(egressDir, policyDir ?? "", "proxy.sock");
    expect(existsSync(socket)).toBe(true);
    await plugin.dispose?.();
    expect(existsSync(socket)).toBe(false);
    const afterClose = await run(viaProxy(`127.0.0.1:${allowed}`));
    expect(afterClose).not.toContain("GOT:pong");
  });

  it("without egress the agent gets no proxy variables and no relay", async () => {
    const dir = await tempDir("ao-egress-none-");
    cleanups.push(() => dir.cleanup());
    const plugin = await runtimeFor(docker, dir.path);
    const owner = { home: homeIdFor(dir.path), project: "egress", session: "plain" };
    const handle = await plugin.create({
      sessionId: "plain",
      owner,
      cwd: dir.path,
      command: ["sleep", "600"],
      env: {},
    });
    cleanups.push(() => plugin.destroy(handle));
    const env = await plugin.exec?.(handle, ["sh", "-c", ". /ao/env && env"]);
    expect(env?.stdout).toContain("HOME=");
    expect(env?.stdout).not.toMatch(/_PROXY=|_proxy=/);
    expect(existsSync(join(dir.path, "runtime-docker", "egress"))).toBe(false);
  });
});
