import { stat } from "node:fs/promises";
import { join } from "node:path";
import {
  definePlugin,
  errors,
  homeIdFor,
  inertText,
  type OptionInput,
  type OptionSpecs,
  type PluginHost,
  type RuntimeHandle,
  runtimeNameFor,
  sameOwner,
} from "@ao/core";
import { hostAgentFiles } from "@ao/plugin-kit/agent-files";
import Docker from "dockerode";
import { attachContainer } from "./attach.js";
import { lastTimestamp, logTail } from "./container-output.js";
import { EgressGate, parseEgress, relayStartLines } from "./egress.js";
import { engineFailure, isMissing } from "./engine-errors.js";
import { execIn } from "./exec.js";
import { gitDirsOutside } from "./git-mounts.js";
import { LABEL, labelsFor, ownerFromLabels } from "./labels.js";
import { AO_DIR, removeSecrets, sessionPaths, writeSessionFiles } from "./session-files.js";

export { type DockerCheck, type DockerCheckOptions, dockerChecks } from "./doctor.js";
export { EGRESS_DIR, RELAY_PORT } from "./egress.js";
export { LABEL } from "./labels.js";

const NAME = "@ao/runtime-docker";

const OPTIONS = {
  image: {
    type: "string",
    required: true,
    example: "ao-agent:latest",
    doc: "The image each session's container is made from (see examples/docker/Dockerfile).",
  },
  socketPath: {
    type: "string",
    example: "/var/run/docker.sock",
    doc: "The Docker engine's unix socket; default: `DOCKER_HOST`, else `/var/run/docker.sock`.",
  },
  network: {
    type: "string",
    default: "none",
    doc: "The container's network; `none` leaves it loopback only (with `egress`, it must stay `none`).",
  },
  egress: {
    type: "object",
    example: { allow: ["api.anthropic.com:443", "*.github.com:443"] },
    doc:
      'The hosts the agent may reach: `{ allow: ["host:port", "*.domain:port"] }`. ao runs an egress proxy ' +
      "allowing only these and sets HTTP(S)_PROXY in the container (its image needs node). Without it: no network at all.",
  },
  cpus: { type: "number", min: 0.01, doc: "CPU limit, in CPUs (e.g. 2 or 0.5)." },
  memoryMb: { type: "number", integer: true, min: 16, doc: "Memory limit, in MiB." },
  user: {
    type: "string",
    doc: "uid:gid the agent runs as; default: the host user's, so files it writes stay yours.",
  },
  stateDir: {
    type: "string",
    doc: "Where each session's home and env file live (default `<AO_HOME>/runtime-docker`).",
  },
  echo: {
    type: "boolean",
    default: false,
    doc: "Keep the terminal's echo of typed input (otherwise the log shows only the agent's output).",
  },
} as const satisfies OptionSpecs;

/** Options of the Docker runtime. */
export type DockerRuntimeOptions = OptionInput<typeof OPTIONS>;

const hostUser = () => `${process.getuid?.() ?? 0}:${process.getgid?.() ?? 0}`;

