import { execFileSync, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { toolAvailable } from "@ao/testkit";

export const CLI_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const BIN = join(CLI_DIR, "dist", "bin.js");
export const FIXTURES = join(CLI_DIR, "test", "e2e", "fixtures");

/** One journal record as `ao demo --json` prints it and the journal stores it. */
export type JournalLine = {
  seq: number;
  at: number;
  kind: string;
  session?: unknown;
  [key: string]: unknown;
};
export type Effect = {
  type: string;
  reaction?: string;
  attempt?: number;
  kind?: string;
  [key: string]: unknown;
};
export type TransitionLine = JournalLine & { session: string; from: string; to: string; effects: Effect[] };

/** tmux is an optional part of the local stack; its tests are skipped without it (failed under AO_TEST_FULL=1). */
export function hasTmux(): boolean {
  return toolAvailable("tmux");
}

export function killTmuxServer(socket: string): void {
  try {
    execFileSync("tmux", ["-L", socket, "kill-server"], { stdio: "ignore" });
  } catch {
    // no server on that socket: nothing to stop
  }
  // A killed server can leave its socket file behind.
  const uid = process.getuid?.() ?? 0;
  rmSync(join(process.env.TMUX_TMPDIR ?? "/tmp", `tmux-${uid}`, socket), { force: true });
}

/** Sessions alive on a tmux socket (none when its server is gone). */
export function tmuxSessions(socket: string): string[] {
  try {
    const out = execFileSync("tmux", ["-L", socket, "list-sessions", "-F", "#{session_name}"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
    return out.split("\n").filter(Boolean);
  } catch {
    return [];
  }
}

/** Parse JSON lines, naming the first line that is not JSON (every line must be). */
export function parseJsonLines(text: string, what: string): JournalLine[] {
  const lines = text.split("\n").filter((line, i, all) => line !== "" || i < all.length - 1);
  return lines.map((line, i) => {
    try {
      return JSON.parse(line) as JournalLine;
    } catch {
      throw new Error(`${what}: line ${i + 1} is not JSON: ${JSON.stringify(line.slice(0, 300))}`);
    }
  });
}

/** Every journal file under a project's data dir (the live one and any rotated ones). */
export function journalFiles(projectDir: string): string[] {
  if (!existsSync(projectDir)) return [];
  return readdirSync(projectDir)
    .filter((f) => /^journal.*\.jsonl$/.test(f))
    .map((f) => join(projectDir, f));
}

/** Session id → issue id, from the `session` records. */
export function sessionsByIssue(records: JournalLine[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const r of records) {
    if (r.kind !== "session") continue;
    const s = r.session as { id: string; issue: string | null };
    if (!s.issue) continue;
    const ids = map.get(s.issue) ?? [];
    if (!ids.includes(s.id)) ids.push(s.id);
    map.set(s.issue, ids);
  }
  return map;
}

export function transitionsOf(records: JournalLine[], session: string): TransitionLine[] {
  return records.filter((r): r is TransitionLine => r.kind === "transition" && r.session === session);
}

/** The states a session went through, in order, without repeats. */
export function statesOf(records: JournalLine[], session: string): string[] {
  const states: string[] = [];
  for (const t of transitionsOf(records, session)) if (t.to !== states.at(-1)) states.push(t.to);
  return states;
}

/** Whether `wanted` appears in `list` in order (other items may sit between). */
export function inOrder(list: readonly string[], wanted: readonly string[]): boolean {
  let at = 0;
  for (const item of list) if (item === wanted[at]) at++;
  return at === wanted.length;
}

/** The effects the machine asked for on a session's transitions. */
export function plannedEffects(records: JournalLine[], session: string): Effect[] {
  return transitionsOf(records, session).flatMap((t) => t.effects);
}

/** The `effect` records (effects the engine ran) of a session, as `name:ok`. */
export function ranEffects(records: JournalLine[], session: string): { effect: string; ok: boolean }[] {
  return records
    .filter((r) => r.kind === "effect" && r.session === session)
    .map((r) => ({ effect: String(r.effect), ok: r.ok === true }));
}

/** A readable digest of a run, printed when a test fails. */
export function digest(stderr: string, records: JournalLine[], lines = 40): string {
  const tail = stderr.split("\n").slice(-lines).join("\n");
  const last = records
    .slice(-lines)
    .filter((r) => r.kind !== "step")
    .map((r) => {
      if (r.kind === "transition") {
        const t = r as TransitionLine;
        return `#${t.seq} ${t.session} ${t.from} → ${t.to} ${t.effects.map((e) => e.type).join(",")}`;
      }
      return `#${r.seq} ${JSON.stringify(r).slice(0, 240)}`;
    })
    .join("\n");
  return `--- stderr (tail) ---\n${tail}\n--- journal (last records) ---\n${last}\n`;
}

export function readText(file: string): string {
  return existsSync(file) ? readFileSync(file, "utf8") : "";
}

export function git(cwd: string, args: string[]): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

/** The content of a file on a branch of a (bare) repository, or null when absent. */
export function showFile(repo: string, rev: string, file: string): string | null {
  try {
    return git(repo, ["show", `${rev}:${file}`]);
  } catch {
    return null;
  }
}

/** The worktree paths git knows in `repo`. */
export function worktrees(repo: string): string[] {
  return git(repo, ["worktree", "list", "--porcelain"])
    .split("\n")
    .filter((l) => l.startsWith("worktree "))
    .map((l) => l.slice("worktree ".length));
}

export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  pid: number;
}

/** Run `node dist/bin.js ...args` to its end (killed after `timeoutMs`). */
export function runCli(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {},
): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? CLI_DIR,
      env: { ...(options.env ?? process.env), NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 60_000);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started, pid: child.pid ?? -1 });
    });
  });
}

/** Stop a process (and its group, when it leads one) that a test's child left running. */
export function killPid(pid: number): void {
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, "SIGKILL");
    } catch {
      // already gone, or not a group leader
    }
  }
}

/** The pids of the process runtime's agents recorded in a journal (to stop what the demo leaves). */
export function runtimePids(records: JournalLine[]): number[] {
  const pids = new Set<number>();
  for (const r of records) {
    const data = (r as { data?: { data?: { pid?: unknown } } }).data?.data;
    if (r.kind === "step" && r.step === "runtime" && typeof data?.pid === "number") pids.add(data.pid);
  }
  return [...pids];
}
