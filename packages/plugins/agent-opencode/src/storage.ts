import { join } from "node:path";
import type { AgentFiles, AgentUsage } from "@ao/core";

/**
 * OpenCode's JSON session storage, read through the agent's files (never
 * written): `storage/session/<project>/<session>.json`,
 * `storage/message/<session>/<message>.json`, `storage/part/<message>/<part>.json`.
 * Every file may be torn or half-written: such a file is no evidence.
 */

/** OpenCode's data dir for an agent home: `$XDG_DATA_HOME/opencode`, else `~/.local/share/opencode`. */
export function defaultDataDir(home: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_DATA_HOME || join(home, ".local", "share"), "opencode");
}

/** How many of the newest session files are read to find a workspace's session. */
const SESSIONS_READ = 20;

type Json = Record<string, unknown>;

async function readJson(files: AgentFiles, path: string): Promise<Json | null> {
  const got = await files.read(path);
  if (!got) return null;
  try {
    const value = JSON.parse(got.data.toString("utf8")) as unknown;
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Json) : null;
  } catch {
    return null;
  }
}

const str = (v: unknown) => (typeof v === "string" ? v : "");
const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) && v > 0 ? v : 0);
const obj = (v: unknown): Json => (v && typeof v === "object" ? (v as Json) : {});

/** A session id as OpenCode writes them: nothing that could walk out of the storage dir. */
const SAFE_ID = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * The workspace's session: by OpenCode's id when known, else the most
 * recently updated of the newest session files whose `directory` is `cwd`.
 */
export async function findSession(files: AgentFiles, dataDir: string, cwd: string, id: string | null) {
  const root = join(dataDir, "storage", "session");
  const projects = await files.list(root);
  if (id) {
    if (!SAFE_ID.test(id)) return null;
    for (const project of projects) {
      const session = await readJson(files, join(root, project, `${id}.json`));
      if (session && str(session.id) === id) return id;
    }
    return null;
  }
  const candidates: Array<{ path: string; mtime: number }> = [];
  for (const project of projects) {
    for (const name of await files.list(join(root, project))) {
      if (!name.endsWith(".json")) continue;
      const path = join(root, project, name);
      const stat = await files.stat(path);
      if (stat && !stat.isDirectory) candidates.push({ path, mtime: stat.mtimeMs });
    }
  }
  candidates.sort((a, b) => b.mtime - a.mtime);
  let best: { id: string; updated: number } | null = null;
  for (const { path } of candidates.slice(0, SESSIONS_READ)) {
    const session = await readJson(files, path);
    if (!session || str(session.directory) !== cwd || !SAFE_ID.test(str(session.id))) continue;
    const updated = num(obj(session.time).updated);
    if (!best || updated > best.updated) best = { id: str(session.id), updated };
  }
  return best?.id ?? null;
}

/** One stored message, as much of it as ao reads. */
export interface StoredMessage {
  id: string;
  role: string;
  created: number;
  completed: number;
  finish: string;
  error: string;
  model: string;
  cost: number;
  usage: Omit<AgentUsage, "model">;
}

function toMessage(raw: Json): StoredMessage {
  const time = obj(raw.time);
  const tokens = obj(raw.tokens);
  const cache = obj(tokens.cache);
  const error = obj(raw.error);
  return {
    id: str(raw.id),
    role: str(raw.role),
    created: num(time.created),
    completed: num(time.completed),
    finish: str(raw.finish),
    error: str(obj(error.data).message) || str(error.name),
    model: str(raw.modelID) || "unknown",
    cost: num(raw.cost),
    // Reasoning tokens are billed as output.
    usage: {
      input: num(tokens.input),
      output: num(tokens.output) + num(tokens.reasoning),
      cacheRead: num(cache.read),
      cacheWrite: num(cache.write),
    },
  };
}

/** The ids of a session's messages, oldest first (OpenCode's ids sort by creation). */
export async function messageIds(files: AgentFiles, dataDir: string, sessionId: string): Promise<string[]> {
  const names = await files.list(join(dataDir, "storage", "message", sessionId));
  return names
    .filter((n) => n.endsWith(".json"))
    .map((n) => n.slice(0, -5))
    .sort();
}

export async function readMessage(files: AgentFiles, dataDir: string, sessionId: string, id: string) {
  const raw = await readJson(files, join(dataDir, "storage", "message", sessionId, `${id}.json`));
  return raw ? toMessage(raw) : null;
}

/** The text parts of a message, joined. */
export async function messageText(files: AgentFiles, dataDir: string, messageId: string): Promise<string> {
  const dir = join(dataDir, "storage", "part", messageId);
  const texts: string[] = [];
  for (const name of (await files.list(dir)).sort()) {
    const part = await readJson(files, join(dir, name));
    if (part && part.type === "text" && typeof part.text === "string") texts.push(part.text);
  }
  return texts.join("\n");
}

export interface StoreActivity {
  state: "active" | "idle";
  evidence: string;
  at: number;
}

/**
 * Activity from the newest message: a user message or an assistant message
 * still being written (no `completed` time) or ending on tool calls is work;
 * a completed answer ended the turn.
 */
export function messageActivity(message: StoredMessage): StoreActivity {
  if (message.role !== "assistant")
    return { state: "active", evidence: "a message was sent to OpenCode", at: message.created };
  if (!message.completed) return { state: "active", evidence: "OpenCode is answering", at: message.created };
  if (message.finish === "tool-calls")
    return { state: "active", evidence: "OpenCode called a tool", at: message.completed };
  return { state: "idle", evidence: "OpenCode answered", at: message.completed };
}
