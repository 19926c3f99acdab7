import { closeSync, constants, fstatSync, openSync, readSync, unlinkSync, writeSync } from "node:fs";
import { isPidAlive } from "./pid.js";

/** What {@link tryLock} found. */
export type LockAttempt =
  | {
      ok: true;
      /** True when a stale lock was taken over, not a free one taken. */
      tookOver: boolean;
      /** The dead holder's pid (null when none was taken over, or the stale lock was empty). */
      tookOverFrom: number | null;
    }
  | { ok: false; holder: number | null };

const FRESH: LockAttempt = { ok: true, tookOver: false, tookOverFrom: null };

/** An empty lock file younger than this may be a holder between create and write. */
export const EMPTY_GRACE_MS = 2_000;

/** One lock file as found on disk: which file (device, inode, change time) and the pid inside. */
interface Found {
  dev: bigint;
  ino: bigint;
  ctimeNs: bigint;
  mtimeMs: number;
  pid: number | null;
}

const parsePid = (text: string): number | null => {
  const pid = Number.parseInt(text.trim(), 10);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
};

/** Opens the lock and reads identity and content through one fd, so both describe the same file. */
function inspect(path: string): Found | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  try {
    const st = fstatSync(fd, { bigint: true });
    const buf = Buffer.alloc(32);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return {
      dev: st.dev,
      ino: st.ino,
      ctimeNs: st.ctimeNs,
      mtimeMs: Number(st.mtimeMs),
      pid: parsePid(buf.toString("utf8", 0, n)),
    };
  } finally {
    closeSync(fd);
  }
}

const same = (a: Found, b: Found) =>
  a.dev === b.dev && a.ino === b.ino && a.ctimeNs === b.ctimeNs && a.pid === b.pid;

/** Reads the pid in a lock file; null when the file is empty or unreadable, undefined when it is gone. */
export function readLockPid(path: string): number | null | undefined {
  return inspect(path)?.pid;
}

function create(path: string, pid: number): boolean {
  let fd: number;
  try {
    fd = openSync(path, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
  try {
    writeSync(fd, `${pid}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Try once to take an exclusive lock file holding `pid`.
 *
 * Taking a free lock is `open(O_CREAT | O_EXCL)`. A lock whose holder is dead
 * (or a zombie), or an empty one older than {@link EMPTY_GRACE_MS}, is stale
 * and may be taken over, race-free:
 *
 * 1. Read the lock through one fd: its identity (device, inode, change time)
 *    and the pid inside, and judge it stale.
 * 2. Take a guard lock named after that identity,
 *    `<path>.takeover-<dev>-<ino>`, with this same function (so a guard left
 *    by a taker that died is itself taken over the same way). Every process
 *    that judged this very file stale contends for this one guard.
 * 3. Holding the guard, read the lock again: only if it is still the same
 *    file with the same pid, unlink it. Nothing else can replace it
 *    meanwhile: a live acquirer only creates the path when it is absent, the
 *    dead holder never unlocks, and other takers of this file wait on the
 *    guard. A taker that judged an older file reads a different identity
 *    and gives up; the change time defeats inode reuse.
 * 4. Create our lock with O_EXCL (a plain acquirer may win that race, which
 *    is fine: it holds a fresh lock) and drop the guard.
 *
 * So a live holder's lock is never removed, and of many processes taking
 * over one stale lock exactly one wins.
 */
export function tryLock(path: string, pid = process.pid): LockAttempt {
  if (create(path, pid)) return FRESH;
  const found = inspect(path);
  if (found === undefined) return create(path, pid) ? FRESH : { ok: false, holder: null };
  if (found.pid === null ? Date.now() - found.mtimeMs < EMPTY_GRACE_MS : isPidAlive(found.pid))
    return { ok: false, holder: found.pid };

  const guard = `${path}.takeover-${found.dev}-${found.ino}`;
  if (!tryLock(guard, pid).ok) return { ok: false, holder: found.pid };
  try {
    const now = inspect(path);
    if (now === undefined || !same(now, found)) return { ok: false, holder: now?.pid ?? null };
    try {
      unlinkSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
    return create(path, pid)
      ? { ok: true, tookOver: true, tookOverFrom: found.pid }
      : { ok: false, holder: null };
  } finally {
    unlock(guard, pid);
  }
}

/** Removes a lock file if (and only if) it still names `pid`. */
export function unlock(path: string, pid = process.pid): void {
  if (readLockPid(path) !== pid) return;
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}
