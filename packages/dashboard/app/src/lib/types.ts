/**
 * The shapes of the daemon's dashboard API (docs/http-api.md), as far as the
 * dashboard reads them. Every string in them may come from a tracker, an SCM
 * or an agent: it is rendered as text only.
 */
export type SessionState =
  | "spawning"
  | "working"
  | "pr_open"
  | "ci_failed"
  | "review_pending"
  | "changes_requested"
  | "merge_conflict"
  | "mergeable"
  | "merged"
  | "stuck"
  | "errored"
  | "killed"
  | "closed";

export type BoardGroup =
  | "ready_to_merge"
  | "stuck"
  | "errored"
  | "waiting_input"
  | "fixing_ci"
  | "addressing_review"
  | "resolving_conflicts"
  | "working"
  | "in_review"
  | "done";

/** One session on the board (the `ao status --json` shape plus what a human judges it by). */
export interface BoardSession {
  id: string;
  project: string;
  issue: string | null;
  branch: string;
  state: SessionState;
  activity: string | null;
  pr: null | { number: number; url: string; ci: string; review: string; mergeable: boolean | null };
  attempts: Record<string, number>;
  costUsd: number | null;
  createdAt: string;
  updatedAt: string;
  group: BoardGroup;
  needsHuman: boolean;
  prState: "open" | "merged" | "closed" | null;
  activityEvidence: string | null;
  activitySince: string | null;
  escalation: { reason: string; at: string } | null;
  error: string | null;
  ageMs: number;
}

export interface Board {
  generatedAt: string;
  needsHuman: number;
  projects: Array<{ id: string; sessions: number; needsHuman: number }>;
  sessions: BoardSession[];
}

/** One unresolved review comment; `body` is the reviewer's text, never trusted. */
export interface DashboardComment {
  id: string;
  author: string;
  trusted: boolean;
  body: string;
  path: string | null;
  line: number | null;
  createdAt: string;
}

export interface DashboardPr {
  project: string;
  session: string;
  number: number;
  url: string;
  state: "open" | "merged" | "closed";
  ci: string;
  review: string;
  comments: DashboardComment[] | null;
  commentsError?: string;
}

/** One journal record of a session, made inert and masked by the daemon. */
export interface TimelineEntry {
  seq: number;
  at: string;
  kind: string;
  summary: string;
  record: Record<string, unknown>;
}

export interface SessionOutput {
  source: "runtime" | "saved" | "none";
  output: string;
}
