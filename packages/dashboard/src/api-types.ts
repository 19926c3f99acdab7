/**
 * The JSON shapes of the daemon's dashboard API (docs/http-api.md), declared
 * once: the daemon (@ao/cli) builds its answers with these types and the app
 * reads them, so the two cannot drift. Add fields, never rename or remove.
 * Every string may come from a tracker, an SCM or an agent: the app renders it
 * as text only.
 */

/** A session's state, as `ao status --json` prints it. */
export type SessionState =
  | "spawning"
  | "working"
  | "pr_open"
  | "ci_failed"
  | "review_pending"
  | "changes_requested"
  | "merge_conflict"
  | "mergeable"
  | "pr_closed"
  | "merged"
  | "stuck"
  | "errored"
  | "killed"
  | "closed";

/** One session in `ao status --json` (SPEC §7): the part of the board's sessions it shares. */
export interface StatusSession {
  id: string;
  project: string;
  issue: string | null;
  branch: string;
  state: SessionState;
  activity: string | null;
  pr: null | { number: number; url: string; ci: string; review: string; mergeable: boolean | null };
  attempts: Record<string, number>;
  /** What the agent has cost so far (USD); null when unknown. */
  costUsd: number | null;
  createdAt: string;
  updatedAt: string;
}

/** Where a session sits on the board, most urgent first (see {@link BOARD_GROUPS}). */
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

/** One session on the board: the status shape plus what a human needs to judge it at a glance. */
export interface BoardSession extends StatusSession {
  group: BoardGroup;
  /** The group is one of those a human must act on. */
  needsHuman: boolean;
  /** The PR's own state (open, merged, closed), when there is a PR. */
  prState: "open" | "merged" | "closed" | null;
  /** What the activity rests on (inert text), and since when the agent is in it (ISO 8601). */
  activityEvidence: string | null;
  activitySince: string | null;
  /** Why a human is needed (inert text), when the engine escalated. */
  escalation: { reason: string; at: string } | null;
  /** Why spawn failed or the agent crashed (inert text). */
  error: string | null;
  /** Milliseconds since the session was created, at `generatedAt`. */
  ageMs: number;
}

/** `GET /api/board[?project=p]`. */
export interface Board {
  generatedAt: string;
  /** How many sessions need a human (the tab title and favicon count). */
  needsHuman: number;
  /** Every configured project, with its own count (the portfolio view). */
  projects: Array<{ id: string; sessions: number; needsHuman: number }>;
  /** Groups in display order; empty ones are left out. */
  groups: Array<{ group: BoardGroup; needsHuman: boolean; sessions: string[] }>;
  sessions: BoardSession[];
}

/** One unresolved review comment (inert text; `body` is the reviewer's, never trusted). */
export interface DashboardComment {
  id: string;
  author: string;
  /** The SCM says the author has write access. */
  trusted: boolean;
  body: string;
  path: string | null;
  line: number | null;
  /** When it was written (ISO 8601). */
  createdAt: string;
}

/** `GET /api/prs[?project=p]`: one PR a session owns. */
export interface DashboardPr {
  project: string;
  session: string;
  number: number;
  url: string;
  state: "open" | "merged" | "closed";
  ci: string;
  review: string;
  /** Unresolved review comments (open PRs only); null when the SCM could not be asked. */
  comments: DashboardComment[] | null;
  /** Why `comments` is null (the SCM's error message, inert). */
  commentsError?: string;
}

/** One line of a session's timeline: a journal record, its text made inert and secrets masked. */
export interface TimelineEntry {
  seq: number;
  at: string;
  kind: string;
  /** A one-line human summary. */
  summary: string;
  /** The record itself (masked). */
  record: Record<string, unknown>;
}

/** `GET /api/sessions/<id>/output`. */
export interface SessionOutput {
  /** `runtime`: live from the runtime; `saved`: the tail kept when the runtime was removed. */
  source: "runtime" | "saved" | "none";
  output: string;
}
