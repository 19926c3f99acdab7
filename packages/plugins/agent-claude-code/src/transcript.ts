import { join } from "node:path";
import type { AgentFiles, AgentUsage } from "@ao/core";
import { readNewLines, TAIL_CHUNK, type TailCursor } from "@ao/plugin-kit/agent-files";
import { parseClaudeReset } from "./screen.js";

const SESSION_FILE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.jsonl$/i;

/** The newest transcript of a workspace (its session id named when known). */
export async function findTranscript(
  files: AgentFiles,
  dir: string,
  agentSessionId: string | null,
): Promise<{ file: string; id: string } | null> {
  if (agentSessionId && /^[\w-]+$/.test(agentSessionId)) {
    const file = join(dir, `${agentSessionId}.jsonl`);
    if (await files.stat(file)) return { file, id: agentSessionId };
  }
  let best: { file: string; id: string; at: number } | null = null;
  for (const name of await files.list(dir)) {
    // Session transcripts are named by their uuid; older builds put subagents' `agent-*.jsonl` beside them.
    if (!SESSION_FILE.test(name)) continue;
    const file = join(dir, name);
    const stat = await files.stat(file);
    if (stat && !stat.isDirectory && (!best || stat.mtimeMs > best.at))
      best = { file, id: name.slice(0, -".jsonl".length), at: stat.mtimeMs };
  }
  return best ? { file: best.file, id: best.id } : null;
}

/** What a reader keeps between calls: where it stopped and the totals so far. */
export interface InfoCursor extends TailCursor {
  usage: AgentUsage[];
  /** Message ids counted lately: one response is written as several lines with the same id and usage. */
  ids: string[];
  summary?: string;
}

type Line = Record<string, unknown> & {
  type?: string;
  message?: {
    id?: string;
    model?: string;
    usage?: Record<string, unknown>;
    stop_reason?: string;
    content?: unknown;
  };
};

const num = (value: unknown) =>
  typeof value === "number" && Number.isFinite(value) && value > 0 ? value : 0;

/** Add one transcript line to the totals (usage counted once per message id). */
export function addLine(cursor: InfoCursor, line: Line): void {
  if (line.type === "summary" && typeof line.summary === "string")
    cursor.summary = line.summary.slice(0, 300);
  if (line.type === "custom-title" && typeof line.customTitle === "string")
    cursor.summary = line.customTitle.slice(0, 300);
  const message = line.message;
  if (line.type !== "assistant" || !message?.usage || line.isApiErrorMessage) return;
  const id = typeof message.id === "string" ? message.id : null;
  if (id && cursor.ids.includes(id)) return;
  if (id) cursor.ids = [...cursor.ids.slice(-49), id];
  const model = typeof message.model === "string" ? message.model : "unknown";
  let row = cursor.usage.find((u) => u.model === model);
  if (!row) {
    row = { model, input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };
    cursor.usage.push(row);
  }
  const u = message.usage;
  row.input += num(u.input_tokens);
  row.output += num(u.output_tokens);
  row.cacheRead += num(u.cache_read_input_tokens);
  row.cacheWrite += num(u.cache_creation_input_tokens);
}

/** Only these lines change the totals or the summary: the rest are skipped unparsed. */
const WANTED = (text: string) =>
  text.includes('"usage"') || text.includes('"summary"') || text.includes('"customTitle"');

/** Read what was appended since `previous` and add it up (a new transcript continues the totals). */
export async function readInfo(
  files: AgentFiles,
  file: string,
  previous: InfoCursor | null,
): Promise<InfoCursor | null> {
  const cursor: InfoCursor = previous
    ? { ...previous, usage: previous.usage.map((u) => ({ ...u })), ids: [...previous.ids] }
    : { file, offset: 0, usage: [], ids: [] };
  let tail: TailCursor | null = cursor.file === file ? { file, offset: cursor.offset } : null;
  // A bounded number of chunks per call; the cursor says where the next call goes on.
  for (let i = 0; i < 8; i++) {
    const read = await readNewLines(files, file, tail, TAIL_CHUNK, WANTED);
    if (!read) return previous;
    for (const line of read.lines) addLine(cursor, line as Line);
    tail = read.cursor;
    if (!read.more) break;
  }
  return { ...cursor, file, offset: tail?.offset ?? 0 };
}

/** What the last lines of a transcript say the agent is doing. */
export interface TranscriptActivity {
  state: "active" | "idle" | "rate_limited";
  evidence: string;
  at: number;
  resetsAt?: number;
}

const TAIL_BYTES = 64 * 1024;

/** Read the last lines (whole lines only) and judge by the newest meaningful one. */
export async function transcriptActivity(
  files: AgentFiles,
  file: string,
  now: number,
): Promise<TranscriptActivity | null> {
  const stat = await files.stat(file);
  if (!stat) return null;
  const offset = Math.max(0, stat.size - TAIL_BYTES);
  const read = await files.read(file, { offset, maxBytes: TAIL_BYTES });
  if (!read) return null;
  const lines = read.data.toString("utf8").split("\n");
  if (offset > 0) lines.shift();
  for (let i = lines.length - 1; i >= 0; i--) {
    let line: Line;
    try {
      line = JSON.parse(lines[i] as string) as Line;
    } catch {
      continue; // the torn line being written, or a partial first line
    }
    const at = Date.parse(String(line.timestamp ?? "")) || stat.mtimeMs;
    if (line.type === "assistant") {
      const text = firstText(line.message?.content);
      if (line.isApiErrorMessage && /limit/i.test(text)) {
        const resetsAt = parseClaudeReset(text, now);
        return { state: "rate_limited", evidence: clip(text), at, ...(resetsAt ? { resetsAt } : {}) };
      }
      if (line.message?.stop_reason === "tool_use")
        return { state: "active", evidence: "a tool call without its result yet", at };
      if (line.message?.stop_reason === "end_turn" || line.message?.stop_reason === "stop_sequence")
        return { state: "idle", evidence: `the turn ended: ${clip(text)}`, at };
      return { state: "active", evidence: "the model is answering", at };
    }
    if (line.type === "user") return { state: "active", evidence: "the model is working on a message", at };
  }
  return null;
}

function firstText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  const block = content.find(
    (b) => b && typeof b === "object" && typeof (b as { text?: unknown }).text === "string",
  );
  return block ? String((block as { text: string }).text) : "";
}

function clip(text: string): string {
  const one = text.replace(/\s+/g, " ").trim();
  return one.length > 160 ? `${one.slice(0, 159)}…` : one;
}
