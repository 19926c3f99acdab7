import type {
  AgentPermissions,
  AgentPlugin,
  RateBudget,
  BudgetConfig,
  AgentReport,
  AgentUsage,
  Effect,
  IntakeConfig,
  LifecyclePlugin,
  Logger,
  NotificationKind,
  NotificationPriority,
  ModelPrice,
  NotifierPlugin,
  ProjectRef,
  ReviewAction,
  RuntimePlugin,
  ScmEvent,
  ScmPlugin,
  SessionEvent,
  SessionSnapshot,
  TerminalPlugin,
  TrackerPlugin,
  TrackerWebhookEvent,
  WorkspacePlugin,
} from "@ao/core";

/**
 * The engine's public surface. The CLI (the composition root) builds the
 * plugins and hands them over here; the engine never imports a plugin.
 */

/** A project's intake config with its defaults applied (`assignee` and `milestone` stay optional). */
export type IntakeSettings = Required<Pick<IntakeConfig, "auto" | "labels" | "maxConcurrent">> &
  Pick<IntakeConfig, "assignee" | "milestone">;

/** One configured project with its resolved plugins. */
export interface EngineProject {
  ref: ProjectRef;
  plugins: {
    runtime: RuntimePlugin;
    agent: AgentPlugin;
    workspace: WorkspacePlugin;
    tracker: TrackerPlugin;
    scm: ScmPlugin;
    notifiers: NotifierPlugin[];
    terminal?: TerminalPlugin;
    lifecycle: LifecyclePlugin;
  };
  intake: IntakeSettings;
  /**
   * Names of variables of the engine's `env` granted to this project's
   * agents (config `agentEnv`); their values are masked like secrets.
   */
  agentEnv?: readonly string[];
  /** How much the project's agents may do without asking (config `agentPermissions`, default "auto"). */
  agentPermissions?: AgentPermissions;
  /** Rules text for every agent (config `agentRules`). */
  agentRules?: string;
  /** A repo file (relative to the workspace) whose text follows `agentRules` (config `agentRulesFile`). */
  agentRulesFile?: string;
  /** Spending caps (config `budget`, defaults merged with the project's). */
  budget?: BudgetConfig;
  /** The instance name of each of `plugins.notifiers`, in order (config `notifiers` keys; default: the plugin's name). */
  notifierNames?: readonly string[];
  /** Which notifier instances hear each priority (config `notificationRouting`); a priority left out: every one. */
  notificationRouting?: Partial<Record<NotificationPriority, readonly string[]>>;
}

