import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { errors, isTerminal, type SessionSnapshot } from "@ao/core";
import {
  type AgentInfo,
  type JournalFold,
  type JournalLoss,
  type JournalRecord,
  type NotifyFailure,
  readJournal,
  readJournalState,
} from "@ao/engine";

/** A journal record with the project it came from. */
export type ProjectRecord = JournalRecord & { project: string };

/** Project ids that have a journal under this home (or had one: a snapshot or sessions survive it). */
export function journalProjects(home: string): string[] {
  const dir = join(home, "projects");
  if (!existsSync(dir)) return [];
  const had = (name: string) =>
    ["journal.jsonl", "snapshot.json", "sessions"].some((f) => existsSync(join(dir, name, f)));
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && had(d.name))
    .map((d) => d.name)
    .sort();
}

/** Every complete record of one project's journal, read without a lock (a torn tail is skipped). */
export async function projectRecords(home: string, project: string): Promise<ProjectRecord[]> {
  return (await readJournal(join(home, "projects", project))).map((r) => ({ ...r, project }));
}

/** What one project's journal has lost, or null when it is whole (`ao events` warns with it). */
export async function journalLoss(home: string, project: string): Promise<JournalLoss | null> {
  return (await readJournalState(join(home, "projects", project))).loss;
}

/**
 * The sessions of one project: the engine's own fold of the journal (from
 * `snapshot.json` when present, plus the records after it), so `status`
 * shows exactly what the daemon would. A journal that lost records throws
 * JOURNAL_DAMAGED, as the engine does: it is never shown as "no sessions".
 */
async function projectFold(home: string, project: string): Promise<JournalFold> {
  const { fold, loss } = await readJournalState(join(home, "projects", project));
  if (loss) throw errors.journalDamaged(project, loss.problem);
  return fold;
}

/** An overlap warning between two sessions that are both still open. */
export interface OpenOverlap {
  project: string;
  session: string;
  with: string;
  files: string[];
}

/** The sessions of the given projects and the overlaps among their open ones, in one read. */
export async function readProjects(
  home: string,
  projects: string[] = journalProjects(home),
): Promise<{
  sessions: SessionSnapshot[];
  overlaps: OpenOverlap[];
  budgets: ProjectBudget[];
  agentInfo: Map<string, AgentInfo>;
  notifyFailures: Array<NotifyFailure & { project: string }>;
}> {
  const folds = await Promise.all(
    projects.map(async (p) => ({ project: p, fold: await projectFold(home, p) })),
  );
  const sessions = folds.flatMap(({ fold }) => [...fold.sessions.values()]);
  sessions.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  const open = (fold: JournalFold, id: string) => {
    const state = fold.sessions.get(id)?.state;
    return state !== undefined && !isTerminal(state);
  };
  const overlaps = folds.flatMap(({ project, fold }) =>
    fold.overlaps
      .filter((o) => open(fold, o.session) && open(fold, o.with))
      .map((o) => ({ project, session: o.session, with: o.with, files: o.files })),
  );
  const agentInfo = new Map(folds.flatMap(({ fold }) => [...fold.agentInfo]));
  const budgets = folds.flatMap(({ project, fold }) => budgetOf(project, fold));
  // Snapshots from before notifier failures were journaled have none.
  const notifyFailures = folds.flatMap(({ project, fold }) =>
    (fold.notifyFailures ?? []).map((f) => ({ ...f, project })),
  );
  return { sessions, overlaps, budgets, agentInfo, notifyFailures };
}

/** The SCM's API budget a project last journaled (with an observation), for `ao status`. */
export interface ProjectBudget {
  project: string;
  /** When it was journaled (epoch ms). */
  at: number;
  budget: Array<{ resource: string; remaining: number; limit: number; resetAt: number }>;
}

/** Read defensively: journals from before budgets were recorded, or a torn value, give none. */
function budgetOf(project: string, fold: JournalFold): ProjectBudget[] {
  const last = (fold as { budget?: unknown }).budget as { at?: unknown; budget?: unknown } | null | undefined;
  if (!last || typeof last.at !== "number" || !Array.isArray(last.budget)) return [];
  const budget = last.budget.filter(
    (b): b is ProjectBudget["budget"][number] =>
      typeof b === "object" &&
      b !== null &&
      typeof b.resource === "string" &&
      typeof b.remaining === "number" &&
      typeof b.limit === "number" &&
      typeof b.resetAt === "number",
  );
  return budget.length > 0 ? [{ project, at: last.at, budget }] : [];
}

/** The current snapshot of every session in the journals (finished ones included), oldest first. */
export async function readSessions(
  home: string,
  projects: string[] = journalProjects(home),
): Promise<SessionSnapshot[]> {
  return (await readProjects(home, projects)).sessions;
}

/** Every record of every journal, in time order (stable within a project). */
export async function readAllRecords(
  home: string,
  projects: string[] = journalProjects(home),
): Promise<ProjectRecord[]> {
  const all = (await Promise.all(projects.map((p) => projectRecords(home, p)))).flat();
  return all.sort((a, b) => a.at - b.at);
}

/**
 * Whether the journals hold an action with this request id, and the session it
 * produced or acted on: what a caller whose daemon died mid-request reads to
 * learn whether its request was applied.
 */
export async function findRequest(
  home: string,
  requestId: string,
): Promise<{ project: string; session: SessionSnapshot | undefined } | undefined> {
  for (const project of journalProjects(home)) {
    const fold = await projectFold(home, project);
    const known = fold.requests.get(requestId);
    if (known) return { project, session: fold.sessions.get(known.session) };
  }
  return undefined;
}
