import { join } from "node:path";
import type { AgentFiles, AgentUsage } from "@ao/core";
import { readNewLines, TAIL_CHUNK, type TailCursor } from "@ao/plugin-kit/agent-files";

type Line = { timestamp?: string; type?: string; payload?: Record<string, unknown> & { type?: string } };

/** Rollout files are `sessions/YYYY/MM/DD/rollout-<time>-<uuid>.jsonl`; this many newest days are searched. */
const DAYS_SEARCHED = 14;

/** The newest-first day directories under sessions/. */
async function recentDays(files: AgentFiles, root: string): Promise<string[]> {
  const days: string[] = [];
  const desc = (names: string[]) =>
    names
      .filter((n) => /^\d+$/.test(n))
      .sort()
      .reverse();
  for (const year of desc(await files.list(root))) {
    for (const month of desc(await files.list(join(root, year)))) {
      for (const day of desc(await files.list(join(root, year, month)))) {
        days.push(join(root, year, month, day));
        if (days.length >= DAYS_SEARCHED) return days;
      }
    }
  }
  return days;
}

/**
 * The rollout of a workspace: by session id when known (the uuid ends the
 * file name), else the newest whose `session_meta` names this cwd.
 */
export async function findRollout(
  files: AgentFiles,
  codexHome: string,
  cwd: string,
  agentSessionId: string | null,
  /** The cwd each rollout's `session_meta` names, remembered across calls (a rollout's head never changes). */
  heads: Map<string, string> = new Map(),
): Promise<{ file: string; id: string } | null> {
  for (const day of await recentDays(files, join(codexHome, "sessions"))) {
    const names = (await files.list(day))
      .filter((n) => /^rollout-.*\.jsonl$/.test(n))
      .sort()
      .reverse();
    for (const name of names) {
      const id = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.jsonl$/i.exec(name)?.[1];
      if (!id) continue;
      if (agentSessionId) {
        if (id === agentSessionId) return { file: join(day, name), id };
        continue;
      }
      const file = join(day, name);
      let owner: string | null = heads.get(file) ?? null;
      if (owner === null) {
        owner = await rolloutCwd(files, file);
        // A head not written yet is read again next time.
        if (owner !== null) heads.set(file, owner);
      }
      if (owner === cwd) return { file, id };
    }
  }
  return null;
}

/** The cwd a rollout's first line (`session_meta`) names; null when it is torn, foreign or not written yet. */
async function rolloutCwd(files: AgentFiles, file: string): Promise<string | null> {
  const head = await files.read(file, { maxBytes: 16 * 1024 });
  const text = head?.data.toString("utf8") ?? "";
  const end = text.indexOf("\n");
  if (end === -1) return null;
  try {
    const meta = JSON.parse(text.slice(0, end)) as Line;
    return meta.type === "session_meta" && typeof meta.payload?.cwd === "string" ? meta.payload.cwd : null;
  } catch {
    return null;
  }
}

/** Token totals as Codex counts them (cumulative per session). */
type Totals = { input: number; cached: number; output: number };

/** What a reader keeps between calls: where it stopped, the model in use, the totals so far. */
export interface InfoCursor extends TailCursor {
  usage: AgentUsage[];
  model: string;
  last: Totals;
  summary?: string;
}

const num = (value: unknown) =>
  typeof value === "number" && Number.isFinite(value) && value > 0 ? value : 0;

/**
 * Add one rollout line. `total_token_usage` is cumulative, so the growth
 * since the last count goes to the model of the current turn; cached input is
 * part of input and counted as a cache read.
 */
export function addLine(cursor: InfoCursor, line: Line): void {
  const p = line.payload;
  if (!p) return;
  if (line.type === "turn_context" && typeof p.model === "string") cursor.model = p.model;
  if (line.type === "event_msg" && p.type === "agent_message" && typeof p.message === "string")
    cursor.summary = p.message.replace(/\s+/g, " ").trim().slice(0, 300);
  if (line.type !== "event_msg" || p.type !== "token_count") return;
  const total = (p.info as { total_token_usage?: Record<string, unknown> } | null)?.total_token_usage;
  if (!total) return;
  const now: Totals = {
    input: num(total.input_tokens),
    cached: num(total.cached_input_tokens),
    output: num(total.output_tokens),
  };
  // A resumed process may count from zero again: then everything it counts is new.
  const base =
    now.input < cursor.last.input || now.output < cursor.last.output
      ? { input: 0, cached: 0, output: 0 }
      : cursor.last;
  let row = cursor.usage.find((u) => u.model === cursor.model);
  if (!row) {
    row = { model: cursor.model, input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };
    cursor.usage.push(row);
  }
  const cached = Math.max(0, now.cached - base.cached);
  row.input += Math.max(0, now.input - base.input - cached);
  row.cacheRead += cached;
  row.output += Math.max(0, now.output - base.output);
  cursor.last = now;
}

