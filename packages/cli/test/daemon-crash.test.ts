import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fakeNotifier } from "@ao/testkit";
import { afterAll, describe, expect, it } from "vitest";
import { ao, BIN, fakeWorld } from "./helpers.js";

/** Start `ao start` in the world and resolve once it has published its API (with its own pid). */
async function startDaemon(
  world: ReturnType<typeof fakeWorld>,
): Promise<{ child: ChildProcess; err: () => string }> {
  const child = spawn(process.execPath, [BIN, "start"], {
    cwd: world.dir,
    env: world.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let err = "";
  child.stderr?.on("data", (d) => {
    err += String(d);
  });
  const info = join(world.env.AO_HOME as string, "daemon.json");
  for (let i = 0; i < 300; i++) {
    if (existsSync(info) && JSON.parse(readFileSync(info, "utf8")).pid === child.pid)
      return { child, err: () => err };
    if (child.exitCode !== null) break;
    await sleep(100);
  }
  child.kill("SIGKILL");
  throw new Error(`daemon did not start: ${err}`);
}

function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill(signal);
  });
}

describe("a daemon that crashed", () => {
  const world = fakeWorld();
  const notifier = fakeNotifier({ stateFile: join(world.env.AO_TEST_WORLD as string, "notifier.json") });
  const crashReports = () => notifier.control.sent.filter((n) => n.title.startsWith("ao daemon crashed"));
  const children: ChildProcess[] = [];
  afterAll(async () => {
    for (const child of children) await stop(child, "SIGKILL");
    world.cleanup();
  });

  it("is reported once, urgently, by the daemon that replaces it; a clean stop is not a crash", async () => {
    const first = await startDaemon(world);
    children.push(first.child);
    const spawned = await ao(["spawn", "1", "--json"], { cwd: world.dir, env: world.env });
    expect(spawned.code, spawned.stderr).toBe(0);
    await stop(first.child, "SIGKILL");
    const crashedPid = first.child.pid;

    const second = await startDaemon(world);
    children.push(second.child);
    // The report is sent before the API is published, so it is there once the daemon listens.
    expect(crashReports(), second.err()).toHaveLength(1);
    const [report] = crashReports();
    expect(report).toMatchObject({ priority: "urgent", kind: "needs_attention", project: "app" });
    expect(report?.title).toMatch(
      new RegExp(`^ao daemon crashed \\(pid ${crashedPid}, last seen \\d{4}-\\d\\d-\\d\\dT`),
    );
    expect(report?.body).toContain("recovered: ");
    expect(second.err()).toContain(`The previous daemon (pid ${crashedPid}) exited uncleanly`);

    await stop(second.child, "SIGTERM");
    const third = await startDaemon(world);
    children.push(third.child);
    await stop(third.child, "SIGTERM");
    expect(crashReports()).toHaveLength(1);
  });
});
