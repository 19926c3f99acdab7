import type { Activity } from "../session.js";
import type { PluginBase } from "./common.js";
import type { Issue } from "./tracker.js";

/**
 * How much an agent may do without asking a human, from config
 * `agentPermissions`. Each agent plugin maps the mode to its CLI's own flags
 * (docs/agents.md lists them per agent):
 * - `ask`: the CLI's own default: it asks before edits and commands (answer with `ao send` / `ao attach`).
 * - `edits`: file edits in the workspace without asking; commands still ask.
 * - `auto`: edits and commands without asking, inside the CLI's sandbox or guard where it has one (the default).
 * - `full`: no prompts and no sandbox: the agent can do anything the user can.
 */
export type AgentPermissions = "ask" | "edits" | "auto" | "full";

/**
 * Read access to the files an agent writes: its workspace and its native
 * session store (transcripts under the home). Backed by the host today; a
 * containerised runtime backs it with exec/archive calls, so readers never
 * touch the host file system themselves.
 *
 * Paths are absolute, relative to `root`, or `~/…` (relative to `home`).
 */
export interface AgentFiles {
  /** The workspace, as the agent sees it. */
  readonly root: string;
  /** The agent's home directory (where its CLI keeps config and transcripts). */
  readonly home: string;
  /**
   * Read a file from `offset` (default 0), at most `maxBytes` (default 1 MiB):
   * readers of transcripts keep a byte offset and read only the new tail.
   * `size` is the whole file's size. Null when the file does not exist.
   */
  read(
    path: string,
    opts?: { offset?: number; maxBytes?: number },
  ): Promise<{ data: Buffer; size: number } | null>;
  /** Size, modification time and kind of a path; null when it does not exist. */
  stat(path: string): Promise<{ size: number; mtimeMs: number; isDirectory: boolean } | null>;
  /** Names of a directory's entries (not recursive); empty when it does not exist. */
  list(dir: string): Promise<string[]>;
}

/** Resuming an agent in a workspace it worked in before (`ao restore`, crash recovery, after a usage limit). */
export interface AgentResume {
  /** The agent's own session id, as journaled when first seen; null when it was never seen. */
  agentSessionId: string | null;
  /** A short summary of the session so far, for a fresh start when the native session is gone. */
  handoff: string;
}

export interface AgentLaunchContext {
  sessionId: string;
  /** The workspace the agent works in. */
  cwd: string;
  /** The first prompt (issue, instructions), as text. */
  prompt: string;
  /** The same prompt written to a file (mode 0600), for agents that read a file. */
  promptFile: string;
  issue: Issue | null;
  /** Set when relaunching into an existing workspace: resume the native session if the CLI can. */
  resume?: AgentResume;
  /**
   * Project rules (config `agentRules` and the repo file `agentRulesFile`),
   * for the system prompt or rules file. Repository text: fence it where it
   * goes into a prompt.
   */
  rules?: string;
  /** How much the agent may do without asking (config `agentPermissions`, default `auto`). */
  permissions: AgentPermissions;
  /** The agent's home directory (its global config lives there; tests point it at a temp dir). */
  home: string;
}

/**
 * A file the agent CLI reads from its workspace (its per-project settings).
 * The engine writes it atomically before launch, git-ignores it through the
 * worktree's `info/exclude`, and restores or removes it at cleanup.
 */
export interface AgentWorkspaceFile {
  /** Relative to the workspace; never absolute, never `..`. */
  path: string;
  /**
   * The content, or a function of the user's existing content (null when the
   * file does not exist) that merges ao's part into it instead of clobbering it.
   */
  content: string | ((existing: string | null) => string);
}

export interface AgentLaunch {
  /** argv of the agent CLI. */
  command: string[];
  /** Extra environment (merged over ao's own `AO_*` variables). */
  env: Record<string, string>;
  /** Files the CLI reads from the workspace, written by the engine before the runtime starts. */
  files?: AgentWorkspaceFile[];
}

/** What `trust`/`untrust` get: the workspace to (un)trust in the CLI's global config. */
export interface AgentTrustContext {
  sessionId: string;
  /** The workspace (absolute path) the CLI would ask about. */
  cwd: string;
  /** The agent's home directory, where its global config lives. */
  home: string;
}