/** Injectable time, so `escalateAfter: "30m"` is testable in milliseconds. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface EngineOptions {
  /** AO_HOME: journals live in `<home>/projects/<projectId>/`. */
  home: string;
  projects: EngineProject[];
  /** Reconcile tick in ms (default 30_000, minimum 100). */
  pollIntervalMs?: number;
  /**
   * With webhooks on (an SCM or tracker plugin has a `webhook` method), that
   * service is asked only every this many ms (default 600_000); deliveries
   * bring the changes in between. Local observation still runs every tick.
   */
  resyncIntervalMs?: number;
  clock?: Clock;
  log?: Logger;
  /** Per plugin call timeout in ms (default 30_000). */
  callTimeoutMs?: number;
  /** Max concurrent plugin calls per tick (default 8). */
  concurrency?: number;
  /** Extra environment for every agent (e.g. `AO_CONFIG`, so `ao report` inside a session finds the config). */
  agentEnv?: Record<string, string>;
  /**
   * Environment for one session's agent, asked for at each launch (spawn and
   * restore), e.g. the session's own `AO_SESSION_TOKEN`. Wins over the agent
   * plugin's env, so a plugin cannot replace the session's credential.
   */
  sessionEnv?: (sessionId: string, projectId: string) => Record<string, string>;
  /**
   * The daemon's environment (default process.env). Its secret-looking values (TOKEN, SECRET, KEY,
   * PASSWORD) and the values of every project's `agentEnv` are masked in the journal; agents get
   * only allow-listed variables of it (core's BASE_AGENT_ENV, the agent's `passEnv`, `agentEnv`).
   */
  env?: Record<string, string | undefined>;
  /**
   * Names of env vars the config declares secret (every plugin option ending
   * in `Env`, e.g. `webhookUrlEnv`): their values in `env` are masked like
   * secret-looking ones, whatever the variable is called.
   */
  secretEnvNames?: readonly string[];
  /** Write a snapshot after this many journal records (default 1000). */
  snapshotEvery?: number;
  /**
   * Who runs this engine. A `"daemon"` journals a `daemon` record when it
   * starts and stops, so `ao events` shows restarts (default `"command"`).
   */
  role?: "daemon" | "command";
  /** The ao version, written in `daemon` records. */
  version?: string;
  /** The daemon took `daemon.lock` over from this dead pid: journaled as a `lock_takeover` record. */
  daemonLockTakenFrom?: number | null;
  /**
   * Project ids whose damaged journal (lost records) is accepted: the engine
   * continues from what survives and journals a `journal_loss` record instead
   * of refusing with JOURNAL_DAMAGED (the CLI reads `AO_ACCEPT_JOURNAL_LOSS`).
   */
  acceptJournalLoss?: string[];
  /**
   * Resolve an agent plugin by name for a project (a spawn's `agent`, and
   * later every action on that session). Called once per project and name;
   * a rejection fails the spawn before anything is journaled.
   */
  resolveAgent?: (projectId: string, name: string) => Promise<AgentPlugin>;
  /** Prices per model over the built-in table (config `pricing`, USD per million tokens). */
  pricing?: Record<string, ModelPrice>;
  /** An `active` whose evidence is older than this is taken as idle (default 10 minutes). */
  staleActivityMs?: number;
  /** Session info (tokens, cost) is read at most this often per session (default 60_000). */
  sessionInfoIntervalMs?: number;
  /**
   * The URL of a session's dashboard page, put into its notifications. The
   * daemon passes it when it serves the dashboard; return undefined for none.
   */
  dashboardUrl?: (sessionId: string, projectId: string) => string | undefined;
}

/** What recovery did to a session after a crash (a `recovery` record). */
export type RecoveryAction = "finished_spawn" | "rolled_back" | "marked_in_progress" | "marked_exited";
/** Who asked for an action: journaled with it, shown by `ao events`. */
export type Actor =
  /** A human at a terminal: the OS user name. */
  | { kind: "cli"; user: string }
  /** A caller of the daemon's API; `via: "dashboard"` when it is a browser with the login cookie. */
  | { kind: "api"; scope: "admin" | "orchestrator" | "agent"; session?: string; via?: "dashboard" }
  /** `ao` run inside an agent's session. */
  | { kind: "agent"; session: string }
  | { kind: "webhook"; route: string }
  /** Reactions and intake. */
  | { kind: "engine" };

/** The trailing options of every action method. */
export interface ActionOptions {
  /** Who acted (default `{ kind: "engine" }`). */
  actor?: Actor;
  /**
   * Makes a retry safe: a request with the same id, route and target is
   * applied once (across restarts) and answers with the same session; the
   * same id on another route or target is refused with `REQUEST_ID_REUSED`.
   */
  requestId?: string;
}

/** The routes of actions, as journaled in `action` records. */
export type ActionRoute =
  | "spawn"
  | "send"
  | "kill"
  | "restore"
  | "report"
  | "claim-pr"
  | "merge"
  | "review"
  /** Keystrokes typed into a session's terminal (journaled with their byte count only). */
  | "terminal";

/** What the journal knows about a request id (`engine.request(id)`). */
export interface RequestOutcome {
  project: string;
  route: ActionRoute;
  /** What the request was about: a session id, `<project>#<issue>` for spawn, `<project>#<pr>` for claim-pr. */
  target: string;
  /** The session it produced or acted on. */
  session: string;
  actor: Actor;
  at: number;
}

