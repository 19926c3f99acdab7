import type { Activity } from "../session.js";
import type { PluginBase } from "./common.js";
import type { Issue } from "./tracker.js";

export interface AgentLaunchContext {
  sessionId: string;
  /** The workspace the agent works in. */
  cwd: string;
  /** The first prompt (issue, instructions), as text. */
  prompt: string;
  /** The same prompt written to a file (mode 0600), for agents that read a file. */
  promptFile: string;
  issue: Issue | null;
  /** True when relaunching into an existing workspace (`ao restore`): resume if the CLI can. */
  resume?: boolean;
}

export interface AgentLaunch {
  /** argv of the agent CLI. */
  command: string[];
  /** Extra environment (merged over ao's own `AO_*` variables). */
  env: Record<string, string>;
}

export interface ActivityInput {
  cwd: string;
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
  resetsAt?: number;
}

export interface AgentSessionInfo {
  summary?: string;
  tokens?: { input: number; output: number; cacheRead?: number; cacheWrite?: number };
  costUsd?: number;
  agentSessionId?: string;
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
  /** The command and environment that start the agent on a prompt. */
  launch(context: AgentLaunchContext): AgentLaunch | Promise<AgentLaunch>;
  /** Encode a follow-up message as the text the runtime delivers (default: the text itself). */
  formatMessage?(text: string): string;
  /** What the agent is doing right now. */
  detectActivity(input: ActivityInput): Promise<ActivityObservation>;
  /** Summary, tokens and cost from the agent's own session files, when it writes any. */
  sessionInfo?(cwd: string): Promise<AgentSessionInfo | null>;
}
