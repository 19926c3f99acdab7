import { closeSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from "node:fs";
import { constants } from "node:fs";

/** True when a process with this pid exists (EPERM means it exists but is not ours). */
export function isPidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** What {@link tryLock} found. */
export type LockAttempt = { ok: true; tookOverFrom: number | null } | { ok: false; holder: number | null };

/** An empty lock file younger than this may be a holder between create and write. */
const EMPTY_GRACE_MS = 2_000;

/** Reads the pid in a lock file; null when the file is empty or unreadable, undefined when it is gone. */
export function readLockPid(path: string): number | null | undefined {
  try {
    const text = readFileSync(path, "utf8").trim();
    const pid = Number.parseInt(text, 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
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
 * Try once to take an exclusive lock file holding `pid` (O_EXCL). A lock held by
 * a dead pid is taken over: it is first renamed to a name unique to us, so two
 * processes that both see it stale cannot both win.
 */
export function tryLock(path: string, pid = process.pid): LockAttempt {
  if (create(path, pid)) return { ok: true, tookOverFrom: null };
  const holder = readLockPid(path);
  if (holder === undefined)
    return create(path, pid) ? { ok: true, tookOverFrom: null } : { ok: false, holder: null };
  if (holder === null) {
    let age = 0;
    try {
      age = Date.now() - statSync(path).mtimeMs;
    } catch {
      return { ok: false, holder: null };
    }
    if (age < EMPTY_GRACE_MS) return { ok: false, holder: null };
  } else if (isPidAlive(holder)) {
    return { ok: false, holder };
  }
  const aside = `${path}.stale-${pid}-${Math.random().toString(36).slice(2)}`;
  try {
    renameSync(path, aside);
  } catch {
    return { ok: false, holder }; // someone else moved it first
  }
  const moved = readLockPid(aside);
  if (moved !== holder && typeof moved === "number" && isPidAlive(moved)) {
    // We moved a lock that a live process had just created: put it back.
    try {
      renameSync(aside, path);
    } catch {
      // It was recreated meanwhile; the live holder keeps the new one.
    }
    return { ok: false, holder: moved };
  }
  unlinkSync(aside);
  return create(path, pid) ? { ok: true, tookOverFrom: holder } : { ok: false, holder: null };
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

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Waits for the lock with a short growing backoff. Locks guarding journal
 * appends are held for one write + fsync, so waits are brief.
 */
export async function acquireLock(
  path: string,
  options: { timeoutMs?: number; onTakeover?: (stalePid: number | null) => void } = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  let wait = 1;
  for (;;) {
    const attempt = tryLock(path);
    if (attempt.ok) {
      if (attempt.tookOverFrom !== null) options.onTakeover?.(attempt.tookOverFrom);
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `lock ${path} still held by pid ${attempt.holder ?? "?"} after ${options.timeoutMs ?? 10_000} ms`,
      );
    }
    await sleep(wait);
    wait = Math.min(wait * 2, 20);
  }
}
