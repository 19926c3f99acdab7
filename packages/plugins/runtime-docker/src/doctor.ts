import { access, constants } from "node:fs/promises";
import { docsUrl } from "@ao/core";
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

/** What `ao doctor` reads of the runtime's options. */
export interface DockerCheckOptions {
  image?: string;
  socketPath?: string;
  network?: string;
  /** The `egress` option as written (checked for presence and its `allow` list only). */
  egress?: unknown;
}

/**
 * `ao doctor` for a project on the Docker runtime: the user may use the
 * socket, the engine answers, the image exists, and what the container may
 * reach. Changes nothing.
 */
export async function dockerChecks(
  options: DockerCheckOptions,
  label: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<DockerCheck[]> {
  return [...(await engineChecks(options, label, env)), egressCheck(options, label)];
}

/** Without egress a network-none container reaches nothing: agents that call an API fail there. */
function egressCheck(options: DockerCheckOptions, label: string): DockerCheck {
  const name = `docker ${label}: egress`;
  const network = options.network ?? "none";
  const allow = (options.egress as { allow?: unknown } | undefined)?.allow;
  if (options.egress !== undefined) {
    const list = Array.isArray(allow) ? allow.map(String) : [];
    return {
      name,
      status: list.length > 0 ? "ok" : "warn",
      detail:
        list.length > 0
          ? `the egress proxy allows ${list.join(", ")} and nothing else`
          : "egress allows nothing: the agent reaches no host",
      ...(list.length > 0
        ? {}
        : { fix: 'List the agent\'s API host, e.g. egress: { allow: ["api.anthropic.com:443"] }.' }),
    };
  }
  if (network !== "none") {
    return {
      name,
      status: "warn",
      detail: `network "${network}" without egress: the container reaches whatever that network reaches`,
      fix: "Remove network and set egress: { allow: [...] } to let the agent reach only the hosts it needs.",
    };
  }
  return {
    name,
    status: "warn",
    detail:
      "no egress: the container has no network, so an agent that calls its API (Claude Code, Codex, ...) fails",
    fix: `Set egress on the runtime, e.g. egress: { allow: ["api.anthropic.com:443"] } (${docsUrl("runtimes.md", "the-docker-runtime")}).`,
  };
}

async function engineChecks(
  options: DockerCheckOptions,
  label: string,
  env: NodeJS.ProcessEnv,
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
