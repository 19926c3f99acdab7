import { constants } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import { run } from "@ao/plugin-kit/process";

/** Make a named pipe (mode 0600) with the system's `mkfifo`. */
export async function makeFifo(path: string): Promise<void> {
  const result = await run("mkfifo", ["-m", "600", path]);
  if (result.exitCode !== 0) throw new Error(`mkfifo ${path} failed: ${result.stderr.trim()}`);
}

/**
 * Open the FIFO for both reading and writing. As the agent's stdin it never
 * blocks on open and keeps a writer alive inside the agent itself, so the
 * agent never sees end-of-file when a sender (or the CLI that started it)
 * goes away. Linux and the BSDs allow O_RDWR on a FIFO.
 */
export function openForAgent(path: string): Promise<FileHandle> {
  return open(path, constants.O_RDWR);
}

/**
 * Write `data` to the FIFO without ever blocking: opening fails at once
 * (ENXIO) when no process reads it, and a full pipe is retried until
 * `timeoutMs`. Resolves once every byte is in the pipe.
 */
export async function writeToFifo(path: string, data: Buffer, timeoutMs: number): Promise<void> {
  const handle = await open(path, constants.O_WRONLY | constants.O_NONBLOCK);
  const deadline = performance.now() + timeoutMs;
  try {
    let offset = 0;
    while (offset < data.length) {
      try {
        const { bytesWritten } = await handle.write(data, offset, data.length - offset);
        offset += bytesWritten;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EAGAIN" || performance.now() > deadline) throw error;
        // The agent has not read what is already queued; give it a moment.
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
  } finally {
    await handle.close();
  }
}
