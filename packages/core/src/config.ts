import type { Duration } from "./duration.js";
import type { NotificationPriority } from "./effects.js";
import type { PluginOf, Slot } from "./plugin.js";
import type { AgentPermissions } from "./slots/agent.js";
import type { ReactionAction, ReactionKey } from "./reactions.js";

/** A slot value in config: an instance, a name (`"tmux"`, `"@acme/ao-runtime-y"`), or `[name, options]`. */
export type SlotValue<S extends Slot> = PluginOf<S> | string | readonly [string, Record<string, unknown>];

export interface SlotDefaults {
  runtime?: SlotValue<"runtime">;
  agent?: SlotValue<"agent">;
  workspace?: SlotValue<"workspace">;
  tracker?: SlotValue<"tracker">;
  scm?: SlotValue<"scm">;
  /**
   * Every entry gets every notification, unless `notificationRouting` says
   * otherwise. Named instances (`{ oncall: ["slack", {...}], log: "console" }`)
   * are what routing refers to; in the array form an entry's name is its plugin's.
   */
  notifiers?: Array<SlotValue<"notifier">> | Record<string, SlotValue<"notifier">>;
  terminal?: SlotValue<"terminal">;
  lifecycle?: SlotValue<"lifecycle">;
}

/** What `defaults` may set for every project: the slots, and the variables granted to agents. */
export interface ProjectDefaults extends SlotDefaults {
  /**
   * Names of variables of ao's environment passed to every agent (e.g.
   * `"GITHUB_TOKEN"`). Agents get nothing else of ao's environment beyond
   * the base variables and what their plugin declares; the values are
   * treated as secrets (masked in the journal and logs).
   */
  agentEnv?: string[];
  /** Rules appended to every agent's system prompt / rules file (fenced as repository text). */
  agentRules?: string;
  /** A file in the repository (relative path) whose text is appended after `agentRules`. */
  agentRulesFile?: string;
  /** How much agents may do without asking (default `"auto"`; see {@link AgentPermissions}). */
  agentPermissions?: AgentPermissions;
  /** Spending caps in USD: at a cap the agent is stopped and the session is `stuck` (reason budget). */
  budget?: BudgetConfig;
  /** The project's orchestrator session (docs/orchestrator.md); off unless `enabled`. */
  orchestrator?: OrchestratorConfig;
}

/** One agent per project that steers the workers through `ao` with an `orchestrator` token. */
export interface OrchestratorConfig {
  /** Start it with the daemon (default false). */
  enabled?: boolean;
  /** Its agent (default: the project's agent). */
  agent?: SlotValue<"agent">;
  /** Its runtime (default: the project's runtime). */
  runtime?: SlotValue<"runtime">;
  /** Triage rules added to its prompt (fenced as the user's text). */
  rules?: string;
}

export const AGENT_PERMISSIONS: readonly AgentPermissions[] = ["ask", "edits", "auto", "full"];

export interface BudgetConfig {
  /** Cap of one session's cost. */
  sessionUsd?: number;
  /** Cap of the cost of all sessions of a project (ended ones included). */
  projectUsd?: number;
}

/** USD per million tokens of one model (`cacheRead`/`cacheWrite` default to `input`). */
export interface ModelPrice {
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
}

export interface IntakeConfig {
  /** Spawn sessions for matching open issues on its own. */
  auto?: boolean;
  /** Only issues with all of these labels. */
  labels?: string[];
  /** At most this many live sessions per project. */
  maxConcurrent?: number;
  /** Only issues assigned to this login (a tracker that cannot filter by assignee refuses it). */
  assignee?: string;
  /** Only issues in this milestone (a tracker that cannot filter by milestone refuses it). */
  milestone?: string;
}

export interface ReactionConfig {
  auto?: boolean;
  action?: ReactionAction;
  retries?: number;
  /** A duration (`"30m"`) or a count of attempts. */
  escalateAfter?: Duration;
  threshold?: Duration;
  message?: string;
  /** The priority of the notification this reaction sends. */
  priority?: NotificationPriority;
}

export interface ProjectConfig extends ProjectDefaults {
  /** What the SCM understands: `owner/name`, or a bare repository path/URL for scm-local. */
  repo: string;
  /** The local checkout (`~` is expanded). */
  path: string;
  defaultBranch?: string;
  intake?: IntakeConfig;
}

export interface AoConfig {
  /** The home, where ao keeps everything (wins over the `AO_HOME` env var; default `~/.ao`). */
  dataDir?: string;
  defaults?: ProjectDefaults;
  projects: Record<string, ProjectConfig>;
  intake?: IntakeConfig;
  reactions?: Partial<Record<ReactionKey, ReactionConfig>> & {
    /** Route review comments from authors without write access too. */
    routeUntrustedComments?: boolean;
  };
  /**
   * Which notifier instances (by name) hear each priority; a priority left out
   * goes to every notifier, `[]` to none. Names must exist in `notifiers`.
   */
  notificationRouting?: Partial<Record<NotificationPriority, string[]>>;
  /**
   * Prices per model name (a name matches its longest listed prefix), over
   * the built-in table of common models (docs/agents.md).
   */
  pricing?: Record<string, ModelPrice>;
  /** Reconcile tick (default "30s", down to "100ms"). */
  pollInterval?: Duration;
  /**
   * Projects whose SCM or tracker takes webhooks (a secret is configured) ask the remote
   * service only every `resync` (default "10m"): deliveries bring the changes in between.
   */
  webhooks?: { resync?: Duration };
  server?: {
    port?: number;
    host?: string;
    /** Let `host` be an address other machines can reach (refused otherwise; see docs/security.md). */
    allowRemote?: boolean;
    /** The public address webhooks arrive through (e.g. a tunnel); their Host is then checked against it. */
    publicUrl?: string;
  };
}

export interface ConfigEnv {
  /** The command being run (`start`, `status`, ...). */
  command: string;
  env: Record<string, string | undefined>;
}

export type ConfigInput = AoConfig | Promise<AoConfig> | ((env: ConfigEnv) => AoConfig | Promise<AoConfig>);

/** Identity helper that types `ao.config.ts`. */
export function defineConfig(config: AoConfig): AoConfig;
export function defineConfig(config: Promise<AoConfig>): Promise<AoConfig>;
export function defineConfig(
  config: (env: ConfigEnv) => AoConfig | Promise<AoConfig>,
): (env: ConfigEnv) => AoConfig | Promise<AoConfig>;
export function defineConfig(config: ConfigInput): ConfigInput {
  return config;
}