/** One line of the journal (`journal.jsonl`). */
export type JournalRecord =
  | { seq: number; at: number; kind: "session"; session: SessionSnapshot }
  | { seq: number; at: number; kind: "event"; session: string; event: SessionEvent }
  | {
      seq: number;
      at: number;
      kind: "transition";
      session: string;
      from: string;
      to: string;
      effects: Effect[];
    }
  | {
      seq: number;
      at: number;
      kind: "effect";
      session: string;
      effect: Effect["type"];
      ok: boolean;
      detail?: string;
      /** Which pending effect this outcome settles (`<session>:<version>:<index>`). */
      ref?: string;
      /** A failure that is not retried (e.g. cleanup refused because of unsaved work). */
      final?: boolean;
    }
  | { seq: number; at: number; kind: "step"; session: string; step: string; data?: Record<string, unknown> }
  | { seq: number; at: number; kind: "delivery"; id: string; actor?: Actor }
  | { seq: number; at: number; kind: "overlap"; session: string; with: string; files: string[] }
  /** The SCM credential's API budget after an observation (written when it moved; see scm-budget.ts). */
  | { seq: number; at: number; kind: "budget"; budget: RateBudget[] }
  | {
      seq: number;
      at: number;
      kind: "daemon";
      event: "started" | "stopped";
      pid: number;
      version?: string;
    }
  | { seq: number; at: number; kind: "recovery"; session: string; action: RecoveryAction; detail?: string }
  | {
      seq: number;
      at: number;
      kind: "lock_takeover";
      /** The lock's file name: `writer.lock`, `journal.lock` or `daemon.lock`. */
      lock: string;
      /** The dead holder's pid (null: an empty lock left by a crash while it was being created). */
      from: number | null;
      pid: number;
    }
  | {
      seq: number;
      at: number;
      kind: "journal_loss";
      /** Seq ranges known lost, `[from, to]`; `to` is null when the end is unknown. */
      missing: Array<[number, number | null]>;
      problem: string;
    }
  | ({ seq: number; at: number; kind: "agent_info"; session: string } & AgentInfo)
  /** A notifier could not deliver a notification (after its own retries); `message` is masked. */
  | {
      seq: number;
      at: number;
      kind: "notify_failed";
      session: string;
      /** The notifier instance's name (config `notifiers` key, or the plugin's name). */
      notifier: string;
      notification: NotificationKind;
      code: string;
      message: string;
    }
  /**
   * A batch of sessions finished and was summarized (journaled before the notification is sent:
   * a restart never resends it). `notified` is false for a batch of one, whose own notice says it.
   */
  | { seq: number; at: number; kind: "summary"; sessions: string[]; notified: boolean }
  | {
      seq: number;
      at: number;
      kind: "action";
      /** The session the action produced or acted on. */
      session: string;
      route: ActionRoute;
      target: string;
      actor: Actor;
      requestId?: string;
      /** A short, secret-free summary (the review decision, a report state). */
      detail?: string;
    };

/**
 * What the engine knows from the agent's own session files (an `agent_info`
 * record, journaled when it changes; the latest one per session counts).
 */
export interface AgentInfo {
  /** The agent's own session id (for resume), once seen. */
  agentSessionId: string | null;
  /** Cumulative tokens per model. */
  usage: AgentUsage[];
  /** The session's cost so far; null when a model has no known price. */
  costUsd: number | null;
  /** Where the cost comes from: the agent's own report, or tokens × the price table. */
  costSource?: "agent" | "pricing";
  /** The agent's summary of the session (inert text, short). */
  summary?: string;
  /** The plugin's cursor: the next read continues from here, after a restart too. */
  cursor: unknown;
}

/** Two open sessions of a project change the same files: a conflict in the making. */
export interface OverlapWarning {
  project: string;
  session: string;
  with: string;
  files: string[];
  at: number;
}

export interface SpawnRequest {
  project: string;
  /** A tracker issue id, or none with a free-form `prompt`. */
  issue?: string;
  prompt?: string;
  /**
   * Run this agent instead of the project's (`ao spawn --agent <name>`),
   * resolved through `EngineOptions.resolveAgent`. The session keeps it (an
   * `agent` spawn step) for every later launch, message and observation.
   */
  agent?: string;
}

