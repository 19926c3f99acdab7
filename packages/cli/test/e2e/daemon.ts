import { type ChildProcess, spawn } from "node:child_process";
import { BIN, CLI_DIR, runCli } from "./helpers.js";

/** `ao start --config <file>` as a child the test can SIGKILL and start again. */
export class Daemon {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  /** Everything every incarnation wrote on stdout and stderr, marked per start. */
  log = "";
  starts = 0;

  constructor(
    private readonly config: string,
    /** The daemon's environment (default: the test's). */
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  start(): void {
    this.starts++;
    this.log += `\n=== daemon start #${this.starts} ===\n`;
    const child = spawn(process.execPath, [BIN, "start", "--config", this.config], {
      cwd: CLI_DIR,
      env: { ...this.env, NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const append = (d: Buffer) => {
      this.log += d.toString("utf8");
    };
    child.stdout?.on("data", append);
    child.stderr?.on("data", append);
    this.exited = new Promise((resolve) =>
      child.on("close", (code, signal) => {
        this.log += `=== daemon exited (code ${code}, signal ${signal}) ===\n`;
        resolve();
      }),
    );
    this.child = child;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Stop it the hard way (SIGKILL) or gracefully (SIGTERM); resolves once it is gone. */
  async stop(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    await this.exited;
    clearTimeout(timer);
    this.child = null;
  }
}

/** One session as `ao status --json` shows it. */
export interface StatusSession {
  id: string;
  issue: string | null;
  branch: string;
  state: string;
  pr: { number: number; url: string; ci: string; review: string; mergeable: boolean } | null;
  attempts: Record<string, number>;
}

/** `ao status --json` (read from the journal, so it works while the daemon is down). */
export async function status(config: string): Promise<StatusSession[]> {
  const run = await runCli(["status", "--json", "--config", config], { timeoutMs: 30_000 });
  if (run.code !== 0) throw new Error(`ao status failed (${run.code}): ${run.stderr}`);
  return (JSON.parse(run.stdout) as { sessions: StatusSession[] }).sessions;
}

/** A small seeded PRNG (mulberry32): the same seed replays the same kill points. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