export interface ActivityInput {
  cwd: string;
  /** The agent's files (workspace and native session store). */
  files: AgentFiles;
  /** The agent's own session id, when it has been seen (journaled). */
  agentSessionId: string | null;
  /** The runtime's recent output (may be empty for runtimes that cannot capture). */
  output: string;
  /** When the agent last printed anything, if known. */
  lastOutputAt: number | null;
  alive: boolean;
  now: number;
}

export interface ActivityObservation {
  state: Activity;
  /** What the observation rests on: "output", "transcript", "process". */
  source: string;
  /** The evidence, short (a transcript line's gist, the prompt's text): shown by `ao status --why`. */
  evidence?: string;
  /** When the evidence happened (e.g. the transcript line's timestamp); default: now. */
  at?: number;
  /** For `rate_limited`: when the limit resets. */
  resetsAt?: number;
  /** The agent's own session id, when the evidence names it. */
  agentSessionId?: string;
}

/** Tokens of one model, cumulative over the agent session. */
export interface AgentUsage {
  model: string;
  /** Input tokens not read from the cache. */
  input: number;
  output: number;
  /** Input tokens read from the prompt cache. */
  cacheRead: number;
  /** Input tokens written to the prompt cache. */
  cacheWrite: number;
}

export interface AgentSessionInfo {
  summary?: string;
  /** Cumulative tokens per model: the engine prices them with config `pricing`. */
  usage?: AgentUsage[];
  /** The cost, when the agent reports it itself (wins over the price table). */
  costUsd?: number;
  agentSessionId?: string;
}

export interface SessionInfoInput {
  cwd: string;
  files: AgentFiles;
  agentSessionId: string | null;
  /** What the previous call returned as `cursor` (journaled, so it survives restarts); null at first. */
  cursor: unknown;
}

export interface SessionInfoResult {
  /** Cumulative info (not a delta): the engine journals it as it is. */
  info: AgentSessionInfo;
  /** Plain JSON (e.g. a file and byte offset) from which the next call reads on. */
  cursor: unknown;
}

/** The executable an agent runs, so `ao doctor` and spawn can say how to install it before anything starts. */
export interface AgentBinary {
  /** A name looked up on the agent's PATH, or a path (relative paths are relative to the project's checkout). */
  command: string;
  /** How to install it: a command or a URL, repeated in doctor's warning and spawn's error. */
  install?: string;
}

/** How to launch and talk to one coding-agent CLI. */
export interface AgentPlugin extends PluginBase<"agent"> {
  /**
   * Names of variables from ao's environment the agent CLI needs (e.g. its
   * API key). The agent starts with an allow-listed environment, so anything
   * not named here, in the base list or in the config's `agentEnv` is absent.
   */
  readonly passEnv?: readonly string[];
  /**
   * The executable `launch` will run, when the plugin can tell (null when it
   * cannot, e.g. a shell line that starts with a variable). A spawn whose
   * binary is missing fails before the session is created.
   */
  binary?(): AgentBinary | null;
  /** The command, environment and workspace files that start the agent on a prompt. */
  launch(context: AgentLaunchContext): AgentLaunch | Promise<AgentLaunch>;
  /**
   * Pre-accept the CLI's trust prompt for the workspace in its global config
   * (called before every launch; must be idempotent and keep the user's other entries).
   */
  trust?(context: AgentTrustContext): Promise<void>;
  /** Remove what `trust` added (called at cleanup; a missing entry is fine). */
  untrust?(context: AgentTrustContext): Promise<void>;
  /** Encode a follow-up message as the text the runtime delivers (default: the text itself). */
  formatMessage?(text: string): string;
  /** What the agent is doing right now, and the evidence for it. */
  detectActivity(input: ActivityInput): Promise<ActivityObservation>;
  /**
   * Summary, tokens and cost from the agent's own session files, read from
   * `cursor` on (only the new tail: transcripts grow to hundreds of MB).
   * Null when the agent has written nothing yet.
   */
  sessionInfo?(input: SessionInfoInput): Promise<SessionInfoResult | null>;
}
