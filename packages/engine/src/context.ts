import type {
  AgentPlugin,
  Logger,
  ModelPrice,
  PluginBase,
  ProjectRef,
  SessionEvent,
  SessionSnapshot,
} from "@ao/core";
import type { Clock, EngineProject } from "./api.js";
import type { RecordInput } from "./fold.js";
import type { Journal } from "./journal.js";

/** One project as the engine holds it: its plugins and its journal. */
export interface ProjectState {
  project: EngineProject;
  ref: ProjectRef;
  /** `$home/projects/<id>` */
  dir: string;
  journal: Journal;
}

/** What the engine's parts (spawn, effects, observation, intake) share. */
export interface EngineContext {
  home: string;
  /** Extra environment for every agent (EngineOptions.agentEnv). */
  agentEnv: Record<string, string>;
  /** Masks configured secrets in plain text (notifications leave the machine). */
  redactText: (text: string) => string;
  /** Per-session environment (EngineOptions.sessionEnv). */
  sessionEnv?: (sessionId: string, projectId: string) => Record<string, string>;
  /** The daemon's environment, from which the agent's allow-listed variables are taken (EngineOptions.env). */
  env: Record<string, string | undefined>;
  clock: Clock;
  log: Logger;
  callTimeoutMs: number;
  concurrency: number;
  /** The price table: built-in prices with the config's `pricing` over them. */
  pricing: Record<string, ModelPrice>;
  /** An `active` whose evidence is older than this is idle (EngineOptions.staleActivityMs). */
  staleActivityMs: number;
  /** At most one `sessionInfo` read per session in this time (EngineOptions.sessionInfoIntervalMs). */
  sessionInfoIntervalMs: number;
  /** When each session's info was last read (in memory: a restart reads once at once). */
  infoReadAt: Map<string, number>;
  projects: Map<string, ProjectState>;
  /** `<project>#<issue>` of spawns in flight, so two concurrent spawns cannot both pass the duplicate check. */
  reserved: Set<string>;
  /** The session's dashboard page, when the daemon serves a dashboard (EngineOptions.dashboardUrl). */
  dashboardUrl?: (sessionId: string, projectId: string) => string | undefined;
  /** Notifier deliveries in flight: nobody waits for them but `stop()`. */
  notifying: Set<Promise<void>>;
  /** A plugin call with timeout and error stamping. */
  call<T>(plugin: PluginBase<string>, what: string, fn: () => T | Promise<T>): Promise<T>;
  /**
   * Apply an event: transition, journal it, run the effects it asks for.
   * Returns the new snapshot. `action` (who asked for it) is journaled in the
   * same write as the event, even when the event changes nothing.
   */
  dispatch(sessionId: string, event: SessionEvent, action?: RecordInput): Promise<SessionSnapshot>;
  /** Journal a record and wait until it is on disk and folded (rejects with JOURNAL_WRITE_FAILED). */
  record(project: string, input: RecordInput): Promise<void>;
  /** Run `fn` after every earlier task with the same key (read-the-fold-then-commit steps). */
  serial<T>(key: string, fn: () => Promise<T>): Promise<T>;
  /** An agent of a project by name (EngineOptions.resolveAgent, cached); the project's own when no name. */
  agentNamed(ps: ProjectState, name: string | undefined): Promise<AgentPlugin>;
  /** The agent a session runs: the one it was spawned with (`spawn --agent`), else its project's. */
  agentOf(ps: ProjectState, sessionId: string): Promise<AgentPlugin>;
  /** The project state of a session; throws SESSION_NOT_FOUND. */
  owner(sessionId: string): { ps: ProjectState; session: SessionSnapshot };
}

/** The session's spawn/recovery steps, as journaled. */
export function stepsOf(ps: ProjectState, sessionId: string): Record<string, unknown> {
  return ps.journal.fold.steps.get(sessionId) ?? {};
}
