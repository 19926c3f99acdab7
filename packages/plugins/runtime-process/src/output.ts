import { open } from "node:fs/promises";

/** Bytes read from the end of the log: enough for any sensible `lines`. */
const TAIL_BYTES = 512 * 1024;

/** The last `lines` lines of the log, escape sequences removed. */
export async function tailLog(path: string, lines: number): Promise<string> {
  const handle = await open(path, "r").catch(() => null);
  if (handle === null) return "";
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    const text = stripTerminalCodes(buffer.toString("utf8")).replace(/\s+$/, "");
    return text.split("\n").slice(-lines).join("\n");
  } finally {
    await handle.close();
  }
}

/** Remove ANSI escape sequences and carriage returns. */
export function stripTerminalCodes(text: string): string {
  return text.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\r/g, "");
}