/** Only these lines change the totals or the summary: the rest are skipped unparsed. */
const WANTED = (text: string) =>
  text.includes('"token_count"') || text.includes('"turn_context"') || text.includes('"agent_message"');

/** Read what was appended since `previous` and add it up. */
export async function readInfo(
  files: AgentFiles,
  file: string,
  previous: InfoCursor | null,
): Promise<InfoCursor | null> {
  const cursor: InfoCursor = previous
    ? { ...previous, usage: previous.usage.map((u) => ({ ...u })), last: { ...previous.last } }
    : { file, offset: 0, usage: [], model: "unknown", last: { input: 0, cached: 0, output: 0 } };
  if (cursor.file !== file) cursor.last = { input: 0, cached: 0, output: 0 };
  let tail: TailCursor | null = cursor.file === file ? { file, offset: cursor.offset } : null;
  for (let i = 0; i < 8; i++) {
    const read = await readNewLines(files, file, tail, TAIL_CHUNK, WANTED);
    if (!read) return previous;
    for (const line of read.lines) addLine(cursor, line as Line);
    tail = read.cursor;
    if (!read.more) break;
  }
  return { ...cursor, file, offset: tail?.offset ?? 0 };
}

export interface RolloutActivity {
  state: "active" | "idle" | "rate_limited";
  evidence: string;
  at: number;
  resetsAt?: number;
}

const TAIL_BYTES = 64 * 1024;

/** Judge by the newest meaningful line of the rollout's tail (whole lines only). */
export async function rolloutActivity(files: AgentFiles, file: string): Promise<RolloutActivity | null> {
  const stat = await files.stat(file);
  if (!stat) return null;
  const offset = Math.max(0, stat.size - TAIL_BYTES);
  const read = await files.read(file, { offset, maxBytes: TAIL_BYTES });
  if (!read) return null;
  const lines = read.data.toString("utf8").split("\n");
  if (offset > 0) lines.shift();
  // A turn that ended at a full limit window ended because of it: look back to the turn's start.
  let ended: RolloutActivity | null = null;
  for (let i = lines.length - 1; i >= 0; i--) {
    let line: Line;
    try {
      line = JSON.parse(lines[i] as string) as Line;
    } catch {
      continue;
    }
    const at = Date.parse(String(line.timestamp ?? "")) || stat.mtimeMs;
    const p = line.payload ?? {};
    if (line.type === "event_msg") {
      if (p.type === "token_count") {
        const limits = p.rate_limits as
          | Record<string, { used_percent?: number; resets_at?: number }>
          | undefined;
        const hit = Object.values(limits ?? {}).find((w) => w && num(w.used_percent) >= 100);
        if (hit) {
          const resetsAt = num(hit.resets_at) * 1000;
          return {
            state: "rate_limited",
            evidence: "a usage limit window is at 100%",
            at,
            ...(resetsAt ? { resetsAt } : {}),
          };
        }
        continue;
      }
      if (ended) {
        if (p.type === "user_message" || p.type === "task_started") return ended;
        continue;
      }
      if (p.type === "task_complete") ended = { state: "idle", evidence: "the turn completed", at };
      else if (p.type === "turn_aborted") ended = { state: "idle", evidence: "the turn was interrupted", at };
      else if (
        p.type === "agent_message" ||
        p.type === "agent_reasoning" ||
        p.type === "user_message" ||
        p.type === "task_started"
      )
        return { state: "active", evidence: `the rollout shows ${p.type}`, at };
      continue;
    }
    if (
      !ended &&
      line.type === "response_item" &&
      (p.type === "function_call" || p.type === "function_call_output")
    )
      return { state: "active", evidence: `the rollout shows a ${p.type}`, at };
  }
  return ended;
}
