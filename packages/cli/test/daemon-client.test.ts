import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { Journal } from "@ao/engine";
import { afterEach, describe, expect, it } from "vitest";
import { DaemonActions } from "../src/daemon-client.js";
import { ao, fakeWorld } from "./helpers.js";

let world: ReturnType<typeof fakeWorld> | undefined;
afterEach(() => {
  world?.cleanup();
  world = undefined;
});

describe("a daemon that dies mid-request", () => {
  it("leaves the journal to say whether the request was applied", async () => {
    const w = fakeWorld();
    world = w;
    const spawned = await ao(["spawn", "1", "--json"], { cwd: w.dir, env: w.env });
    expect(spawned.code, spawned.stderr).toBe(0);
    const id = JSON.parse(spawned.stdout).sessions[0].id as string;
    const home = w.env.AO_HOME as string;
    // What the daemon journaled for one request before it died.
    const journal = await Journal.open({ dir: join(home, "projects", "app") });
    await journal.commit({
      at: Date.now(),
      kind: "action",
      session: id,
      route: "send",
      target: id,
      actor: { kind: "api", scope: "admin" },
      requestId: "applied-1",
    });
    await journal.close();

    // It accepts connections and drops them: every request dies mid-way.
    const dying = createServer((req) => req.socket.destroy());
    await new Promise<void>((resolve) => dying.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = dying.address() as AddressInfo;
      const client = new DaemonActions({ host: "127.0.0.1", port, pid: process.pid }, "token", home);
      const applied = await client.send(id, "hello", "applied-1");
      expect(applied).toMatchObject({ id, state: "working" });
      await expect(client.send(id, "hello", "lost-1")).rejects.toMatchObject({
        code: "DAEMON_UNREACHABLE",
        message: expect.stringContaining("not in the journal: it was not applied"),
      });
    } finally {
      await new Promise((resolve) => dying.close(resolve));
    }
  });
});
