import {
  type CiStatus,
  isTerminal,
  type ReviewDecision,
  type SessionSnapshot,
  type SessionState,
} from "@ao/core";

/** One session in `ao status --json` (SPEC §7), exactly. */
export interface StatusSession {
  id: string;
  project: string;
  issue: string | null;
  branch: string;
  state: SessionState;
  activity: string | null;
  pr: null | { number: number; url: string; ci: CiStatus; review: ReviewDecision; mergeable: boolean | null };
  attempts: Record<string, number>;
  /** What the agent has cost so far (USD), from its session info; null when unknown. */
  costUsd: number | null;
  createdAt: string;
  updatedAt: string;
}

/** Map a snapshot (and its agent's journaled cost) to the public status shape (times as ISO 8601). */
export function toStatus(s: SessionSnapshot, costUsd: number | null = null): StatusSession {
  const pr = s.facts.pr;
  return {
    id: s.id,
    project: s.project,
    issue: s.issue,
    branch: s.branch,
    state: s.state,
    // An ended session's runtime has been destroyed: its last observation (often idle) is stale.
    activity: isTerminal(s.state) ? "exited" : (s.facts.activity?.state ?? null),
    pr: pr ? { number: pr.number, url: pr.url, ci: pr.ci, review: pr.review, mergeable: pr.mergeable } : null,
    attempts: { ...(s.facts.attempts as Record<string, number>) },
    costUsd,
    createdAt: new Date(s.createdAt).toISOString(),
    updatedAt: new Date(s.updatedAt).toISOString(),
  };
}

/** Cost over sessions, and per merged PR (what a merged change costs, failed attempts not counted). */
export function costSummary(shaped: readonly StatusSession[]): {
  totalUsd: number;
  mergedPrs: number;
  perMergedPrUsd: number | null;
} {
  let totalUsd = 0;
  let merged = 0;
  let mergedUsd = 0;
  for (const s of shaped) {
    totalUsd += s.costUsd ?? 0;
    if (s.state === "merged" && s.pr) {
      merged++;
      mergedUsd += s.costUsd ?? 0;
    }
  }
  return { totalUsd, mergedPrs: merged, perMergedPrUsd: merged > 0 ? mergedUsd / merged : null };
}
