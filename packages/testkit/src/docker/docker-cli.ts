import { execFile, execFileSync } from "node:child_process";

/** The CLI must not pick up a context or config of the machine. */
const cliEnv = () => ({ ...process.env, DOCKER_CONTEXT: "", DOCKER_CONFIG: "/nonexistent-ao-test" });

function failure(
  args: readonly string[],
  err: { code?: unknown; status?: number | null; stderr?: string; message: string },
) {
  const exit = err.status ?? (typeof err.code === "number" ? err.code : "?");
  return new Error(`docker ${args.join(" ")} failed (exit ${exit}): ${err.stderr?.trim() || err.message}`);
}

/**
 * Run the docker CLI against one engine (`-H host`) and return its stdout.
 * For test set-up and assertions only: the runtime under test speaks to the
 * engine itself. Throws with docker's stderr when it exits non-zero. It
 * blocks the event loop: use `dockerCliAsync` when the container talks to a
 * server in the test's own process.
 */
export function dockerCli(
  engine: { host: string },
  args: readonly string[],
  options: { input?: string; timeoutMs?: number } = {},
): string {
  try {
    return execFileSync("docker", ["-H", engine.host, ...args], {
      encoding: "utf8",
      input: options.input,
      stdio: ["pipe", "pipe", "pipe"],
      timeout: options.timeoutMs ?? 60_000,
      env: cliEnv(),
    });
  } catch (err) {
    throw failure(args, err as { status?: number; stderr?: string; message: string });
  }
}

/** `dockerCli` without blocking: the test's own servers keep answering while the container runs. */
export function dockerCliAsync(
  engine: { host: string },
  args: readonly string[],
  options: { timeoutMs?: number } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      "docker",
      ["-H", engine.host, ...args],
      { encoding: "utf8", timeout: options.timeoutMs ?? 60_000, env: cliEnv(), maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => (err ? reject(failure(args, { ...err, stderr })) : resolve(stdout)),
    );
  });
}