/** What `ao` commands and the HTTP API call. */
export interface EngineApi {
  /** Recover from the journal and reconcile with reality (runtime alive? worktree present? PR state?). */
  recover(): Promise<void>;
  /** Start the reconcile loop and plugin subscriptions. */
  start(): Promise<void>;
  /** Stop ticking and release everything (journal locks, subscriptions). */
  stop(): Promise<void>;
  /** One reconcile pass over every live session (tests and `status --refresh`). */
  tick(): Promise<void>;
  /** Create a session for an issue (or a free-form prompt) and launch its agent. */
  spawn(request: SpawnRequest, opts?: ActionOptions): Promise<SessionSnapshot>;
  /** Deliver a human's message to the session's agent. */
  send(sessionId: string, text: string, opts?: ActionOptions): Promise<SessionSnapshot>;
  /** Stop the session for good (its workspace is kept when it has unsaved work). */
  kill(sessionId: string, opts?: ActionOptions): Promise<SessionSnapshot>;
  /** Relaunch the session's agent (or finish a failed spawn). */
  restore(sessionId: string, opts?: ActionOptions): Promise<SessionSnapshot>;
  /** Attach an existing PR to a session (by default the live session on the PR's branch). */
  claimPr(project: string, pr: number, sessionId?: string, opts?: ActionOptions): Promise<SessionSnapshot>;
  /** The agent's own report of its activity (`ao report`). */
  report(sessionId: string, report: AgentReport, opts?: ActionOptions): Promise<SessionSnapshot>;
  /**
   * Merge the session's PR at the head the engine saw approved and green.
   * Refused with `NOT_MERGEABLE` unless the session is `mergeable`; a branch
   * that moved since is refused by the SCM (`HEAD_MOVED`) and the session goes
   * back to review. Merges into one repository run one at a time.
   */
  merge(sessionId: string, opts?: ActionOptions): Promise<SessionSnapshot>;
  /** Post a review on the session's PR through the SCM, then observe once. */
  review(
    sessionId: string,
    action: Pick<ReviewAction, "decision" | "body">,
    opts?: ActionOptions,
  ): Promise<SessionSnapshot>;
  /**
   * Journal that `opts.actor` typed `bytes` bytes into the session's terminal
   * (an `action` record, route `terminal`, detail `"<n> bytes"`). The input
   * itself is never journaled: it may hold a password or a token.
   */
  terminalInput(sessionId: string, bytes: number, opts?: Pick<ActionOptions, "actor">): Promise<void>;
  /** What the journal says about a request id: which action, target and session (after a crash, too). */
  request(requestId: string): RequestOutcome | undefined;
  /**
   * Hand an event a plugin or webhook pushed to the engine (delivery ids
   * deduplicated). It applies to the session whose repository and PR (or
   * branch) it names; `actor` (a webhook route) is kept on its `delivery` record.
   */
  ingest(project: string, event: ScmEvent, opts?: Pick<ActionOptions, "actor">): Promise<void>;
  /**
   * Apply an event from a tracker's webhook: a closed issue closes its live
   * sessions; an opened, reopened or labelled issue runs intake now (when
   * `intake.auto`), without waiting for the poll. Events for another
   * repository and repeated deliveries are ignored.
   */
  ingestIssue(
    project: string,
    event: TrackerWebhookEvent,
    opts?: Pick<ActionOptions, "actor">,
  ): Promise<void>;
  sessions(): SessionSnapshot[];
  session(id: string): SessionSnapshot | undefined;
  /** What the agent's own session files said last (agent session id, tokens, cost), as journaled. */
  agentInfo(sessionId: string): AgentInfo | undefined;
  /** Open sessions of one project that change the same files (also journaled as `overlap` records). */
  overlaps(project?: string): OverlapWarning[];
  /** Journal records as they are appended (the SSE stream). Returns an unsubscribe function. */
  subscribe(listener: (record: JournalRecord & { project: string }) => void): () => void;
}
