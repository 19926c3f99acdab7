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
  createdAt: string;
  updatedAt: string;
}

/** Map a snapshot to the public status shape (times as ISO 8601). */
export function toStatus(s: SessionSnapshot): StatusSession {
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
    createdAt: new Date(s.createdAt).toISOString(),
    updatedAt: new Date(s.updatedAt).toISOString(),
  };
}
