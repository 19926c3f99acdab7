import { spawn } from "node:child_process";
import { mkdir, open, readFile, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type ResourceOwner,
  type OptionInput,
  type OptionSpecs,
  type RuntimeHandle,
  definePlugin,
  errors,
  homeIdFor,
  parseOwner,
  runtimeNameFor,
  sameOwner,
} from "@ao/core";
import { makeFifo, openForAgent, writeToFifo } from "./fifo.js";
import { tailLog } from "./output.js";
import { processAlive, signalGroup, startTimeOf } from "./process-state.js";
import { run } from "@ao/plugin-kit/process";

const NAME = "@ao/runtime-process";

const OPTIONS = {
  stateDir: {
    type: "string",
    doc: "Where logs, FIFOs and handles live (default `<AO_HOME>/runtime-process`).",
  },
  killTimeoutMs: {
    type: "number",
    min: 0,
    default: 3000,
    doc: "How long `destroy` waits after SIGTERM before SIGKILL, in ms.",
  },
  writeTimeoutMs: {
    type: "number",
    min: 0,
    default: 5000,
    doc: "How long a message may wait for room in the agent's stdin pipe, in ms.",
  },
} as const satisfies OptionSpecs;

/** Options of the process runtime. */
export type ProcessRuntimeOptions = OptionInput<typeof OPTIONS>;

/** What the handle's `data` holds, so a restarted daemon finds the process again. */
export interface ProcessHandleData {
  pid: number;
  /** Kernel start time (Linux), guarding against pid reuse. */
  startTime?: string;
  log: string;
  fifo: string;
  cwd: string;
}

/** The handle id (and state directory name) for an ao session, scoped by AO_HOME and project. */
export function processNameFor(owner: ResourceOwner): string {
  return runtimeNameFor(owner);
}

