// Where Claude Code keeps its state: the global config file (trust per
// project path) and the per-project JSONL transcripts.
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";

/** `CLAUDE_CONFIG_DIR`, else ~/.claude. */
export function claudeConfigDir() {
  return process.env.CLAUDE_CONFIG_DIR || join(process.env.HOME || homedir(), ".claude");
}

/** The global config: inside CLAUDE_CONFIG_DIR when set, else ~/.claude.json. */
export function claudeGlobalConfig() {
  return process.env.CLAUDE_CONFIG_DIR
    ? join(process.env.CLAUDE_CONFIG_DIR, ".claude.json")
    : join(process.env.HOME || homedir(), ".claude.json");
}

/** Every non-alphanumeric character becomes `-`; long paths are cut and get a hash. @param {string} cwd */
export function projectSlug(cwd) {
  const slug = cwd.replace(/[^a-zA-Z0-9]/g, "-");
  if (slug.length <= 200) return slug;
  return `${slug.slice(0, 200)}-${createHash("sha256").update(cwd).digest("hex").slice(0, 8)}`;
}

/**
 * Trusted when the folder or one of its ancestors was accepted, or, in a git
 * worktree, the main checkout (as Claude Code 2.1.x decides). @param {string} cwd
 */
export function isTrusted(cwd) {
  let projects;
  try {
    projects = JSON.parse(readFileSync(claudeGlobalConfig(), "utf8"))?.projects ?? {};
  } catch {
    return false;
  }
  const accepted = (/** @type {string} */ path) => projects[path]?.hasTrustDialogAccepted === true;
  const main = mainCheckout(cwd);
  if (main && accepted(main)) return true;
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (accepted(dir)) return true;
    if (dirname(dir) === dir) return false;
  }
}

/** The main checkout of a linked worktree (its `.git` file names `<main>/.git/worktrees/<name>`). @param {string} cwd */
function mainCheckout(cwd) {
  try {
    const pointer = readFileSync(join(cwd, ".git"), "utf8").trim();
    const gitdir = /^gitdir:\s*(.+)$/.exec(pointer)?.[1];
    const parts = gitdir ? resolve(cwd, gitdir).split("/.git/worktrees/") : [];
    return parts.length === 2 ? parts[0] : null;
  } catch {
    return null;
  }
}

/** Record the answer to the trust dialog, keeping every other key. @param {string} cwd */
export function acceptTrust(cwd) {
  const file = claudeGlobalConfig();
  let config = {};
  try {
    config = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    // missing or unreadable: start a new one, as the CLI does
  }
  config.projects ??= {};
  config.projects[cwd] = { ...(config.projects[cwd] ?? {}), hasTrustDialogAccepted: true };
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(config, null, 2));
  renameSync(tmp, file);
}

/** The transcript directory of a project. @param {string} cwd */
export function projectDir(cwd) {
  return join(claudeConfigDir(), "projects", projectSlug(cwd));
}

/** The newest transcript's session id in a project, or null. @param {string} cwd */
export function newestSession(cwd) {
  const dir = projectDir(cwd);
  if (!existsSync(dir)) return null;
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".jsonl"))
    .map((f) => ({ f, at: statSync(join(dir, f)).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  return files[0] ? files[0].f.replace(/\.jsonl$/, "") : null;
}
