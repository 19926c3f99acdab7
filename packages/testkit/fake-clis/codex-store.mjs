// Where Codex keeps its state: config.toml (trust per project path, as a
// `[projects."<path>"]` table) and the rollout JSONL files under sessions/.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";

/** `CODEX_HOME`, else ~/.codex. */
export function codexHome() {
  return process.env.CODEX_HOME || join(process.env.HOME || homedir(), ".codex");
}

/** The `[projects."<path>"]` header for a path (a TOML basic string is JSON-compatible here). @param {string} cwd */
export function projectHeader(cwd) {
  return `[projects.${JSON.stringify(cwd)}]`;
}

/** Whether config.toml marks `cwd` trusted: its table holds `trust_level = "trusted"`. @param {string} cwd */
export function isTrusted(cwd) {
  let text = "";
  try {
    text = readFileSync(join(codexHome(), "config.toml"), "utf8");
  } catch {
    return false;
  }
  const lines = text.split("\n");
  const at = lines.findIndex((l) => l.trim() === projectHeader(cwd));
  if (at === -1) return false;
  for (const line of lines.slice(at + 1)) {
    if (line.trim().startsWith("[")) break;
    if (/^\s*trust_level\s*=\s*"trusted"\s*(#.*)?$/.test(line)) return true;
  }
  return false;
}

/** Record "trusted" for `cwd` as the CLI does when the user says yes. @param {string} cwd */
export function acceptTrust(cwd) {
  const file = join(codexHome(), "config.toml");
  const text = existsSync(file) ? readFileSync(file, "utf8") : "";
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(
    tmp,
    `${text}${text && !text.endsWith("\n") ? "\n" : ""}\n${projectHeader(cwd)}\ntrust_level = "trusted"\n`,
  );
  renameSync(tmp, file);
}

/** The rollout file of a session id, searched under sessions/YYYY/MM/DD. @param {string} id */
export function findRollout(id) {
  const root = join(codexHome(), "sessions");
  if (!existsSync(root)) return null;
  for (const entry of readdirSync(root, { recursive: true, encoding: "utf8" })) {
    if (entry.endsWith(`-${id}.jsonl`)) return join(root, entry);
  }
  return null;
}

/** The newest rollout whose session ran in `cwd`, as `--last` picks it. @param {string} cwd */
export function lastRollout(cwd) {
  const root = join(codexHome(), "sessions");
  if (!existsSync(root)) return null;
  const files = readdirSync(root, { recursive: true, encoding: "utf8" })
    .filter((e) => /rollout-.*\.jsonl$/.test(e))
    .sort()
    .reverse();
  for (const file of files) {
    const first = readFileSync(join(root, file), "utf8").split("\n")[0] ?? "";
    try {
      if (JSON.parse(first).payload?.cwd === cwd) return join(root, file);
    } catch {
      // a torn first line: not this one
    }
  }
  return null;
}
