import { type ChildProcess, execFile, spawn, spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { acquireLock, isPidAlive, readLockPid, tryLock, unlock, withFileLock } from "../src/index.js";

const run = promisify(execFile);
const WORKER = join(import.meta.dirname, "fixtures", "lock-worker.mjs");
let dir: string;
const children: ChildProcess[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "ao-file-lock-"));
});
afterEach(async () => {
  for (const c of children.splice(0)) c.kill("SIGKILL");
  await rm(dir, { recursive: true, force: true });
});

/** A pid that surely belongs to no process: a child that has exited and was reaped. */
const deadPid = (): number => spawnSync(process.execPath, ["-e", "0"]).pid as number;

/** Resolves with the first line a child prints. */
function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("\n")) resolve(out.split("\n")[0] as string);
    });
    child.once("exit", () => reject(new Error(`exited before printing: ${out}`)));
  });
}

/**
 * A zombie: `sh` starts a short child, then becomes `sleep`, which never
 * reaps it. Prints the zombie's pid.
 */
async function zombie(): Promise<number> {
  const parent = spawn("sh", ["-c", "sleep 0 & echo $!; exec sleep 30"], {
    stdio: ["ignore", "pipe", "ignore"],
  });
  children.push(parent);
  const pid = Number(await firstLine(parent));
  for (let i = 0; i < 200; i++) {
    if (!isPidAlive(pid)) return pid;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`pid ${pid} did not become a zombie`);
}

describe("isPidAlive", () => {
  it("is true for a live process, false for a reaped one and for a zombie", async () => {
    expect(isPidAlive(process.pid)).toBe(true);
    expect(isPidAlive(deadPid())).toBe(false);
    const z = await zombie();
    // kill(pid, 0) alone would call it alive: it exists until its parent reaps it.
    expect(() => process.kill(z, 0)).not.toThrow();
    expect(isPidAlive(z)).toBe(false);
    expect(isPidAlive(0)).toBe(false);
    expect(isPidAlive(-1)).toBe(false);
  });
});

describe("lock files", () => {
  it("are exclusive and released only by their holder", async () => {
    const path = join(dir, "x.lock");
    expect(tryLock(path, process.pid)).toEqual({ ok: true, tookOver: false, tookOverFrom: null });
    expect(tryLock(path, process.ppid)).toEqual({ ok: false, holder: process.pid });
    unlock(path, process.ppid);
    expect(readLockPid(path)).toBe(process.pid);
    unlock(path);
    expect(readLockPid(path)).toBeUndefined();
  });

  it("takes over a dead holder's lock and a zombie holder's lock", async () => {
    const path = join(dir, "x.lock");
    const dead = deadPid();
    await writeFile(path, `${dead}\n`);
    expect(tryLock(path)).toEqual({ ok: true, tookOver: true, tookOverFrom: dead });
    unlock(path);
    const z = await zombie();
    await writeFile(path, `${z}\n`);
    const taken: Array<number | null> = [];
    await acquireLock(path, { onTakeover: (pid) => taken.push(pid) });
    expect(taken).toEqual([z]);
    expect(readLockPid(path)).toBe(process.pid);
  });

  it("never breaks a live holder that is slow: waiters time out with LOCK_TIMEOUT naming it", async () => {
    const path = join(dir, "x.lock");
    const holder = spawn(process.execPath, [WORKER, "hold", path, "20000"], {
      stdio: ["ignore", "pipe", "ignore"],
    });
    children.push(holder);
    expect(await firstLine(holder)).toBe("held");
    await expect(acquireLock(path, { timeoutMs: 2_500 })).rejects.toMatchObject({
      code: "LOCK_TIMEOUT",
      message: expect.stringContaining(`pid ${holder.pid}`) as unknown,
    });
    await expect(withFileLock(path, async () => "ran", { timeoutMs: 300 })).rejects.toMatchObject({
      code: "LOCK_TIMEOUT",
    });
    expect(readLockPid(path)).toBe(holder.pid);
    // An empty lock being written by a live process is not stale either, within its grace time.
    const fresh = join(dir, "empty.lock");
    await writeFile(fresh, "");
    expect(tryLock(fresh)).toEqual({ ok: false, holder: null });
  });

  it("many processes contending never hold the lock at once", async () => {
    const path = join(dir, "x.lock");
    const counter = join(dir, "counter");
    await writeFile(counter, "0");
    const workers = 6;
    const rounds = 25;
    await Promise.all(
      Array.from({ length: workers }, () =>
        run(process.execPath, [WORKER, "contend", path, counter, String(rounds)]),
      ),
    );
    // A lost update (two holders reading the same value) would leave fewer.
    expect(Number(await readFile(counter, "utf8"))).toBe(workers * rounds);
    expect(readLockPid(path)).toBeUndefined();
  });

  it("of processes racing to take over one stale lock, exactly one wins", async () => {
    for (let round = 0; round < 3; round++) {
      const path = join(dir, `race-${round}.lock`);
      const go = join(dir, `go-${round}`);
      await writeFile(path, `${deadPid()}\n`);
      const racers = Array.from({ length: 6 }, () => {
        const c = spawn(process.execPath, [WORKER, "race", path, go], {
          stdio: ["ignore", "pipe", "ignore"],
        });
        children.push(c);
        return c;
      });
      const lines = racers.map((c) => firstLine(c));
      await new Promise((r) => setTimeout(r, 300)); // let them all start polling
      await writeFile(go, "");
      const results = (await Promise.all(lines)).map((l) => JSON.parse(l) as { ok: boolean });
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      const winner = racers[results.findIndex((r) => r.ok)];
      expect(readLockPid(path)).toBe(winner?.pid);
    }
  });
});
