import { open, readdir, stat } from "node:fs/promises";
import { isAbsolute, join } from "node:path";
import type { AgentFiles } from "@ao/core";

/** What one `read` returns at most when the caller names no limit: a transcript tail, not the file. */
export const DEFAULT_READ_BYTES = 1024 * 1024;

const missing = (error: unknown) => {
  const code = (error as NodeJS.ErrnoException).code;
  return code === "ENOENT" || code === "ENOTDIR";
};

/**
 * {@link AgentFiles} on the host's file system: the agent runs on this
 * machine, so its workspace and home are plain paths. (A containerised
 * runtime provides its own, reading through the container.)
 */
export function hostAgentFiles(root: string, home: string): AgentFiles {
  const resolve = (path: string) => {
    if (path === "~") return home;
    if (path.startsWith("~/")) return join(home, path.slice(2));
    return isAbsolute(path) ? path : join(root, path);
  };
  return {
    root,
    home,
    async read(path, opts = {}) {
      const offset = Math.max(0, opts.offset ?? 0);
      const max = Math.max(0, opts.maxBytes ?? DEFAULT_READ_BYTES);
      let fh: Awaited<ReturnType<typeof open>>;
      try {
        fh = await open(resolve(path), "r");
      } catch (error) {
        if (missing(error)) return null;
        throw error;
      }
      try {
        const { size } = await fh.stat();
        const length = Math.max(0, Math.min(max, size - offset));
        const data = Buffer.alloc(length);
        let got = 0;
        while (got < length) {
          const { bytesRead } = await fh.read(data, got, length - got, offset + got);
          if (bytesRead === 0) break; // truncated while reading
          got += bytesRead;
        }
        return { data: got === length ? data : data.subarray(0, got), size };
      } finally {
        await fh.close();
      }
    },
    async stat(path) {
      try {
        const s = await stat(resolve(path));
        return { size: s.size, mtimeMs: s.mtimeMs, isDirectory: s.isDirectory() };
      } catch (error) {
        if (missing(error)) return null;
        throw error;
      }
    },
    async list(dir) {
      try {
        return (await readdir(resolve(dir))).sort();
      } catch (error) {
        if (missing(error)) return [];
        throw error;
      }
    },
  };
}
