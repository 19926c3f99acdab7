import type { AgentFiles } from "@ao/core";

/** Where a reader of an append-only JSONL file stopped: the file and the byte offset after the last whole line. */
export interface TailCursor {
  file: string;
  offset: number;
}

/** At most this much is read per call: a huge backlog is caught up over several calls, in bounded memory. */
export const TAIL_CHUNK = 4 * 1024 * 1024;

/**
 * The whole lines appended to `file` since `cursor` (a torn last line is left
 * for the next call), parsed; lines that are not JSON objects are skipped. A
 * file that shrank (rewritten) is read again from the start.
 */
export async function readNewLines(
  files: AgentFiles,
  file: string,
  cursor: TailCursor | null,
  maxBytes = TAIL_CHUNK,
  /** Lines worth parsing, judged on the raw text (most lines of a transcript are not). */
  wanted: (text: string) => boolean = () => true,
): Promise<{
  lines: Record<string, unknown>[];
  cursor: TailCursor;
  more: boolean;
  restarted: boolean;
} | null> {
  let offset = cursor && cursor.file === file ? cursor.offset : 0;
  let read = await files.read(file, { offset, maxBytes });
  if (!read) return null;
  let restarted = false;
  if (read.size < offset) {
    offset = 0;
    restarted = true;
    read = await files.read(file, { offset, maxBytes });
    if (!read) return null;
  }
  const end = read.data.lastIndexOf(0x0a);
  // One line longer than the chunk: skip it whole rather than stall on it forever.
  const usable = end === -1 ? (read.data.length >= maxBytes ? read.data.length : 0) : end + 1;
  const lines: Record<string, unknown>[] = [];
  for (const text of read.data
    .subarray(0, end === -1 ? 0 : end)
    .toString("utf8")
    .split("\n")) {
    if (!text.trim() || !wanted(text)) continue;
    try {
      const value = JSON.parse(text) as unknown;
      if (value && typeof value === "object" && !Array.isArray(value))
        lines.push(value as Record<string, unknown>);
    } catch {
      // a torn or foreign line: skipped, the rest still counts
    }
  }
  const next = offset + usable;
  return { lines, cursor: { file, offset: next }, more: next < read.size, restarted };
}

/** Whether a value is a cursor this reader wrote (a journaled cursor may be anything). */
export function isTailCursor(value: unknown): value is TailCursor {
  const c = value as TailCursor | null;
  return (
    !!c &&
    typeof c === "object" &&
    typeof c.file === "string" &&
    Number.isSafeInteger(c.offset) &&
    c.offset >= 0
  );
}
