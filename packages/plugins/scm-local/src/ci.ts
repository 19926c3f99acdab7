import { spawn } from "node:child_process";
import { appendFile, mkdtemp, open, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BASE_AGENT_ENV, pickEnv } from "@ao/core";
import { isPidAlive } from "@ao/file-lock";
import type { CiRun, PrStore } from "./store.js";

/**
 * The detached CI runner. Parameters arrive as positional arguments, never
 * spliced into the script, so a branch or path cannot inject shell code. Only
 * the configured `ci` command (trusted config) is run by a shell.
 */
const RUNNER = `
repo=$1; sha=$2; dir=$3; exitfile=$4; cmd=$5
finish() { cd /; rm -rf "$dir"; printf '%s\\n' "$1" > "$exitfile.tmp" && mv "$exitfile.tmp" "$exitfile"; exit "$1"; }
if ! git clone --quiet --shared --no-checkout "$repo" "$dir/checkout" || ! git -C "$dir/checkout" checkout --quiet --detach "$sha"; then
  printf 'ao: could not check out %s\\n' "$sha"; finish 125
fi
cd "$dir/checkout" || finish 125
printf 'ao: CI for %s: %s\\n' "$sha" "$cmd"
sh -c "$cmd" </dev/null
finish $?
`;

export interface CiSettings {
  command: string;
  timeoutMs: number;
}

/** Start a CI run for `sha` in a fresh clean checkout; the runner outlives this process if need be. */
export async function spawnRun(
  store: PrStore,
  repoPath: string,
  pr: number,
  sha: string,
  settings: CiSettings,
  index: number,
  now: number,
): Promise<{ run: CiRun; exited: Promise<void> }> {
  await store.ensure();
  const id = `${pr}-${index}`;
  const log = join(store.ciDir, `${id}.log`);
  const exitFile = join(store.ciDir, `${id}.exit`);
  const workDir = await mkdtemp(join(tmpdir(), "ao-ci-"));
  const logHandle = await open(log, "a", 0o600);
  const child = spawn("sh", ["-c", RUNNER, "ao-ci", repoPath, sha, workDir, exitFile, settings.command], {
    cwd: workDir,
    detached: true,
    stdio: ["ignore", logHandle.fd, logHandle.fd],
    env: ciEnv(sha, pr),
  });
  await logHandle.close();
  const exited = new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.once("error", () => resolve());
  });
  child.unref();
  const run: CiRun = { id, sha, status: "pending", startedAt: now, log, exitFile, workDir };
  if (child.pid !== undefined) run.pid = child.pid;
  return { run, exited };
}

/**
 * The CI command's environment: the allow-listed base variables (PATH, HOME,
 * locale, ...) and the run's own, never ao's whole environment: the code
 * under test is the agent's, and ao's environment holds tokens.
 */
export function ciEnv(sha: string, pr: number): Record<string, string> {
  return {
    ...pickEnv(process.env, BASE_AGENT_ENV),
    GIT_TERMINAL_PROMPT: "0",
    AO_CI_SHA: sha,
    AO_PR: String(pr),
  };
}

/** What a pending run has become: null while it is still running within its time. */
export async function settleRun(
  run: CiRun,
  now: number,
  timeoutMs: number,
): Promise<{ status: "passed" | "failed"; exitCode: number } | null> {
  const code = await readExitCode(run.exitFile);
  if (code !== null) return { status: code === 0 ? "passed" : "failed", exitCode: code };
  const alive = run.pid !== undefined && isPidAlive(run.pid);
  if (alive && now - run.startedAt <= timeoutMs) return null;
  if (alive && run.pid !== undefined) {
    await appendFile(run.log, `\nao: CI timed out after ${timeoutMs} ms and was stopped.\n`).catch(() => {});
    killGroup(run.pid);
  } else {
    await appendFile(run.log, "\nao: the CI runner stopped without reporting a result.\n").catch(() => {});
  }
  if (run.workDir) await rm(run.workDir, { recursive: true, force: true }).catch(() => {});
  return { status: "failed", exitCode: -1 };
}

export function killGroup(pid: number): void {
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}

async function readExitCode(file: string): Promise<number | null> {
  try {
    const code = Number.parseInt(await readFile(file, "utf8"), 10);
    return Number.isNaN(code) ? 1 : code;
  } catch {
    return null;
  }
}

/** The last `maxBytes` of a log, starting at a line boundary when it was cut. */
export async function tailFile(file: string, maxBytes: number): Promise<string> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch {
    return "";
  }
  const start = Math.max(0, size - maxBytes);
  const handle = await open(file, "r");
  try {
    const buffer = Buffer.alloc(size - start);
    await handle.read(buffer, 0, buffer.length, start);
    let text = buffer.toString("utf8");
    if (start > 0) {
      const newline = text.indexOf("\n");
      if (newline >= 0 && newline < text.length - 1) text = text.slice(newline + 1);
    }
    return text;
  } finally {
    await handle.close();
  }
}
