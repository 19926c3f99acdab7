import { errors } from "@ao/core";

/** Docker's "no such container / image" answer. */
export const isMissing = (error: unknown) => (error as { statusCode?: number }).statusCode === 404;

/**
 * An engine call that failed, as an error a human can act on: an engine that
 * does not answer, a socket the user may not use, or what the engine said.
 */
export function engineFailure(plugin: string, what: string, error: unknown, socketPath?: string): Error {
  if ((error as { code?: string }).code === "RUNTIME_CONFLICT" || (error as { hint?: string }).hint)
    return error as Error;
  const code = (error as NodeJS.ErrnoException).code;
  const socket = socketPath ?? process.env.DOCKER_HOST ?? "/var/run/docker.sock";
  if (code === "ENOENT" || code === "ECONNREFUSED") {
    return errors.runtimeUnavailable(
      plugin,
      `the Docker engine at ${socket} does not answer (${code}) when trying to ${what}`,
      "Start Docker (`sudo systemctl start docker`), or point the socketPath option (or DOCKER_HOST) at a running engine.",
    );
  }
  if (code === "EACCES") {
    return errors.runtimeUnavailable(
      plugin,
      `you may not use the Docker socket ${socket} (permission denied)`,
      "Add yourself to the docker group (`sudo usermod -aG docker $USER`, then log in again), or use rootless Docker.",
    );
  }
  const status = (error as { statusCode?: number }).statusCode;
  const said = (error as { json?: { message?: string } }).json?.message ?? (error as Error).message;
  return errors.runtimeUnavailable(
    plugin,
    `the Docker engine refused to ${what}${status ? ` (HTTP ${status})` : ""}: ${said}`,
    "Check the engine with `docker info` and the container with `docker ps -a`; then retry.",
  );
}
