import type { PluginBase } from "./common.js";

/** A live runtime, as plain JSON (it is journaled so a restarted daemon finds it again). */
export interface RuntimeHandle {
  /** Unique within the runtime plugin (a tmux session name, a pid, a container id). */
  id: string;
  data?: Record<string, unknown>;
}

export interface RuntimeCreateOptions {
  sessionId: string;
  /** The working directory: the session's workspace. */
  cwd: string;
  /** The agent's argv; the runtime decides how to start it (shell, exec, container). */
  command: string[];
  /** Environment for the agent. Values may be secret: never put them on a command line or in a log. */
  env: Record<string, string>;
}

/** How a human attaches to the runtime; the terminal plugin turns it into an action. */
export type AttachInfo =
  | { type: "tmux"; target: string; socket?: string }
  | { type: "command"; argv: string[] }
  | { type: "url"; url: string };

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Where the agent process lives. */
export interface RuntimePlugin extends PluginBase<"runtime"> {
  /** Start the agent's process; resolves once it is running. */
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
  /** Runtimes this plugin owns that still exist (for crash recovery and orphan cleanup). */
  list?(): Promise<RuntimeHandle[]>;
}
