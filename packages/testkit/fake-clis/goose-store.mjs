// Where Goose keeps its sessions: the SQLite store `sessions/sessions.db`
// under its data dir, with the `sessions` and `messages` tables of Goose's
// schema (version 5), written in WAL mode as Goose's SQLite driver does.
import { mkdirSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";

/** `$GOOSE_PATH_ROOT/data`, else `$XDG_DATA_HOME/goose`, else ~/.local/share/goose. */
export function gooseDataDir() {
  if (process.env.GOOSE_PATH_ROOT) return join(process.env.GOOSE_PATH_ROOT, "data");
  const home = process.env.HOME || homedir();
  return join(process.env.XDG_DATA_HOME || join(home, ".local", "share"), "goose");
}

/** `$GOOSE_PATH_ROOT/config`, else `$XDG_CONFIG_HOME/goose`, else ~/.config/goose. */
export function gooseConfigDir() {
  if (process.env.GOOSE_PATH_ROOT) return join(process.env.GOOSE_PATH_ROOT, "config");
  const home = process.env.HOME || homedir();
  return join(process.env.XDG_CONFIG_HOME || join(home, ".config"), "goose");
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP);
CREATE TABLE IF NOT EXISTS sessions (
  id TEXT PRIMARY KEY, name TEXT NOT NULL DEFAULT '', description TEXT NOT NULL DEFAULT '',
  user_set_name BOOLEAN DEFAULT FALSE, session_type TEXT NOT NULL DEFAULT 'user', working_dir TEXT NOT NULL,
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP, updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
  extension_data TEXT DEFAULT '{}', total_tokens INTEGER, input_tokens INTEGER, output_tokens INTEGER,
  accumulated_total_tokens INTEGER, accumulated_input_tokens INTEGER, accumulated_output_tokens INTEGER,
  schedule_id TEXT, recipe_json TEXT, user_recipe_values_json TEXT
);
CREATE TABLE IF NOT EXISTS messages (
  id INTEGER PRIMARY KEY AUTOINCREMENT, session_id TEXT NOT NULL REFERENCES sessions(id), role TEXT NOT NULL,
  content_json TEXT NOT NULL, created_timestamp INTEGER NOT NULL, timestamp TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
  tokens INTEGER, metadata_json TEXT
);
INSERT OR IGNORE INTO schema_version (version) VALUES (5);
`;

/** The store, created when missing. */
export function openStore() {
  const dir = join(gooseDataDir(), "sessions");
  mkdirSync(dir, { recursive: true });
  const db = new Database(join(dir, "sessions.db"), { timeout: 5000 });
  db.pragma("journal_mode = WAL");
  db.exec(SCHEMA);
  return db;
}

/**
 * A new session row, its id `YYYYMMDD_N` as Goose numbers them.
 * @param {import("better-sqlite3").Database} db @param {string} cwd @param {string} name
 */
export function createSession(db, cwd, name) {
  const d = new Date();
  const day = `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, "0")}${String(d.getUTCDate()).padStart(2, "0")}`;
  const row = /** @type {{ n: number | null }} */ (
    db
      .prepare("SELECT MAX(CAST(SUBSTR(id, 10) AS INTEGER)) AS n FROM sessions WHERE id LIKE ? || '_%'")
      .get(day)
  );
  const id = `${day}_${(row.n ?? 0) + 1}`;
  db.prepare(
    "INSERT INTO sessions (id, name, user_set_name, working_dir, extension_data) VALUES (?, ?, ?, ?, '{}')",
  ).run(id, name, name ? 1 : 0, cwd);
  return id;
}

/** The newest session of that name. @param {import("better-sqlite3").Database} db @param {string} name */
export function sessionByName(db, name) {
  const row = /** @type {{ id: string } | undefined} */ (
    db.prepare("SELECT id FROM sessions WHERE name = ? ORDER BY updated_at DESC, id DESC LIMIT 1").get(name)
  );
  return row?.id ?? null;
}

/**
 * Append a message (role `user` or `assistant`, Goose's content items).
 * @param {import("better-sqlite3").Database} db @param {string} id @param {string} role @param {unknown[]} content
 */
export function addMessage(db, id, role, content) {
  db.prepare(
    "INSERT INTO messages (session_id, role, content_json, created_timestamp) VALUES (?, ?, ?, ?)",
  ).run(id, role, JSON.stringify(content), Math.floor(Date.now() / 1000));
  db.prepare("UPDATE sessions SET updated_at = datetime('now') WHERE id = ?").run(id);
}

/**
 * Count one provider call: the latest call's tokens and the session's accumulated ones.
 * @param {import("better-sqlite3").Database} db @param {string} id @param {number} input @param {number} output
 */
export function addTokens(db, id, input, output) {
  db.prepare(
    `UPDATE sessions SET input_tokens = ?, output_tokens = ?, total_tokens = ?,
       accumulated_input_tokens = COALESCE(accumulated_input_tokens, 0) + ?,
       accumulated_output_tokens = COALESCE(accumulated_output_tokens, 0) + ?,
       accumulated_total_tokens = COALESCE(accumulated_total_tokens, 0) + ?,
       updated_at = datetime('now') WHERE id = ?`,
  ).run(input, output, input + output, input, output, input + output, id);
}
