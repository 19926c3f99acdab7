import type { AgentFiles, AgentUsage } from "@ao/core";
import { isTailCursor, type TailCursor } from "@ao/plugin-kit/agent-files";
import { readNewTextLines } from "./history-lines.js";

/** Aider's chat log in the workspace (its default `--chat-history-file`). */
export const HISTORY_FILE = ".aider.chat.history.md";
/** Aider's prompt history in the workspace (its default `--input-history-file`). */
export const INPUT_HISTORY_FILE = ".aider.input.history";

/** `4.5k` → 4500, `1.2M` → 1200000, `429` → 429 (aider rounds what it prints). */
export function parseCount(text: string): number {
  const m = /^([\d.]+)([kM]?)$/.exec(text.trim());
  if (!m) return 0;
  const n = Number(m[1]);
  if (!Number.isFinite(n)) return 0;
  return Math.round(n * (m[2] === "k" ? 1000 : m[2] === "M" ? 1_000_000 : 1));
}

export interface TokensLine {
  sent: number;
  received: number;
  cacheWrite: number;
  cacheHit: number;
  /** The cost of this message, in USD, when printed. */
  cost?: number;
}

/**
 * `> Tokens: 4.5k sent, 1.2k cache write, 3.4k cache hit, 429 received. Cost: $0.0018 message, $0.0018 session.`
 * (the cache parts and the cost are optional).
 */
export function parseTokensLine(line: string): TokensLine | null {
  const m = /^>\s*Tokens:\s*(.*?)\s*received\.(?:\s*Cost:\s*\$([\d.]+)\s*message)?/.exec(line);
  if (!m) return null;
  const parts = (m[1] as string).split(",").map((p) => p.trim());
  const find = (label: string) => {
    const part = parts.find((p) => p.endsWith(label) || p.endsWith(`${label},`));
    return part ? parseCount(part.slice(0, -label.length)) : 0;
  };
  const received = parseCount((parts.at(-1) ?? "").trim());
  const cost = m[2] !== undefined ? Number(m[2]) : undefined;
  return {
    sent: find(" sent"),
    cacheWrite: find(" cache write"),
    cacheHit: find(" cache hit"),
    received,
    ...(cost !== undefined && Number.isFinite(cost) ? { cost } : {}),
  };
}

const MODEL = /^>\s*(?:Main model|Model):\s*(\S+)/;

/** What the info reader keeps between calls: where it stopped and what it has added up. */
export interface InfoCursor extends TailCursor {
  usage: AgentUsage[];
  model: string;
  costUsd: number;
  summary?: string;
  /** The reply being read (plain lines since the last user message). */
  reply?: string;
}

/** Add one history line to the totals. */
export function addLine(cursor: InfoCursor, line: string): void {
  const model = MODEL.exec(line);
  if (model) {
    cursor.model = model[1] as string;
    return;
  }
  if (line.startsWith("#### ")) {
    cursor.reply = "";
    return;
  }
  const tokens = parseTokensLine(line);
  if (tokens) {
    let row = cursor.usage.find((u) => u.model === cursor.model);
    if (!row) {
      row = { model: cursor.model, input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };
      cursor.usage.push(row);
    }
    row.input += tokens.sent;
    row.output += tokens.received;
    row.cacheRead += tokens.cacheHit;
    row.cacheWrite += tokens.cacheWrite;
    cursor.costUsd = Math.round((cursor.costUsd + (tokens.cost ?? 0)) * 1e6) / 1e6;
    if (cursor.reply?.trim()) cursor.summary = cursor.reply.replace(/\s+/g, " ").trim().slice(0, 300);
    cursor.reply = "";
    return;
  }
  if (line.startsWith(">") || line.startsWith("# aider chat started")) return;
  if (cursor.reply !== undefined && cursor.reply.length < 2000) cursor.reply += `${line}\n`;
}

/** Read what was appended since `previous` and add it up (at most 8 chunks per call). */
export async function readInfo(
  files: AgentFiles,
  file: string,
  previous: InfoCursor | null,
): Promise<InfoCursor | null> {
  const cursor: InfoCursor = previous
    ? { ...previous, usage: previous.usage.map((u) => ({ ...u })) }
    : { file, offset: 0, usage: [], model: "unknown", costUsd: 0 };
  let tail: TailCursor | null = { file: cursor.file, offset: cursor.offset };
  for (let i = 0; i < 8; i++) {
    const read = await readNewTextLines(files, file, tail);
    if (!read) return previous;
    // A history that was rewritten from scratch counts from zero again.
    if (read.restarted) Object.assign(cursor, { usage: [], costUsd: 0, model: "unknown" });
    for (const line of read.lines) addLine(cursor, line);
    tail = read.cursor;
    if (!read.more) break;
  }
  return { ...cursor, file, offset: tail?.offset ?? 0 };
}

/** Whether a journaled cursor is one this reader wrote. */
export function isInfoCursor(value: unknown): value is InfoCursor {
  const c = value as InfoCursor;
  return (
    isTailCursor(value) &&
    Array.isArray(c.usage) &&
    typeof c.model === "string" &&
    typeof c.costUsd === "number"
  );
}

export interface HistoryActivity {
  state: "active" | "idle" | "rate_limited";
  evidence: string;
  at: number;
  resetsAt?: number;
}

const TAIL_BYTES = 64 * 1024;
/** Tool output that ends a reply or comes before the first message: aider waits for input after it. */
const RESTING =
  /^>\s*(?:Tokens:|Commit [0-9a-f]|Applied edit|Aider v|Main model:|Model:|Weak model:|Editor model:|Git repo:|Repo-map:|Restored previous|Added .* to the chat)/;
const LIMITED = /rate limited you|RateLimitError|rate limit/i;
const RETRY = /Retrying in ([\d.]+) seconds/;

/** Judge by the newest meaningful line of the history's tail; its time is the file's mtime. */
export async function historyActivity(files: AgentFiles, file: string): Promise<HistoryActivity | null> {
  const stat = await files.stat(file);
  if (!stat) return null;
  const offset = Math.max(0, stat.size - TAIL_BYTES);
  const read = await files.read(file, { offset, maxBytes: TAIL_BYTES });
  if (!read) return null;
  const lines = read.data.toString("utf8").split("\n");
  if (offset > 0) lines.shift();
  const at = stat.mtimeMs;
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = (lines[i] as string).trim();
    if (!line) continue;
    const retry = RETRY.exec(line);
    if (retry) {
      const before = lines.slice(Math.max(0, i - 4), i).join("\n");
      if (LIMITED.test(before))
        return {
          state: "rate_limited",
          evidence: "the provider rate-limited aider; it retries by itself",
          at,
          resetsAt: Math.round(at + Number(retry[1]) * 1000),
        };
      return { state: "active", evidence: clip(line.replace(/^>\s*/, "")), at };
    }
    if (line.startsWith(">") && LIMITED.test(line))
      return { state: "rate_limited", evidence: "the provider rate-limited aider", at };
    if (line.startsWith("# aider chat started")) return { state: "idle", evidence: "aider started", at };
    if (RESTING.test(line)) return { state: "idle", evidence: clip(line.replace(/^>\s*/, "")), at };
    if (line.startsWith("#### ")) return { state: "active", evidence: "a message was sent to aider", at };
    if (line.startsWith(">")) return { state: "active", evidence: clip(line.replace(/^>\s*/, "")), at };
    return { state: "active", evidence: "aider is writing a reply", at };
  }
  return null;
}

function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}
