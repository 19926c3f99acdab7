import { execFile } from "node:child_process";
import { appendFile, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, isAbsolute, join, normalize, resolve, sep } from "node:path";
import { promisify } from "node:util";
import { type AgentWorkspaceFile, AoError } from "@ao/core";

const run = promisify(execFile);

/**
 * What ao did to one workspace file, journaled (step `agent_files`) so
 * cleanup can undo it after a restart: a file ao created is removed; a file
 * the user had is put back from the backup (mode 0600, in the session's dir).
 */
export interface WrittenFile {
  path: string;
  created: boolean;
  /** The user's original content, for a file that existed (absent for created ones). */
  backup?: string;
}

/** A workspace-relative path that stays inside the workspace, or AGENT_FILE_PATH. */
function inside(root: string, path: string, agent: string): string {
  const clean = normalize(path);
  if (
    !path ||
    isAbsolute(path) ||
    clean === ".." ||
    clean.startsWith(`..${sep}`) ||
    clean.includes(`${sep}..${sep}`)
  ) {
    throw new AoError({
      code: "AGENT_FILE_PATH",
      message: `The agent ${agent} asked to write ${JSON.stringify(path)}, which is not a path inside the workspace.`,
      hint: "Report this to the agent plugin's authors: launch files must be workspace-relative, without `..`.",
    });
  }
  return resolve(root, clean);
}

/** Write a file through a temp file and a rename, so a crash leaves the old or the new file, never half. */
async function atomicWrite(file: string, content: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.ao-tmp-${process.pid}`;
  await writeFile(tmp, content, { mode: 0o600 });
  await rename(tmp, file);
}

const readOrNull = (file: string) =>
  readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return null;
    throw error;
  });

/**
 * Write the agent's launch files into the workspace. `known` is what earlier
 * launches of the session wrote: a file ao created then is still ao's, and a
 * user's file keeps its first backup, so a relaunch never takes ao's content
 * for the user's.
 */
export async function writeWorkspaceFiles(
  root: string,
  files: readonly AgentWorkspaceFile[],
  backupDir: string,
  known: readonly WrittenFile[],
  agent: string,
  journal: (written: WrittenFile[]) => Promise<void>,
): Promise<WrittenFile[]> {
  const written: WrittenFile[] = [];
  const contents: Array<[string, string]> = [];
  for (const [i, file] of files.entries()) {
    const target = inside(root, file.path, agent);
    const before = known.find((k) => k.path === file.path);
    const existing = await readOrNull(target);
    contents.push([target, typeof file.content === "function" ? file.content(existing) : file.content]);
    if (before) {
      written.push(before);
    } else if (existing === null) {
      written.push({ path: file.path, created: true });
    } else {
      await mkdir(backupDir, { recursive: true, mode: 0o700 });
      const backup = join(backupDir, `${i}-${file.path.replace(/[^A-Za-z0-9._-]/g, "_")}`);
      await writeFile(backup, existing, { mode: 0o600 });
      written.push({ path: file.path, created: false, backup });
    }
  }
  // Journaled before anything changes: a crash mid-way leaves a record cleanup can undo from.
  await journal(written);
  await excludeFromGit(
    root,
    written.map((w) => w.path),
  );
  for (const [target, content] of contents) await atomicWrite(target, content);
  return written;
}

/** Undo {@link writeWorkspaceFiles}: remove what ao created, put back what the user had. */
export async function restoreWorkspaceFiles(root: string, written: readonly WrittenFile[]): Promise<void> {
  for (const w of written) {
    const target = resolve(root, normalize(w.path));
    if (w.created) {
      await rm(target, { force: true });
      continue;
    }
    const original = w.backup ? await readOrNull(w.backup) : null;
    if (original !== null) await atomicWrite(target, original);
    if (w.backup) await rm(w.backup, { force: true });
  }
}

/**
 * Keep the files out of git: a worktree's `info/exclude` is the main
 * repository's (git resolves it with `--git-path`), so the lines are added once.
 */
async function excludeFromGit(root: string, paths: readonly string[]): Promise<void> {
  let exclude: string;
  try {
    const { stdout } = await run("git", ["rev-parse", "--git-path", "info/exclude"], { cwd: root });
    exclude = resolve(root, stdout.trim());
  } catch {
    return; // not a git workspace: nothing can commit the files by accident
  }
  const current = (await readOrNull(exclude)) ?? "";
  const lines = new Set(current.split("\n").map((l) => l.trim()));
  const missing = paths.map((p) => `/${p.split(sep).join("/")}`).filter((p) => !lines.has(p));
  if (missing.length === 0) return;
  await mkdir(dirname(exclude), { recursive: true });
  const lead = current === "" || current.endsWith("\n") ? "" : "\n";
  await appendFile(exclude, `${lead}# written by ao for its agents\n${missing.join("\n")}\n`);
}
