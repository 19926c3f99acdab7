import { inertText, isTerminal, type SessionSnapshot } from "@ao/core";
import { toStatus } from "../status-shape.js";
import type { Board, BoardGroup, BoardSession } from "./dashboard-types.js";

/** Display order: what needs the human first, then what ao handles, then the rest. */
export const BOARD_GROUPS: ReadonlyArray<{ group: BoardGroup; needsHuman: boolean }> = [
  { group: "ready_to_merge", needsHuman: true },
  { group: "stuck", needsHuman: true },
  { group: "errored", needsHuman: true },
  { group: "waiting_input", needsHuman: true },
  { group: "fixing_ci", needsHuman: false },
  { group: "addressing_review", needsHuman: false },
  { group: "resolving_conflicts", needsHuman: false },
  { group: "working", needsHuman: false },
  { group: "in_review", needsHuman: false },
  { group: "done", needsHuman: false },
];

const HUMAN = new Set(BOARD_GROUPS.filter((g) => g.needsHuman).map((g) => g.group));

/** The board group of one session. */
export function boardGroup(s: SessionSnapshot): BoardGroup {
  if (isTerminal(s.state)) return "done";
  if (s.state === "mergeable") return "ready_to_merge";
  // A PR closed without merge waits for a human's decision (restore, or kill to release the issue).
  if (s.state === "stuck" || s.state === "pr_closed") return "stuck";
  if (s.state === "errored") return "errored";
  // An agent asking a question blocks whatever ao was doing for it.
  if (s.facts.activity?.state === "waiting_input") return "waiting_input";
  switch (s.state) {
    case "ci_failed":
      return "fixing_ci";
    case "changes_requested":
      return "addressing_review";
    case "merge_conflict":
      return "resolving_conflicts";
    case "pr_open":
    case "review_pending":
      return "in_review";
    default:
      return "working";
  }
}

const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());

/** One session as the board shows it; every text that came from outside is made inert. */
export function boardSession(s: SessionSnapshot, costUsd: number | null, now: number): BoardSession {
  const group = boardGroup(s);
  const activity = s.facts.activity;
  const escalation = s.facts.escalation;
  return {
    ...toStatus(s, costUsd),
    group,
    needsHuman: HUMAN.has(group),
    prState: s.facts.pr?.state ?? null,
    activityEvidence: activity?.evidence ? inertText(activity.evidence) : null,
    activitySince: isTerminal(s.state) ? null : iso(activity?.since),
    escalation: escalation
      ? { reason: inertText(escalation.reason), at: iso(escalation.at) as string }
      : null,
    error: s.facts.error ? inertText(s.facts.error) : null,
    ageMs: Math.max(0, now - s.createdAt),
  };
}

/**
 * The board over `sessions` (already cut down to what the caller may see).
 * `projects` lists every configured project so an empty one still shows.
 */
export function buildBoard(
  sessions: readonly SessionSnapshot[],
  projects: readonly string[],
  cost: (sessionId: string) => number | null,
  now: number,
): Board {
  const shaped = sessions.map((s) => boardSession(s, cost(s.id), now));
  // Newest activity first inside a group: what just changed is what the human looks for.
  shaped.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || a.id.localeCompare(b.id));
  const ids = new Set([...projects, ...shaped.map((s) => s.project)]);
  return {
    generatedAt: new Date(now).toISOString(),
    needsHuman: shaped.filter((s) => s.needsHuman).length,
    projects: [...ids].sort().map((id) => {
      const own = shaped.filter((s) => s.project === id);
      return { id, sessions: own.length, needsHuman: own.filter((s) => s.needsHuman).length };
    }),
    groups: BOARD_GROUPS.map(({ group, needsHuman }) => ({
      group,
      needsHuman,
      sessions: shaped.filter((s) => s.group === group).map((s) => s.id),
    })).filter((g) => g.sessions.length > 0),
    sessions: shaped,
  };
}
