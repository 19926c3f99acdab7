import { spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { acquireDaemonLock, acquireWriterLock, readDaemonInfo } from "./daemon-lock.js";

let home: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), "ao-lock-"));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

/** A pid that surely belongs to no process: a child that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "0"]);
  return child.pid as number;
}

describe("daemon lock", () => {
  it("refuses a second daemon, naming the pid that holds the home", () => {
    const lock = acquireDaemonLock(home);
    lock.writeInfo({ port: 4321, host: "127.0.0.1" });
    expect(readDaemonInfo(home)).toEqual({ pid: process.pid, port: 4321, host: "127.0.0.1" });
    expect(() => acquireDaemonLock(home)).toThrow(expect.objectContaining({ code: "DAEMON_RUNNING" }));
    expect(() => acquireDaemonLock(home)).toThrow(new RegExp(`pid ${process.pid}`));
    lock.release();
    expect(readDaemonInfo(home)).toBeNull();
    acquireDaemonLock(home).release();
  });

  it("takes over a dead daemon's lock with a warning", async () => {
    const dead = deadPid();
    await writeFile(join(home, "daemon.lock"), `${dead}\n`);
    await writeFile(join(home, "daemon.json"), JSON.stringify({ pid: dead, port: 1, host: "h" }));
    expect(readDaemonInfo(home)).toBeNull();
    const warnings: string[] = [];
    const log = { debug() {}, info() {}, error() {}, warn: (m: string) => void warnings.push(m) };
    const lock = acquireDaemonLock(home, log);
    expect(warnings.join()).toContain(`pid ${dead}`);
    lock.release();
  });

  it("lets one process hold a project's writer lock", () => {
    const { release } = acquireWriterLock(join(home, "projects", "p"), "p");
    expect(() => acquireWriterLock(join(home, "projects", "p"), "p")).toThrow(/held by pid/);
    release();
    acquireWriterLock(join(home, "projects", "p"), "p").release();
  });
});
