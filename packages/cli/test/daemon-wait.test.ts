import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdirSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { readLockPid, tryLock, unlock } from "@ao/file-lock";
import { afterEach, describe, expect, it } from "vitest";
import { type Daemon, startDaemon, stopDaemon } from "./daemon-helpers.js";
import { ao, BIN, fakeWorld } from "./helpers.js";

let world: ReturnType<typeof fakeWorld> | undefined;
const children: ChildProcess[] = [];
const held: string[] = [];
afterEach(async () => {
  for (const path of held.splice(0)) unlock(path);
  for (const c of children.splice(0)) {
    if (c.exitCode === null) {
      const exited = new Promise((resolve) => c.once("exit", resolve));
      c.kill("SIGTERM");
      await exited;
    }
  }
  world?.cleanup();
  world = undefined;
});

const events = async (w: NonNullable<typeof world>) =>
  (await ao(["events", "--json"], { cwd: w.dir, env: w.env })).stdout
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { kind: string; route?: string; actor?: { kind: string } });

/** Run `ao args` as a child and collect its output as it comes. */
function run(w: NonNullable<typeof world>, args: string[]) {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: w.dir, env: w.env });
  children.push(child);
  let stderr = "";
  let stdout = "";
  child.stderr.on("data", (d) => {
    stderr += String(d);
  });
  child.stdout.on("data", (d) => {
    stdout += String(d);
  });
  const done = new Promise<number | null>((resolve) => child.once("exit", resolve));
  return { child, done, stderr: () => stderr, stdout: () => stdout };
}

async function until(what: string, ok: () => boolean): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (ok()) return;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("an acting command and a starting daemon", () => {
  it("waits for the daemon to listen and acts through it", async () => {
    const w = fakeWorld();
    world = w;
    const home = w.env.AO_HOME as string;
    const spawned = await ao(["spawn", "1", "--json"], { cwd: w.dir, env: w.env });
    expect(spawned.code, spawned.stderr).toBe(0);
    const id = JSON.parse(spawned.stdout).sessions[0].id as string;

    // Hold the project's writer lock, so the daemon stays "starting" (lock taken, not listening)
    // until this test lets it go: the window an impatient user's command falls into.
    const writer = join(home, "projects", "app", "writer.lock");
    expect(tryLock(writer).ok).toBe(true);
    held.push(writer);
    const starting = run(w, ["start"]);
    await until(
      "the daemon to take daemon.lock",
      () => readLockPid(join(home, "daemon.lock")) === starting.child.pid,
    );

    const send = run(w, ["send", id, "hello from a hurried user"]);
    await until("the send to wait for the daemon", () => send.stderr().includes("waiting for the ao daemon"));
    expect(send.child.exitCode).toBeNull();
    unlock(writer);
    held.pop();

    expect(await send.done, send.stderr()).toBe(0);
    expect(send.stderr()).not.toContain("JOURNAL_LOCKED");
    const sends = (await events(w)).filter((r) => r.kind === "action" && r.route === "send");
    expect(sends).toHaveLength(1);
    expect(sends[0]?.actor?.kind).toBe("api");
  });

  it("does not wait on a daemon.lock left by a dead pid", async () => {
    const w = fakeWorld();
    world = w;
    const home = w.env.AO_HOME as string;
    const spawned = await ao(["spawn", "1", "--json"], { cwd: w.dir, env: w.env });
    expect(spawned.code, spawned.stderr).toBe(0);
    const id = JSON.parse(spawned.stdout).sessions[0].id as string;
    const dead = spawnSync(process.execPath, ["-e", ""]).pid;
    mkdirSync(home, { recursive: true });
    writeFileSync(join(home, "daemon.lock"), `${dead}\n`);

    const sent = await ao(["send", id, "hello"], { cwd: w.dir, env: w.env });
    expect(sent.code, sent.stderr).toBe(0);
    expect(sent.stderr).not.toContain("waiting for the ao daemon");
    const sends = (await events(w)).filter((r) => r.kind === "action" && r.route === "send");
    expect(sends.map((r) => r.actor?.kind)).toEqual(["cli"]);
  });

  it("does not wait on an old empty daemon.lock (a crash between creating and writing it)", async () => {
    const w = fakeWorld();
    world = w;
    const home = w.env.AO_HOME as string;
    const spawned = await ao(["spawn", "1", "--json"], { cwd: w.dir, env: w.env });
    expect(spawned.code, spawned.stderr).toBe(0);
    const id = JSON.parse(spawned.stdout).sessions[0].id as string;
    const lock = join(home, "daemon.lock");
    writeFileSync(lock, "");
    const old = new Date(Date.now() - 60_000);
    utimesSync(lock, old, old);

    const sent = await ao(["send", id, "hello"], { cwd: w.dir, env: w.env });
    expect(sent.code, sent.stderr).toBe(0);
    expect(sent.stderr).not.toContain("waiting for the ao daemon");
  });

  it("uses a daemon that already listens without waiting", async () => {
    const w = fakeWorld();
    world = w;
    const daemon: Daemon = await startDaemon(w);
    children.push(daemon.child);
    const spawned = await ao(["spawn", "1", "--json"], { cwd: w.dir, env: w.env });
    expect(spawned.code, spawned.stderr).toBe(0);
    expect(spawned.stderr).not.toContain("waiting for the ao daemon");
    const spawns = (await events(w)).filter((r) => r.kind === "action" && r.route === "spawn");
    expect(spawns.map((r) => r.actor?.kind)).toEqual(["api"]);
    await stopDaemon(daemon);
  });
});
