import type { ResourceOwner } from "../identity.js";
import type { AgentFiles } from "./agent.js";
import type { PluginBase } from "./common.js";

/**
 * How the agent in a runtime sees the session's workspace (docs/runtimes.md):
 * - `host`: it runs on this machine; host paths are its paths (tmux, process).
 * - `mount`: it runs apart but the runtime mounts host paths at the same
 *   absolute paths, so git, the SCM's push and file reads stay on the host (Docker).
 * - `inside`: it cannot see this machine's disk; the workspace is made inside
 *   it through `exec`, and the agent's files are read through the runtime
 *   (Kubernetes, E2B).
 */
export type WorkspaceAccess = "host" | "mount" | "inside";

/** A live runtime, as plain JSON (it is journaled so a restarted daemon finds it again). */
export interface RuntimeHandle {
  /** Unique within the runtime plugin (a tmux session name, a pid, a container id). */
  id: string;
  /**
   * Who the runtime belongs to, as stamped on it at create. Handles from
   * `list()` carry it; a handle without it is not provably ao's.
   */
  owner?: ResourceOwner;
  data?: Record<string, unknown>;
}

export interface RuntimeCreateOptions {
  sessionId: string;
  /**
   * The identity to stamp on the runtime (`runtimeNameFor(owner)` is the
   * name to use). An existing runtime of that name is adopted only when it
   * carries the same stamp; otherwise create rejects with RUNTIME_CONFLICT.
   */
  owner: ResourceOwner;
  /** The working directory: the session's workspace. */
  cwd: string;
  /** The agent's argv; the runtime decides how to start it (shell, exec, container). */
  command: string[];
  /**
   * The agent's whole environment: the process gets exactly these variables
   * and nothing inherited from the daemon or a terminal server. Values may be
   * secret: never put them on a command line or in a log.
   */
  env: Record<string, string>;
}

/** How a human attaches to the runtime; the terminal plugin turns it into an action. */
export type AttachInfo =
  | { type: "tmux"; target: string; socket?: string }
  | { type: "command"; argv: string[] }
  | { type: "url"; url: string };

/** A terminal's size in character cells. */
export interface TerminalSize {
  cols: number;
  rows: number;
}

/** Why an attach stream ended. */
export interface AttachClosed {
  /** `closed`: the viewer closed it; `ended`: the runtime's session ended; `error`: the stream broke. */
  reason: "closed" | "ended" | "error";
  /** What broke, for `error` (plain text, no secrets). */
  message?: string;
}

/**
 * A live view of the runtime's terminal, for one viewer. Output is the pty's
 * bytes untouched (escape sequences included): a viewer must render it in a
 * terminal emulator, never as markup.
 */
export interface AttachStream {
  /**
   * Receive output. The first chunk is the current screen, so a new viewer
   * sees what is there; output that arrives before the first listener is kept
   * for it. Returns a function that removes the listener.
   */
  onData(listener: (chunk: Uint8Array) => void): () => void;
  /** Send keystrokes exactly as a terminal sends them (`\r` for Enter, `\x03` for Ctrl-C). */
  write(data: string | Uint8Array): Promise<void>;
  /** Tell the runtime the viewer's size. */
  resize(size: TerminalSize): Promise<void>;
  /** Stop viewing and free everything the stream holds; the session itself goes on. Idempotent. */
  close(): Promise<void>;
  /** Settles once the stream has ended, for whatever reason; never rejects. */
  readonly closed: Promise<AttachClosed>;
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Where the agent process lives. */
export interface RuntimePlugin extends PluginBase<"runtime"> {
  /**
   * How the agent sees the workspace (default `host`). The config check pairs
   * it with a workspace plugin that serves it and refuses an impossible pair.
   */
  readonly workspaceAccess?: WorkspaceAccess;
  /**
   * The agent's files as the agent of `owner`'s session sees them, its
   * workspace being `root`: a mounted home directory, or reads through the
   * runtime. Absent: the host's files, with the daemon's HOME as the home.
   * Needed by `inside` runtimes; works before `create` and after a restart.
   */
  agentFiles?(owner: ResourceOwner, root: string): AgentFiles;
  /**
   * Start the agent's process; resolves once it is running. A live runtime of
   * the same name stamped with the same owner is returned as it is; one with
   * another stamp (or none) is refused with RUNTIME_CONFLICT.
   */
  create(options: RuntimeCreateOptions): Promise<RuntimeHandle>;
  /** Stop the process and free everything the runtime holds for it; a no-op when already gone. */
  destroy(handle: RuntimeHandle): Promise<void>;
  /**
   * Deliver `text` to the agent and submit it exactly once. Resolves only when
   * delivery is confirmed; rejects with DELIVERY_FAILED otherwise.
   */
  sendMessage(handle: RuntimeHandle, text: string): Promise<void>;
  /** The last `lines` lines the agent printed (terminal text, no escape sequences). */
  getOutput(handle: RuntimeHandle, lines?: number): Promise<string>;
  /** Whether the agent's process is still running. */
  isAlive(handle: RuntimeHandle): Promise<boolean>;
  /** When the agent last printed anything (ms since epoch), if the runtime can tell. */
  lastOutputAt?(handle: RuntimeHandle): Promise<number | null>;
  /** Run a command inside the runtime, next to the agent. */
  exec?(handle: RuntimeHandle, argv: string[]): Promise<ExecResult>;
  /** How a human attaches. */
  attachInfo?(handle: RuntimeHandle): AttachInfo;
  /**
   * A live stream of the agent's terminal (the web terminal shows it). Each
   * call is a separate viewer; several may be open at once. Runtimes without
   * it are shown by polling `getOutput` (`pollingAttach` in
   * `@ao/plugin-kit/attach`). Rejects with CANNOT_ATTACH when the runtime is gone.
   */
  attach?(handle: RuntimeHandle, size: TerminalSize): Promise<AttachStream>;
  /**
   * Runtimes that still exist and carry a stamp of the AO_HOME given to
   * `setup` (for crash recovery and orphan cleanup), each with its `owner`.
   * Anything else on the same server is not listed.
   */
  list?(): Promise<RuntimeHandle[]>;
}
