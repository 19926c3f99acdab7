import { join } from "node:path";
import type { AgentFiles, AgentUsage } from "@ao/core";
import type BetterSqlite3 from "better-sqlite3";

/** How long a read waits for Goose's write transaction to finish before giving up this tick. */
const BUSY_TIMEOUT_MS = 200;

type Database = BetterSqlite3.Database;
let driver: Promise<typeof BetterSqlite3 | null> | undefined;

/**
 * better-sqlite3, loaded on first use. It is an optional dependency (a native
 * module that needs a compiler where no prebuilt binary can be fetched): when
 * it is missing or its binary is not built, the store is not read and Goose's
 * activity comes from its screen and liveness alone.
 */
export function sqliteDriver(): Promise<typeof BetterSqlite3 | null> {
  driver ??= import("better-sqlite3").then(
    (m) => m.default,
    () => null,
  );
  return driver;
}

/** Where the store is: `<data dir>/sessions/sessions.db`. */
export function storePath(dataDir: string): string {
  return join(dataDir, "sessions", "sessions.db");
}

/** Goose's data dir for an agent home: `$GOOSE_PATH_ROOT/data`, `$XDG_DATA_HOME/goose`, or `~/.local/share/goose`. */
export function defaultDataDir(home: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env.GOOSE_PATH_ROOT) return join(env.GOOSE_PATH_ROOT, "data");
  return join(env.XDG_DATA_HOME || join(home, ".local", "share"), "goose");
}

/** One Goose session row, as much of it as ao reads. */
export interface StoredSession {
  id: string;
  input: number;
  output: number;
  model: string | null;
}

/** The newest stored message of a session. */
export interface StoredMessage {
  role: string;
  content: unknown;
  at: number;
}

type Row = Record<string, unknown>;

/**
 * Run `read` on the store opened read-only (it must exist; ao never creates
 * it), with a short busy timeout, closed right after: each read is one short
 * transaction, so Goose (which writes in WAL mode) is never held up. A store
 * that is missing, locked past the timeout, or not Goose's shape yields null.
 */
export async function withStore<T>(
  files: AgentFiles,
  path: string,
  read: (db: Database) => T,
): Promise<T | null> {
  // Through the agent's files first: a store that does not exist (yet) is no error.
  if (!(await files.stat(path))) return null;
  const Driver = await sqliteDriver();
  if (!Driver) return null;
  let db: Database | null = null;
  try {
    db = new Driver(path, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
    return read(db);
  } catch {
    return null;
  } finally {
    db?.close();
  }
}

const num = (value: unknown) =>
  typeof value === "number" && Number.isFinite(value) && value > 0 ? value : 0;

/** The model a session row names (newer stores keep `model_config_json`), else null. */
function modelOf(row: Row): string | null {
  if (typeof row.model_config_json !== "string") return null;
  try {
    const config = JSON.parse(row.model_config_json) as { model_name?: unknown };
    return typeof config.model_name === "string" ? config.model_name : null;
  } catch {
    return null;
  }
}

/**
 * The session of a workspace: by Goose's id when known, else the newest
 * whose `working_dir` is the workspace. Token columns: the accumulated ones
 * (whole session), else the latest call's on stores that predate them.
 */
export function findSession(db: Database, cwd: string, id: string | null): StoredSession | null {
  const columns = new Set(
    (db.prepare("PRAGMA table_info(sessions)").all() as Row[]).map((c) => String(c.name)),
  );
  if (!columns.has("id") || !columns.has("working_dir")) return null;
  const row = (
    id
      ? db.prepare("SELECT * FROM sessions WHERE id = ?").get(id)
      : db
          .prepare(
            "SELECT * FROM sessions WHERE working_dir = ? ORDER BY updated_at DESC, rowid DESC LIMIT 1",
          )
          .get(cwd)
  ) as Row | undefined;
  if (!row || typeof row.id !== "string") return null;
  const pick = (name: string) => num(row[`accumulated_${name}_tokens`]) || num(row[`${name}_tokens`]);
  return { id: row.id, input: pick("input"), output: pick("output"), model: modelOf(row) };
}

/** The newest message of a session (content parsed; a torn one is null content). */
export function lastMessage(db: Database, sessionId: string, role?: string): StoredMessage | null {
  const row = (
    role
      ? db
          .prepare(
            "SELECT role, content_json, created_timestamp FROM messages WHERE session_id = ? AND role = ? ORDER BY id DESC LIMIT 1",
          )
          .get(sessionId, role)
      : db
          .prepare(
            "SELECT role, content_json, created_timestamp FROM messages WHERE session_id = ? ORDER BY id DESC LIMIT 1",
          )
          .get(sessionId)
  ) as Row | undefined;
  if (!row) return null;
  let content: unknown = null;
  try {
    content = JSON.parse(String(row.content_json));
  } catch {
    // a message that is not JSON: judged by its role alone
  }
  return { role: String(row.role), content, at: num(row.created_timestamp) * 1000 };
}

type Item = { type?: string; text?: unknown; toolCall?: { value?: { name?: unknown } } };
const items = (content: unknown): Item[] => (Array.isArray(content) ? (content as Item[]) : []);

/** The text of a message's text items. */
export function messageText(message: StoredMessage): string {
  return items(message.content)
    .filter((i) => i.type === "text" && typeof i.text === "string")
    .map((i) => i.text as string)
    .join("\n");
}

export interface StoreActivity {
  state: "active" | "idle";
  evidence: string;
  at: number;
}

/**
 * Activity from the newest message: a tool call (running, or waiting for an
 * approval the screen shows) or a user message is active; an assistant
 * message with text only ended the turn. Goose stores whole seconds: the
 * message is dated at the end of its second (never after `now`), or an
 * earlier observation within that second (the process alive, say) would
 * count as newer and the turn's end would never be seen.
 */
export function messageActivity(stored: StoredMessage, now: number): StoreActivity {
  const message = { ...stored, at: Math.min(now, stored.at + 999) };
  const list = items(message.content);
  const call = list.find((i) => i.type === "toolRequest");
  if (message.role === "assistant" && call) {
    const name = typeof call.toolCall?.value?.name === "string" ? call.toolCall.value.name : "a tool";
    return { state: "active", evidence: `Goose called ${name.slice(0, 80)}`, at: message.at };
  }
  if (message.role === "assistant") return { state: "idle", evidence: "Goose answered", at: message.at };
  if (list.some((i) => i.type === "toolResponse"))
    return { state: "active", evidence: "a tool returned to Goose", at: message.at };
  return { state: "active", evidence: "a message was sent to Goose", at: message.at };
}

/** Tokens of a session as ao counts them (Goose records no cache split and no cost). */
export function sessionUsage(session: StoredSession, fallbackModel: string): AgentUsage[] {
  if (!session.input && !session.output) return [];
  return [
    {
      model: session.model ?? fallbackModel,
      input: session.input,
      output: session.output,
      cacheRead: 0,
      cacheWrite: 0,
    },
  ];
}
