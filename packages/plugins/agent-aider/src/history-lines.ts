import type { AgentFiles } from "@ao/core";
import { TAIL_CHUNK, type TailCursor } from "@ao/plugin-kit/agent-files";

/**
 * The whole text lines appended to `file` since `cursor` (a torn last line is
 * left for the next call; a file that shrank is read again from the start).
 * The Markdown twin of `readNewLines`, which only keeps JSON lines.
 */
export async function readNewTextLines(
  files: AgentFiles,
  file: string,
  cursor: TailCursor | null,
  maxBytes = TAIL_CHUNK,
): Promise<{ lines: string[]; cursor: TailCursor; more: boolean; restarted: boolean } | null> {
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
  const lines = end === -1 ? [] : read.data.subarray(0, end).toString("utf8").split("\n");
  const next = offset + usable;
  return { lines, cursor: { file, offset: next }, more: next < read.size, restarted };
}
