/**
 * @ao/plugin-kit/process: the one child-process helper plugins use at run
 * time (it imports nothing of vitest, unlike the package's main entry).
 * Programs run from an argv, never through a shell unless {@link runShell}
 * asks for one, so no quoting mistake can turn data into a command.
 */
import { spawn } from "node:child_process";
import { AoError, errors } from "@ao/core";

/** What a finished child process left behind. */
export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** How to run a child process. */
export interface RunOptions {
  /** Written to the child's stdin, which is then closed (without it stdin is /dev/null). */
  input?: string;
  cwd?: string;
  /** The child's whole environment (default: ours). */
  env?: NodeJS.ProcessEnv;
  /** Kill the child (SIGTERM, then SIGKILL after a second) and reject with a TIMEOUT error after this long. */
  timeoutMs?: number;
}

/** How many lines of a failed command's output its error message keeps. */
const TAIL_LINES = 20;

/** A command that ran but exited non-zero, as thrown by {@link runOk}. */
export class CommandFailedError extends AoError {
  constructor(
    readonly argv: readonly string[],
    readonly result: RunResult,
    readonly cwd?: string,
  ) {
    const tail = outputTail(result.stderr) || outputTail(result.stdout) || "no output";
    super({
      code: "COMMAND_FAILED",
      message: `${describeCommand(argv)} exited with ${result.exitCode}${cwd ? ` in ${cwd}` : ""}:\n${tail}`,
      hint: "Run the same command in that directory to see the whole story.",
    });
  }

  get exitCode(): number {
    return this.result.exitCode;
  }

  get stderr(): string {
    return this.result.stderr;
  }
}

/**
 * Run `file` with `args` and collect its output. A non-zero exit is reported
 * in the result, not thrown: callers decide what a failure means (for some
 * programs exit 1 is an answer). It rejects only when the program cannot be
 * started (`COMMAND_NOT_STARTED`) or outlives `timeoutMs` (`TIMEOUT`).
 */
export function run(file: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    let killer: NodeJS.Timeout | undefined;
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            child.kill("SIGTERM");
            // A child that ignores SIGTERM must not keep the caller waiting forever.
            killer = setTimeout(() => child.kill("SIGKILL"), 1000);
            killer.unref();
          }, options.timeoutMs);
    const settle = () => {
      if (timer) clearTimeout(timer);
      if (killer) clearTimeout(killer);
    };
    child.stdout?.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr?.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", (error: NodeJS.ErrnoException) => {
      settle();
      reject(
        new AoError({
          code: "COMMAND_NOT_STARTED",
          message: `${describeCommand([file, ...args])} could not be started: ${error.code ?? error.message}${options.cwd ? ` (in ${options.cwd})` : ""}.`,
          hint:
            error.code === "ENOENT"
              ? `Check that ${file} is installed and on PATH, and that the directory exists.`
              : "Check the program and the directory it runs in.",
          cause: error,
        }),
      );
    });
    child.on("close", (code, signal) => {
      settle();
      if (timedOut) {
        reject(errors.timeout(describeCommand([file, ...args]), options.timeoutMs ?? 0));
        return;
      }
      resolve({
        exitCode: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
      });
    });
    if (options.input !== undefined && child.stdin) {
      // A child that exits without reading its stdin must not crash us with EPIPE.
      child.stdin.on("error", () => {});
      child.stdin.end(options.input);
    }
  });
}

/** Like {@link run}, but resolves with stdout and throws {@link CommandFailedError} on a non-zero exit. */
export async function runOk(
  file: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<string> {
  const result = await run(file, args, options);
  if (result.exitCode !== 0) throw new CommandFailedError([file, ...args], result, options.cwd);
  return result.stdout;
}

/** Run `command` through `sh -c`: only for commands the user wrote as shell (e.g. a `postCreate` hook). */
export function runShell(command: string, options: RunOptions = {}): Promise<RunResult> {
  return run("sh", ["-c", command], options);
}

/** The last lines of a command's output, trimmed: enough to see why it failed. */
export function outputTail(text: string, lines = TAIL_LINES): string {
  return text.trim().split("\n").slice(-lines).join("\n");
}

/** An argv as a readable command line (quoted where needed), for messages only, never for running. */
export function describeCommand(argv: readonly string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a))).join(" ");
}
