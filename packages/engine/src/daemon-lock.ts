import { mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { AoError, errors, type Logger } from "@ao/core";
import { isPidAlive, tryLock, unlock } from "@ao/file-lock";

export const DAEMON_LOCK = "daemon.lock";
export const DAEMON_INFO = "daemon.json";
export const WRITER_LOCK = "writer.lock";

/** What `$home/daemon.json` says about the running daemon. */
export interface DaemonInfo {
  pid: number;
  port: number;
  host: string;
}

/** The daemon's hold on its home; release it on shutdown. */
export interface DaemonLock {
  pid: number;
  /** The dead daemon whose lock was taken over, or null (journaled as a `lock_takeover` record). */
  tookOverFrom: number | null;
  /** Publish where the daemon's HTTP API listens (`daemon.json`, written atomically). */
  writeInfo(info: { port: number; host: string }): void;
  release(): void;
}

/**
 * Take `$home/daemon.lock`: one daemon per home. A live holder refuses with
 * DAEMON_RUNNING naming its pid; a dead holder's lock is taken over with a warning.
 */
export function acquireDaemonLock(home: string, log?: Logger): DaemonLock {
  mkdirSync(home, { recursive: true });
  const path = join(home, DAEMON_LOCK);
  const attempt = tryLock(path);
  if (!attempt.ok) {
    if (attempt.holder !== null) throw errors.daemonRunning(attempt.holder, home);
    throw new AoError({
      code: "DAEMON_STARTING",
      message: `Another ao daemon is starting in ${home}.`,
      hint: "Wait a moment and run `ao status`.",
    });
  }
  if (attempt.tookOver) {
    log?.warn(
      `Took over the daemon lock of pid ${attempt.tookOverFrom ?? "?"}, which is no longer running.`,
      {
        home,
      },
    );
  }
  const infoPath = join(home, DAEMON_INFO);
  return {
    pid: process.pid,
    tookOverFrom: attempt.tookOverFrom,
    writeInfo(info) {
      const tmp = `${infoPath}.${process.pid}.tmp`;
      writeFileSync(tmp, `${JSON.stringify({ pid: process.pid, port: info.port, host: info.host })}\n`, {
        mode: 0o600,
      });
      renameSync(tmp, infoPath);
    },
    release() {
      try {
        const info = JSON.parse(readFileSync(infoPath, "utf8")) as DaemonInfo;
        if (info.pid === process.pid) unlinkSync(infoPath);
      } catch {
        // no info file: nothing to remove
      }
      unlock(path);
    },
  };
}

/** The running daemon of a home, or null when none runs (a stale file is ignored). */
export function readDaemonInfo(home: string): DaemonInfo | null {
  try {
    const info = JSON.parse(readFileSync(join(home, DAEMON_INFO), "utf8")) as DaemonInfo;
    return typeof info.pid === "number" && isPidAlive(info.pid) ? info : null;
  } catch {
    return null;
  }
}

/**
 * Take a project's writer lock: only its holder computes transitions, so no
 * two processes fold different states. Held for the engine's lifetime.
 */
export function acquireWriterLock(
  projectDir: string,
  projectId: string,
  log?: Logger,
): { release: () => void; tookOverFrom?: number | null } {
  mkdirSync(projectDir, { recursive: true });
  const path = join(projectDir, WRITER_LOCK);
  const attempt = tryLock(path);
  if (!attempt.ok) {
    throw new AoError({
      code: "JOURNAL_LOCKED",
      message: `The journal of project "${projectId}" is held by ${attempt.holder ? `pid ${attempt.holder}` : "another process"}.`,
      hint: "A daemon (`ao start`) or another ao command is running: use it, or stop it first.",
    });
  }
  const release = () => unlock(path);
  if (!attempt.tookOver) return { release };
  log?.warn(
    `Took over the writer lock of project "${projectId}" from pid ${attempt.tookOverFrom}, which is gone.`,
  );
  return { release, tookOverFrom: attempt.tookOverFrom };
}
