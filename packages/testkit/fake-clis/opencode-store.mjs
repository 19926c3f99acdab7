// Where OpenCode keeps its sessions: JSON files under its data dir's
// `storage/` (session/<project>/<id>.json, message/<session>/<id>.json,
// part/<message>/<id>.json), each written whole by a rename, as OpenCode does.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";

/** `$XDG_DATA_HOME/opencode`, else ~/.local/share/opencode. */
export function opencodeDataDir() {
  const home = process.env.HOME || homedir();
  return join(process.env.XDG_DATA_HOME || join(home, ".local", "share"), "opencode");
}

/** `$XDG_CONFIG_HOME/opencode`, else ~/.config/opencode. */
export function opencodeConfigDir() {
  const home = process.env.HOME || homedir();
  return join(process.env.XDG_CONFIG_HOME || join(home, ".config"), "opencode");
}

const storage = (/** @type {string[]} */ ...parts) => join(opencodeDataDir(), "storage", ...parts);

/** @param {string} path @param {unknown} value */
function writeJson(path, value) {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(value, null, 2));
  renameSync(tmp, path);
}

let seq = 0;
/** An id that sorts by creation, as OpenCode's do. @param {string} prefix */
export function newId(prefix) {
  seq = (seq + 1) % 4096;
  const time = (BigInt(Date.now()) * 4096n + BigInt(seq)).toString(16).padStart(12, "0");
  return `${prefix}_${time}${randomBytes(7).toString("hex")}`;
}

/** The project id: the repository's first commit, or "global" outside git. @param {string} cwd */
export function projectId(cwd) {
  try {
    const roots = execFileSync("git", ["rev-list", "--max-parents=0", "HEAD"], {
      cwd,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
    return roots.trim().split("\n").sort()[0] || "global";
  } catch {
    return "global";
  }
}

/** A stored session by id, or null. @param {string} id */
export function findSession(id) {
  const root = storage("session");
  if (!existsSync(root)) return null;
  for (const project of readdirSync(root)) {
    const path = join(root, project, `${id}.json`);
    if (existsSync(path)) return { path, session: JSON.parse(readFileSync(path, "utf8")) };
  }
  return null;
}

/** A new session of the workspace. @param {string} cwd */
export function createSession(cwd) {
  const id = newId("ses");
  const project = projectId(cwd);
  const now = Date.now();
  const session = {
    id,
    version: "1.1.20",
    projectID: project,
    directory: cwd,
    title: "New session",
    time: { created: now, updated: now },
  };
  writeJson(storage("session", project, `${id}.json`), session);
  return id;
}

/** Touch the session's updated time. @param {string} id */
export function touchSession(id) {
  const found = findSession(id);
  if (!found) return;
  found.session.time.updated = Date.now();
  writeJson(found.path, found.session);
}

/** Write (or rewrite) a message. @param {Record<string, unknown> & { id: string; sessionID: string }} message */
export function writeMessage(message) {
  writeJson(storage("message", message.sessionID, `${message.id}.json`), message);
  touchSession(message.sessionID);
}

/** Add a part to a message. @param {string} sessionId @param {string} messageId @param {Record<string, unknown>} part */
export function addPart(sessionId, messageId, part) {
  const id = newId("prt");
  writeJson(storage("part", messageId, `${id}.json`), {
    id,
    sessionID: sessionId,
    messageID: messageId,
    ...part,
  });
}
