import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A temporary directory and the function that removes it. */
export interface TempDir {
  /** Absolute path of the directory (real path, symlinks resolved by the OS temp dir). */
  path: string;
  /** Remove the directory and everything in it; safe to call twice. */
  cleanup(): Promise<void>;
}

/** Make a fresh temporary directory under the OS temp dir. */
export async function tempDir(prefix = "ao-test-"): Promise<TempDir> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return {
    path,
    // A child the test started (a local CI run) may still be writing its last file: rm retries ENOTEMPTY.
    cleanup: () => rm(path, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 }),
  };
}
