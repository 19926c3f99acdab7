import { execFileSync } from "node:child_process";

/**
 * Run the docker CLI against one engine (`-H host`) and return its stdout.
 * For test set-up and assertions only: the runtime under test speaks to the
 * engine itself. Throws with docker's stderr when it exits non-zero.
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
      // The CLI must not pick up a context or config of the machine.
      env: { ...process.env, DOCKER_CONTEXT: "", DOCKER_CONFIG: "/nonexistent-ao-test" },
    });
  } catch (err) {
    const e = err as { status?: number; stderr?: string; message: string };
    throw new Error(
      `docker ${args.join(" ")} failed (exit ${e.status ?? "?"}): ${e.stderr?.trim() || e.message}`,
    );
  }
}
