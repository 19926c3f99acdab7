import { errors } from "@ao/core";
import { type LockAttempt, tryLock, unlock } from "./lock-file.js";

export interface AcquireOptions {
  /** Give up after this long (default 10 s) with LOCK_TIMEOUT naming the holder. */
  timeoutMs?: number;
  /** Called when a dead holder's lock was taken over (its pid; null for an empty lock a crash left). */
  onTakeover?: (stalePid: number | null) => void;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Waits for the lock with a short growing backoff (1 → 20 ms, with jitter so
 * contenders spread out). A live holder is waited for, never broken, however
 * long it holds the lock; only a dead holder's lock is taken over.
 */
export async function acquireLock(path: string, options: AcquireOptions = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const deadline = Date.now() + timeoutMs;
  let wait = 1;
  for (;;) {
    const attempt: LockAttempt = tryLock(path);
    if (attempt.ok) {
      if (attempt.tookOver) options.onTakeover?.(attempt.tookOverFrom);
      return;
    }
    if (Date.now() > deadline) throw errors.lockTimeout(path, attempt.holder, timeoutMs);
    await sleep(wait * (0.5 + Math.random()));
    wait = Math.min(wait * 2, 20);
  }
}

/** Run `fn` while holding the lock file `path`; the lock is released however `fn` ends. */
export async function withFileLock<T>(
  path: string,
  fn: () => Promise<T>,
  options: AcquireOptions = {},
): Promise<T> {
  await acquireLock(path, options);
  try {
    return await fn();
  } finally {
    unlock(path);
  }
}