export default definePlugin({
  slot: "runtime",
  name: NAME,
  options: OPTIONS,
  create(opts) {
    const docker = new Docker(opts.socketPath ? { socketPath: opts.socketPath } : undefined);
    const user = opts.user ?? hostUser();
    const policy = parseEgress(NAME, opts.egress);
    if (policy && opts.network !== "none") {
      throw errors.pluginOption(
        NAME,
        "network",
        `is "${opts.network}", but egress only limits a container whose network is "none"`,
        'Remove network (it defaults to "none") or remove egress.',
      );
    }
    let stateDir = opts.stateDir;
    let homeId: string | undefined;
    let log: PluginHost["log"] | undefined;
    let gate: EgressGate | null = null;
    const egressGate = () => {
      if (policy) gate ??= new EgressGate(NAME, dirs(), policy, () => log);
      return gate;
    };
    const sending = new Map<string, Promise<void>>();
    const dirs = () => stateDir ?? join(process.cwd(), ".ao-runtime-docker");
    const call = <T>(what: string, fn: () => Promise<T>) =>
      fn().catch((error) => {
        throw engineFailure(NAME, what, error, opts.socketPath);
      });
    /** The container's inspect data, or null when there is none of that name. */
    const inspect = (id: string) =>
      call("inspect a container", () =>
        docker
          .getContainer(id)
          .inspect()
          .catch((e) => (isMissing(e) ? null : Promise.reject(e))),
      );
    const isAlive = async (handle: RuntimeHandle) => (await inspect(handle.id))?.State.Running === true;

    return {
      workspaceAccess: "mount" as const,

      setup(host) {
        stateDir ??= join(host.home, "runtime-docker");
        homeId = homeIdFor(host.home);
        log = host.log;
      },

      async dispose() {
        await gate?.close();
      },

      agentFiles(owner, root) {
        return hostAgentFiles(root, sessionPaths(dirs(), runtimeNameFor(owner)).home);
      },

      async create({ owner, cwd, command, env }) {
        const name = runtimeNameFor(owner);
        if (!(await stat(cwd).catch(() => null))?.isDirectory()) {
          throw errors.usage(
            `${NAME}: the working directory ${cwd} does not exist.`,
            "Restore the session (`ao restore <id>`): it re-creates a missing workspace.",
          );
        }
        const existing = await inspect(name);
        if (existing) {
          // A name proves nothing (a user's own container, another AO_HOME): only the labels do.
          const stamp = ownerFromLabels(existing.Config.Labels);
          if (!sameOwner(stamp ?? undefined, owner)) {
            throw errors.runtimeConflict(
              name,
              stamp
                ? `it is labelled for another owner (${JSON.stringify(stamp)})`
                : "it carries no ao labels",
            );
          }
          if (existing.State.Running) {
            // Adopted after a restart: its proxy may be gone with the old daemon.
            await egressGate()?.ensure(user);
            return { id: name, owner: { ...owner } };
          }
          await call("remove an exited container", () => docker.getContainer(name).remove({ force: true }));
        }
        const image = await call("inspect the image", () =>
          docker
            .getImage(opts.image)
            .inspect()
            .catch((e) => (isMissing(e) ? null : Promise.reject(e))),
        );
        if (!image) {
          throw errors.runtimeUnavailable(
            NAME,
            `the image ${opts.image} does not exist on the Docker engine`,
            `Build or pull it (e.g. \`docker build -t ${opts.image} examples/docker\`), or set the image option.`,
          );
        }
        const paths = sessionPaths(dirs(), name);
        // PATH and TMPDIR name host directories; HOME is the session's own, mounted at the same path.
        const { PATH: _path, TMPDIR: _tmp, ...rest } = env;
        const egress = egressGate();
        await egress?.ensure(user);
        await writeSessionFiles(
          paths,
          { ...rest, ...egress?.env(), HOME: paths.home },
          opts.echo,
          user,
          egress ? relayStartLines() : [],
        );
        const binds = [
          `${cwd}:${cwd}`,
          ...(await gitDirsOutside(cwd)).map((d) => `${d}:${d}`),
          `${paths.home}:${paths.home}`,
          `${paths.secret}:${AO_DIR}:ro`,
        ];
        const prompt = env.AO_PROMPT_FILE;
        if (prompt && (await stat(prompt).catch(() => null))?.isFile()) binds.push(`${prompt}:${prompt}:ro`);
        if (egress) binds.push(...egress.binds());
        const container = await call("create the container", () =>
          docker.createContainer({
            name,
            Image: opts.image,
            Entrypoint: ["/bin/sh", `${AO_DIR}/entrypoint.sh`],
            Cmd: command,
            Tty: true,
            OpenStdin: true,
            StdinOnce: false,
            User: user,
            WorkingDir: cwd,
            Labels: labelsFor(owner),
            HostConfig: {
              Binds: binds,
              NetworkMode: opts.network,
              Init: true,
              ...(opts.cpus ? { NanoCpus: Math.round(opts.cpus * 1e9) } : {}),
              ...(opts.memoryMb ? { Memory: opts.memoryMb * 1024 * 1024 } : {}),
            },
          }),
        );
        try {
          await call("start the container", () => container.start());
        } catch (error) {
          await container.remove({ force: true }).catch(() => {});
          await removeSecrets(paths);
          throw error;
        }
        return { id: name, owner: { ...owner } };
      },

      async destroy(handle) {
        const info = await inspect(handle.id);
        // Only what ao labelled is removed: a same-named container of the user's stays.
        if (info && ownerFromLabels(info.Config.Labels)) {
          await call("remove the container", () =>
            docker
              .getContainer(handle.id)
              .remove({ force: true })
              .catch((e) => (isMissing(e) ? undefined : Promise.reject(e))),
          );
        }
        await removeSecrets(sessionPaths(dirs(), handle.id));
      },

      async sendMessage(handle, text) {
        const previous = sending.get(handle.id) ?? Promise.resolve();
        const next = previous.catch(() => {}).then(() => deliver(handle, text));
        sending.set(handle.id, next);
        try {
          await next;
        } finally {
          if (sending.get(handle.id) === next) sending.delete(handle.id);
        }
      },

      async getOutput(handle, lines = 100) {
        const n = Math.max(1, Math.floor(lines));
        const raw = await readLog(handle.id, { tail: n + 20 });
        return raw === null ? "" : logTail(raw, n);
      },

      isAlive,

      async lastOutputAt(handle) {
        const raw = await readLog(handle.id, { tail: 1, timestamps: true });
        return raw === null ? null : lastTimestamp(raw);
      },

      async exec(handle, argv) {
        return call("exec in the container", () => execIn(docker, handle.id, argv, user));
      },

      attachInfo(handle) {
        const host = opts.socketPath ? ["-H", `unix://${opts.socketPath}`] : [];
        return { type: "command" as const, argv: ["docker", ...host, "attach", handle.id] };
      },

      async attach(handle, size) {
        return call("attach to the container", () => attachContainer(docker, handle.id, size));
      },

      async list() {
        if (!homeId) return [];
        const found = await call("list containers", () =>
          docker.listContainers({ all: true, filters: { label: [`${LABEL.home}=${homeId}`] } }),
        );
        const handles: RuntimeHandle[] = [];
        for (const c of found) {
          const owner = ownerFromLabels(c.Labels);
          const name = c.Names[0]?.replace(/^\//, "");
          if (owner && name && owner.home === homeId) handles.push({ id: name, owner });
        }
        return handles;
      },
    };

    async function readLog(id: string, o: { tail: number; timestamps?: boolean }): Promise<string | null> {
      const buf = await call("read the container's log", () =>
        docker
          .getContainer(id)
          .logs({
            stdout: true,
            stderr: true,
            follow: false,
            tail: o.tail,
            timestamps: o.timestamps ?? false,
          })
          .catch((e) => (isMissing(e) ? null : Promise.reject(e))),
      );
      return buf === null ? null : Buffer.from(buf as unknown as Uint8Array).toString("utf8");
    }

    /**
     * Write the text and Enter to the container's TTY through an attach. The
     * bytes written to a live container's TTY are the agent's to read (like a
     * pipe), so a completed write to a running container is the confirmation.
     */
    async function deliver(handle: RuntimeHandle, text: string): Promise<void> {
      if (!(await isAlive(handle).catch(() => false))) {
        throw errors.deliveryFailed(handle.id, "the container is not running");
      }
      // Control bytes would act on the terminal (^C ends a line-mode agent).
      const message = inertText(text).replaceAll("\n", "\r");
      try {
        const stream = await docker
          .getContainer(handle.id)
          .attach({ stream: true, stdin: true, stdout: false, stderr: false, hijack: true });
        await new Promise<void>((resolve, reject) => {
          stream.once("error", reject);
          stream.write(Buffer.from(`${message}\r`, "utf8"), (error) => (error ? reject(error) : resolve()));
        });
        stream.end();
      } catch (error) {
        throw errors.deliveryFailed(
          handle.id,
          `writing to its terminal failed (${(error as Error).message})`,
        );
      }
      if (!(await isAlive(handle).catch(() => false))) {
        throw errors.deliveryFailed(handle.id, "the container exited while the message was written");
      }
    }
  },
});
