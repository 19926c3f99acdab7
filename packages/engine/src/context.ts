import type { Logger, PluginBase, ProjectRef, SessionEvent, SessionSnapshot } from "@ao/core";
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
  clock: Clock;
  log: Logger;
  /** Masks the secrets ao knows of in a text (as the journal does). */
  redact(text: string): string;
  callTimeoutMs: number;
  concurrency: number;
  projects: Map<string, ProjectState>;
  /** `<project>#<issue>` of spawns in flight, so two concurrent spawns cannot both pass the duplicate check. */
  reserved: Set<string>;
  /** A plugin call with timeout and error stamping. */
  call<T>(plugin: PluginBase<string>, what: string, fn: () => T | Promise<T>): Promise<T>;
  /** Apply an event: transition, journal it, run the effects it asks for. Returns the new snapshot. */
  dispatch(sessionId: string, event: SessionEvent): Promise<SessionSnapshot>;
  /** Journal a record (folded at once) and wait until it is on disk. */
  record(project: string, input: RecordInput): Promise<void>;
  /** The project state of a session; throws SESSION_NOT_FOUND. */
  owner(sessionId: string): { ps: ProjectState; session: SessionSnapshot };
}

/** The session's spawn/recovery steps, as journaled. */
export function stepsOf(ps: ProjectState, sessionId: string): Record<string, unknown> {
  return ps.journal.fold.steps.get(sessionId) ?? {};
}
