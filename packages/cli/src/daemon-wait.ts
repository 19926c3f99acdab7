import { statSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { AoError } from "@ao/core";
import type { DaemonInfo } from "@ao/engine";
import { EMPTY_GRACE_MS, isPidAlive, readLockPid } from "@ao/file-lock";
import { progress } from "./output.js";

/** How long an acting command waits for a starting daemon to publish its port. */
export const DAEMON_START_WAIT_MS = 60_000;
const POLL_MS = 100;

/** How old a file is (ms); infinitely old when it is gone. */
function lockAgeMs(file: string): number {
  try {
    return Date.now() - statSync(file).mtimeMs;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/**
 * The live process starting a daemon in `home`: it holds `daemon.lock` but
 * has not published `daemon.json` yet. A lock left by a dead pid is not a
 * daemon starting (the next `ao start` takes it over), and neither is our own.
 */
function startingDaemonPid(home: string): number | "unknown" | null {
  const lock = join(home, "daemon.lock");
  const pid = readLockPid(lock);
  if (pid === undefined) return null;
  // An empty lock is a holder between create and write, for a moment only; an old
  // empty one was left by a crash at that moment, and nobody is starting.
  if (pid === null) return lockAgeMs(lock) < EMPTY_GRACE_MS ? "unknown" : null;
  return pid !== process.pid && isPidAlive(pid) ? pid : null;
}

/**
 * The running daemon of `home`; when one is starting, wait (bounded) until it
 * listens and return it, so an acting command goes through it instead of
 * racing it for the journals' writer locks. Null when no daemon runs or is
 * starting, or when the starting one died without listening.
 */
export async function awaitDaemon(
  home: string,
  readDaemonInfo: (home: string) => DaemonInfo | null,
  timeoutMs = DAEMON_START_WAIT_MS,
): Promise<DaemonInfo | null> {
  const info = readDaemonInfo(home);
  if (info) return info;
  let starting = startingDaemonPid(home);
  if (starting === null) return null;
  progress(
    `waiting for the ao daemon${starting === "unknown" ? "" : ` (pid ${starting})`} to finish starting`,
  );
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    await sleep(POLL_MS);
    const ready = readDaemonInfo(home);
    if (ready) return ready;
    starting = startingDaemonPid(home);
    if (starting === null) return readDaemonInfo(home);
  }
  throw new AoError({
    code: "DAEMON_STARTING",
    message: `The ao daemon starting in ${home} did not listen within ${Math.round(timeoutMs / 1000)} s.`,
    hint: "Look at its output (or daemon.log in AO_HOME), then run the command again; `ao doctor` checks it.",
  });
}
