import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { RuntimeHandle } from "@ao/core";

/** A project's orchestrator session as the daemon left it (no token: only its hash is in the token store). */
export interface OrchestratorRecord {
  project: string;
  /** The session id its token is bound to (`<project>-orchestrator`). */
  session: string;
  /** The runtime plugin's name and handle, so a restarted daemon adopts the live process. */
  runtime: string;
  handle: RuntimeHandle;
  startedAt: string;
}

/** `$AO_HOME/orchestrators`: one file per project. */
export const orchestratorsDir = (home: string): string => join(home, "orchestrators");

/** The session id of a project's orchestrator: never a worker id (those end in a number). */
export const orchestratorSessionId = (project: string): string => `${project}-orchestrator`;

const fileOf = (home: string, project: string): string =>
  join(orchestratorsDir(home), `${encodeURIComponent(project)}.json`);

function isRecord(value: unknown): value is OrchestratorRecord {
  const v = value as Partial<OrchestratorRecord> | null;
  return (
    typeof v === "object" &&
    v !== null &&
    typeof v.project === "string" &&
    typeof v.session === "string" &&
    typeof v.runtime === "string" &&
    typeof v.handle?.id === "string"
  );
}

/** The project's record, or undefined when none (or a torn one: it is then started afresh). */
export function readOrchestrator(home: string, project: string): OrchestratorRecord | undefined {
  try {
    const value: unknown = JSON.parse(readFileSync(fileOf(home, project), "utf8"));
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Every project's record (for `ao status` and `ao cleanup`). */
export function listOrchestrators(home: string): OrchestratorRecord[] {
  let names: string[];
  try {
    names = readdirSync(orchestratorsDir(home)).filter((n) => n.endsWith(".json"));
  } catch {
    return [];
  }
  return names
    .map((n) => readOrchestrator(home, decodeURIComponent(n.slice(0, -".json".length))))
    .filter((r): r is OrchestratorRecord => r !== undefined);
}

/** Write it atomically (a reader never sees half a file). */
export function writeOrchestrator(home: string, record: OrchestratorRecord): void {
  mkdirSync(orchestratorsDir(home), { recursive: true, mode: 0o700 });
  const file = fileOf(home, record.project);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(record), { mode: 0o600 });
  renameSync(tmp, file);
}

/** Forget the project's orchestrator (it has ended). */
export function removeOrchestrator(home: string, project: string): void {
  rmSync(fileOf(home, project), { force: true });
}
