import { access, constants } from "node:fs/promises";
import Docker from "dockerode";

/** One line of `ao doctor` (the CLI's shape). */
export interface DockerCheck {
  name: string;
  status: "ok" | "warn" | "fail";
  detail: string;
  fix?: string;
}

/** The socket path dockerode will use: the option, else DOCKER_HOST's unix path, else the default. */
function socketOf(socketPath: string | undefined, env: NodeJS.ProcessEnv): string | null {
  if (socketPath) return socketPath;
  const host = env.DOCKER_HOST;
  if (!host) return "/var/run/docker.sock";
  return host.startsWith("unix://") ? host.slice("unix://".length) : null;
}

/**
 * `ao doctor` for a project on the Docker runtime: the user may use the
 * socket, the engine answers, and the image exists. Changes nothing.
 */
export async function dockerChecks(
  options: { image?: string; socketPath?: string },
  label: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<DockerCheck[]> {
  const name = (what: string) => `docker ${label}: ${what}`;
  const socket = socketOf(options.socketPath, env);
  if (socket) {
    const denied = await access(socket, constants.R_OK | constants.W_OK).then(
      () => null,
      (e: NodeJS.ErrnoException) => e.code ?? "error",
    );
    if (denied === "EACCES") {
      return [
        {
          name: name("socket"),
          status: "fail",
          detail: `you may not use ${socket} (permission denied)`,
          fix: "Add yourself to the docker group (`sudo usermod -aG docker $USER`, then log in again), or use rootless Docker.",
        },
      ];
    }
    if (denied) {
      return [
        {
          name: name("engine"),
          status: "fail",
          detail: `no Docker engine socket at ${socket} (${denied})`,
          fix: "Install and start Docker (`sudo apt-get install docker.io && sudo systemctl start docker`), or set the socketPath option.",
        },
      ];
    }
  }
  const docker = new Docker(options.socketPath ? { socketPath: options.socketPath } : undefined);
  const checks: DockerCheck[] = [];
  try {
    const version = (await docker.version()) as { Version?: string };
    checks.push({
      name: name("engine"),
      status: "ok",
      detail: `Docker ${version.Version ?? "?"} at ${socket ?? env.DOCKER_HOST}`,
    });
  } catch (error) {
    return [
      {
        name: name("engine"),
        status: "fail",
        detail: `the Docker engine at ${socket ?? env.DOCKER_HOST} does not answer (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
        fix: "Start Docker (`sudo systemctl start docker`), or point socketPath (or DOCKER_HOST) at a running engine.",
      },
    ];
  }
  if (!options.image) {
    checks.push({
      name: name("image"),
      status: "fail",
      detail: "no image is configured",
      fix: 'Set the runtime\'s image option, e.g. ["docker", { image: "ao-agent:latest" }].',
    });
    return checks;
  }
  const found = await docker
    .getImage(options.image)
    .inspect()
    .then(
      () => true,
      () => false,
    );
  checks.push(
    found
      ? { name: name("image"), status: "ok", detail: `${options.image} exists` }
      : {
          name: name("image"),
          status: "fail",
          detail: `the image ${options.image} does not exist on the engine`,
          fix: `Build it: \`docker build -t ${options.image} examples/docker\` (or pull it).`,
        },
  );
  return checks;
}
