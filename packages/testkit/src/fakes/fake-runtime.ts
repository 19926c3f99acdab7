import {
  errors,
  homeIdFor,
  type ResourceOwner,
  type RuntimeHandle,
  type RuntimePlugin,
  sameOwner,
  type WorkspaceAccess,
} from "@ao/core";
import { hostAgentFiles } from "@ao/plugin-kit/agent-files";
import { pollingAttach } from "@ao/plugin-kit/attach";
import { defineFake } from "./define-fake.js";
import { fakeState } from "./state-file.js";

export interface FakeRuntimeOptions {
  /** Persist the fake world to this JSON file (see {@link fakeState}). */
  stateFile?: string;
  /** Time source before the host's `setup` provides one (default `Date.now`). */
  now?: () => number;
  /**
   * Echo each delivered message's lines into the output, like an agent reading
   * stdin (default true); a function formats each line (e.g. plugin-kit's `echoLine`).
   */
  echo?: boolean | ((line: string) => string);
  /** The workspace access to declare (default: none declared, which means `host`). */
  workspaceAccess?: WorkspaceAccess;
  /**
   * The host directory each session's agent gets as its home, like a
   * container's mounted home: with it the fake has `agentFiles`.
   */
  agentHome?: (owner: ResourceOwner) => string;
  /** How often an attach view polls the output (default 20 ms). */
  attachPollMs?: number;
}

interface RuntimeRecord {
  sessionId: string;
  /** Absent on records a test wrote by hand: such a runtime is not ao's, and is not listed. */
  owner?: ResourceOwner;
  cwd: string;
  command: string[];
  envKeys: string[];
  alive: boolean;
  output: string[];
  messages: string[];
  lastOutputAt: number | null;
}

export interface FakeRuntimeControl {
  /** Make the process exit: the handle stays, `isAlive` turns false. */
  kill(id: string): void;
  /** Every message delivered to the runtime, in order. */
  messages(id: string): string[];
  /** Append agent output (one or more lines). */
  print(id: string, text: string): void;
  /** How many attach views are open (all runtimes). */
  viewers(): number;
  /** The ids of runtimes that exist (alive or exited, not destroyed). */
  ids(): string[];
  /** What `create` was given (env values are not kept, only the keys). */
  record(id: string):
    | {
        sessionId: string;
        owner: ResourceOwner | undefined;
        cwd: string;
        command: string[];
        envKeys: string[];
        alive: boolean;
      }
    | undefined;
}

/** An in-memory runtime: no process runs; messages are recorded and echoed to the output. */
export const fakeRuntime = defineFake<"runtime", FakeRuntimeOptions, FakeRuntimeControl>(
  "runtime",
  "@ao/testkit/fake-runtime",
  (options) => {
    let now = options.now ?? Date.now;
    const echo = options.echo ?? true;
    const format = typeof echo === "function" ? echo : (line: string) => line;
    const state = fakeState(options.stateFile, () => ({ runtimes: {} as Record<string, RuntimeRecord> }));
    const get = (id: string) => state.read().runtimes[id];
    const append = (id: string, lines: string[]) =>
      state.update((s) => {
        const r = s.runtimes[id];
        if (!r) throw new Error(`fake-runtime: no runtime "${id}"`);
        r.output.push(...lines);
        r.lastOutputAt = now();
      });
    const print = (id: string, text: string) => append(id, text.split("\n"));
    let home: string | undefined;
    const { agentHome } = options;
    let viewers = 0;
    const sendMessage = async (handle: RuntimeHandle, text: string) => {
      if (!get(handle.id)?.alive) throw errors.deliveryFailed(handle.id, "the runtime is not running");
      state.update((s) => s.runtimes[handle.id]?.messages.push(text));
      if (echo) append(handle.id, text.split("\n").map(format));
    };
    const getOutput = async (handle: RuntimeHandle, lines = 50) => {
      const output = get(handle.id)?.output ?? [];
      return output.slice(-Math.max(0, lines)).join("\n");
    };
    const isAlive = async (handle: RuntimeHandle) => get(handle.id)?.alive ?? false;
    // The view polls this fake's own output, as the host does for runtimes without attach.
    const polled = { sendMessage, getOutput, isAlive } as unknown as RuntimePlugin;
    return {
      ...(options.workspaceAccess ? { workspaceAccess: options.workspaceAccess } : {}),
      ...(agentHome
        ? { agentFiles: (owner: ResourceOwner, root: string) => hostAgentFiles(root, agentHome(owner)) }
        : {}),
      setup(host) {
        now = () => host.now();
        home = homeIdFor(host.home);
      },
      async create(o) {
        const id = `fake-${o.sessionId}`;
        const existing = get(id);
        // Like the real runtimes: adopt only a live runtime stamped with the same owner.
        if (existing?.alive && !sameOwner(existing.owner, o.owner))
          throw errors.runtimeConflict(id, "it carries another owner's stamp");
        state.update((s) => {
          if (s.runtimes[id]?.alive) return;
          s.runtimes[id] = {
            sessionId: o.sessionId,
            owner: { ...o.owner },
            cwd: o.cwd,
            command: [...o.command],
            envKeys: Object.keys(o.env),
            alive: true,
            output: [],
            messages: [],
            lastOutputAt: null,
          };
        });
        return { id, owner: { ...o.owner } };
      },
      async destroy(handle) {
        state.update((s) => {
          delete s.runtimes[handle.id];
        });
      },
      sendMessage,
      getOutput,
      isAlive,
      async attach(handle, size) {
        if (!get(handle.id)?.alive)
          throw errors.cannotAttach(`fake-runtime: no running runtime "${handle.id}".`, "Create it first.");
        const stream = await pollingAttach(polled, handle, size, { intervalMs: options.attachPollMs ?? 20 });
        viewers++;
        void stream.closed.then(() => viewers--);
        return stream;
      },
      async lastOutputAt(handle) {
        return get(handle.id)?.lastOutputAt ?? null;
      },
      async exec(handle, argv) {
        if (!get(handle.id)?.alive) throw errors.deliveryFailed(handle.id, "the runtime is not running");
        return { exitCode: 0, stdout: `${argv.join(" ")}\n`, stderr: "" };
      },
      attachInfo(handle: RuntimeHandle) {
        return { type: "command" as const, argv: ["echo", `fake runtime ${handle.id}`] };
      },
      async list() {
        return Object.entries(state.read().runtimes).flatMap(([id, r]) =>
          r.owner !== undefined && (home === undefined || r.owner.home === home)
            ? [{ id, owner: { ...r.owner } }]
            : [],
        );
      },
      control: {
        kill: (id) =>
          state.update((s) => {
            const r = s.runtimes[id];
            if (r) r.alive = false;
          }),
        messages: (id) => [...(get(id)?.messages ?? [])],
        print,
        ids: () => Object.keys(state.read().runtimes),
        viewers: () => viewers,
        record(id) {
          const r = get(id);
          return (
            r && {
              sessionId: r.sessionId,
              owner: r.owner,
              cwd: r.cwd,
              command: r.command,
              envKeys: r.envKeys,
              alive: r.alive,
            }
          );
        },
      },
    };
  },
);