export default definePlugin({
  slot: "runtime",
  name: NAME,
  options: OPTIONS,
  create(opts) {
    let stateDir = opts.stateDir;
    const killMs = opts.killTimeoutMs;
    const writeMs = opts.writeTimeoutMs;
    const root = () => stateDir ?? join(tmpdir(), `ao-runtime-process-${process.getuid?.() ?? 0}`);
    const dirOf = (id: string) => join(root(), id);

    const isAlive = async (handle: RuntimeHandle) => {
      const data = dataOf(handle);
      return data !== null && processAlive(data.pid, data.startTime);
    };

    let homeId: string | undefined;

    return {
      setup(host) {
        stateDir ??= join(host.home, "runtime-process");
        homeId = homeIdFor(host.home);
      },

      async create({ owner, cwd, command, env }) {
        const id = processNameFor(owner);
        if (!(await stat(cwd).catch(() => null))?.isDirectory()) {
          throw errors.usage(
            `${NAME}: the working directory ${cwd} does not exist.`,
            "Restore the session (`ao restore <id>`): it re-creates a missing workspace.",
          );
        }
        const dir = dirOf(id);
        const previous = await readHandle(dir);
        if (previous && (await isAlive(previous))) {
          if (sameOwner(previous.owner, owner)) return previous;
          throw errors.runtimeConflict(
            id,
            previous.owner
              ? `its state file names another owner (${JSON.stringify(previous.owner)})`
              : "its state file carries no ao owner stamp",
          );
        }
        const [file, ...args] = command;
        if (file === undefined)
          throw errors.usage(
            `${NAME}: the command must be a non-empty array of strings.`,
            "Check the agent's `run` option.",
          );
        await rm(dir, { recursive: true, force: true });
        await mkdir(dir, { recursive: true, mode: 0o700 });
        const fifo = join(dir, "stdin.fifo");
        const log = join(dir, "output.log");
        await makeFifo(fifo);
        const stdin = await openForAgent(fifo);
        const out = await open(log, "a", 0o600);
        try {
          // Secrets travel in the child's environment, never on a command line; and the child gets
          // exactly `env`, nothing of the daemon's own environment.
          const child = spawn(file, args, {
            cwd,
            env: { ...env },
            detached: true,
            stdio: [stdin.fd, out.fd, out.fd],
          });
          await new Promise<void>((resolve, reject) => {
            child.once("spawn", resolve);
            child.once("error", reject);
          });
          child.unref();
          const pid = child.pid as number;
          const startTime = await startTimeOf(pid);
          const data: ProcessHandleData = { pid, log, fifo, cwd, ...(startTime ? { startTime } : {}) };
          const handle: RuntimeHandle = { id, owner: { ...owner }, data: { ...data } };
          await writeFile(join(dir, "handle.json"), JSON.stringify(handle), { mode: 0o600 });
          return handle;
        } catch (error) {
          await rm(dir, { recursive: true, force: true });
          throw errors.usage(
            `${NAME}: starting ${JSON.stringify(file)} failed: ${(error as Error).message}`,
            "Check that the agent's command is installed and executable (`ao doctor`).",
          );
        } finally {
          // The child has its own copies of these descriptors.
          await stdin.close();
          await out.close();
        }
      },

      async destroy(handle) {
        const data = dataOf(handle) ?? dataOf(await readHandle(dirOf(handle.id)));
        if (data && (await processAlive(data.pid, data.startTime))) {
          signalGroup(data.pid, "SIGTERM");
          const deadline = performance.now() + killMs;
          while ((await processAlive(data.pid, data.startTime)) && performance.now() < deadline) {
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
          if (await processAlive(data.pid, data.startTime)) signalGroup(data.pid, "SIGKILL");
        }
        await rm(dirOf(handle.id), { recursive: true, force: true });
      },

      async sendMessage(handle, text) {
        const data = dataOf(handle);
        if (data === null || !(await isAlive(handle))) {
          throw errors.deliveryFailed(handle.id, "the agent's process is not running");
        }
        try {
          await writeToFifo(data.fifo, Buffer.from(`${text}\n`, "utf8"), writeMs);
        } catch (error) {
          throw errors.deliveryFailed(
            handle.id,
            `writing to its stdin failed (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
          );
        }
        // The bytes are in the pipe the live agent reads: that is the confirmation.
        if (!(await isAlive(handle)))
          throw errors.deliveryFailed(handle.id, "the agent exited while the message was written");
      },

      async getOutput(handle, lines = 100) {
        return tailLog(
          dataOf(handle)?.log ?? join(dirOf(handle.id), "output.log"),
          Math.max(1, Math.floor(lines)),
        );
      },

      isAlive,

      async lastOutputAt(handle) {
        const info = await stat(dataOf(handle)?.log ?? join(dirOf(handle.id), "output.log")).catch(
          () => null,
        );
        return info && info.size > 0 ? info.mtimeMs : null;
      },

      async exec(handle, argv) {
        const [file, ...args] = argv;
        if (file === undefined)
          throw errors.usage(`${NAME}: exec needs a command.`, "Pass an argv with at least one element.");
        const cwd = dataOf(handle)?.cwd;
        return run(file, args, cwd === undefined ? {} : { cwd });
      },

      attachInfo(handle) {
        // No terminal to join: the closest thing is following the log.
        return {
          type: "command",
          argv: ["tail", "-f", dataOf(handle)?.log ?? join(dirOf(handle.id), "output.log")],
        };
      },

      async list() {
        const names = await readdir(root()).catch(() => [] as string[]);
        const handles = await Promise.all(names.map((n) => readHandle(dirOf(n))));
        // Only what this AO_HOME stamped (a shared stateDir may hold another home's agents).
        return handles.filter(
          (h): h is RuntimeHandle =>
            h?.owner !== undefined && (homeId === undefined || h.owner.home === homeId),
        );
      },
    };
  },
});

function dataOf(handle: RuntimeHandle | null): ProcessHandleData | null {
  const data = handle?.data as Partial<ProcessHandleData> | undefined;
  if (!data || typeof data.pid !== "number" || typeof data.fifo !== "string" || typeof data.log !== "string")
    return null;
  return data as ProcessHandleData;
}

async function readHandle(dir: string): Promise<RuntimeHandle | null> {
  const text = await readFile(join(dir, "handle.json"), "utf8").catch(() => null);
  if (text === null) return null;
  try {
    const handle = JSON.parse(text) as RuntimeHandle;
    // A state file is data on disk: only a well-formed stamp counts as an owner.
    const owner = parseOwner(JSON.stringify(handle.owner ?? null));
    if (owner) handle.owner = owner;
    else delete handle.owner;
    return handle;
  } catch {
    return null;
  }
}
