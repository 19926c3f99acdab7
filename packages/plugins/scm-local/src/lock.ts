import { randomBytes } from "node:crypto";
import { open, readFile, rename, stat, unlink, writeFile } from "node:fs/promises";
import { AoError } from "@ao/core";

/** A lock older than this belongs to a process that died while holding it. */
const STALE_MS = 10_000;
const WAIT_MS = 15_000;

/** Write a file so readers see either the old or the new content, never half of it. */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  await writeFile(temp, content, { mode: 0o600 });
  await rename(temp, path);
}

/**
 * Run `fn` while holding an exclusive lock file next to `path`. The lock is an
 * O_EXCL file, so it works across processes (the CLI posting a review while
 * the daemon observes).
 */
export async function withFileLock<T>(path: string, fn: () => Promise<T>): Promise<T> {
  const lock = `${path}.lock`;
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    try {
      const handle = await open(lock, "wx");
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      await breakStaleLock(lock);
      if (Date.now() > deadline) {
        throw new AoError({
          code: "LOCK_TIMEOUT",
          message: `@ao/scm-local: could not lock ${path} within ${WAIT_MS} ms.`,
          hint: `If no ao process is running, remove ${lock}.`,
        });
      }
      await new Promise((r) => setTimeout(r, 10 + Math.random() * 20));
    }
  }
  try {
    return await fn();
  } finally {
    await unlink(lock).catch(() => {});
  }
}

async function breakStaleLock(lock: string): Promise<void> {
  try {
    const [info, owner] = await Promise.all([stat(lock), readFile(lock, "utf8")]);
    const pid = Number(owner);
    const ownerDead = Number.isInteger(pid) && pid > 0 && !isAlive(pid);
    if (ownerDead || Date.now() - info.mtimeMs > STALE_MS) await unlink(lock);
  } catch {
    // Gone already, or being written: try again.
  }
}

/** Whether a process with this pid exists (signal 0 checks without signalling). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
