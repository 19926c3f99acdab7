import type {
  AgentPlugin,
  Effect,
  IntakeConfig,
  LifecyclePlugin,
  Logger,
  NotifierPlugin,
  ProjectRef,
  RuntimePlugin,
  ScmEvent,
  ScmPlugin,
  SessionEvent,
  SessionSnapshot,
  TerminalPlugin,
  TrackerPlugin,
  WorkspacePlugin,
} from "@ao/core";

/**
 * The engine's public surface. The CLI (the composition root) builds the
 * plugins and hands them over here; the engine never imports a plugin.
 */

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
  intake: Required<IntakeConfig>;
  /**
   * Names of variables of the engine's `env` granted to this project's
   * agents (config `agentEnv`); their values are masked like secrets.
   */
  agentEnv?: readonly string[];
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
  clock?: Clock;
  log?: Logger;
  /** Per plugin call timeout in ms (default 30_000). */
  callTimeoutMs?: number;
  /** Max concurrent plugin calls per tick (default 8). */
  concurrency?: number;
  /** Extra environment for every agent (e.g. `AO_CONFIG`, so `ao report` inside a session finds the config). */
  agentEnv?: Record<string, string>;
  /**
   * The daemon's environment (default process.env). Its secret-looking values (TOKEN, SECRET, KEY,
   * PASSWORD) and the values of every project's `agentEnv` are masked in the journal; agents get
   * only allow-listed variables of it (core's BASE_AGENT_ENV, the agent's `passEnv`, `agentEnv`).
   */
  env?: Record<string, string | undefined>;
  /** Write a snapshot after this many journal records (default 1000). */
  snapshotEvery?: number;
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
  | { seq: number; at: number; kind: "delivery"; id: string }
  | { seq: number; at: number; kind: "overlap"; session: string; with: string; files: string[] };

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
  spawn(request: SpawnRequest): Promise<SessionSnapshot>;
  send(sessionId: string, text: string, requestId?: string): Promise<SessionSnapshot>;
  kill(sessionId: string): Promise<SessionSnapshot>;
  restore(sessionId: string): Promise<SessionSnapshot>;
  claimPr(project: string, pr: number, sessionId?: string): Promise<SessionSnapshot>;
  report(
    sessionId: string,
    report: Extract<SessionEvent, { type: "agent_report" }>["report"],
  ): Promise<SessionSnapshot>;
  /** Hand an event a plugin or webhook pushed to the engine (delivery ids deduplicated). */
  ingest(project: string, event: ScmEvent): Promise<void>;
  sessions(): SessionSnapshot[];
  session(id: string): SessionSnapshot | undefined;
  /** Open sessions of one project that change the same files (also journaled as `overlap` records). */
  overlaps(project?: string): OverlapWarning[];
  /** Journal records as they are appended (the SSE stream). Returns an unsubscribe function. */
  subscribe(listener: (record: JournalRecord & { project: string }) => void): () => void;
}
