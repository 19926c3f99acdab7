import type { ReactionKey, ReactionRules } from "./reactions.js";

/** Every state a session can be in (lowercase in JSON). */
export const SESSION_STATES = [
  "spawning",
  "working",
  "pr_open",
  "ci_failed",
  "review_pending",
  "changes_requested",
  "merge_conflict",
  "mergeable",
  "merged",
  "stuck",
  /** The PR was closed without merge, the issue is open: waits for `ao restore` or `ao kill`. */
  "pr_closed",
  "errored",
  "killed",
  "closed",
] as const;
export type SessionState = (typeof SESSION_STATES)[number];

export const TERMINAL_STATES: readonly SessionState[] = ["merged", "killed", "closed"];
export const isTerminal = (state: SessionState): boolean => TERMINAL_STATES.includes(state);

/** What the agent is doing: a fact, not a state. */
export type Activity = "active" | "idle" | "waiting_input" | "blocked" | "rate_limited" | "exited";

export type CiStatus = "none" | "pending" | "passed" | "failed";
export type ReviewDecision = "none" | "pending" | "approved" | "changes_requested";

export interface ActivityFact {
  state: Activity;
  /** Where the observation came from: "output", "transcript", "report", "runtime", ... */
  source: string;
  /** When it was observed (ms since epoch). */
  at: number;
  /** When the agent entered this activity (unchanged by repeated observations). */
  since: number;
  /** For `rate_limited`: when the limit resets (kept on `exited` while a restore waits for it). */
  resetsAt?: number;
  /** What the observation rests on (short, inert text), for `ao status --why`. */
  evidence?: string;
  /** When the evidence happened, when older than `at` (a transcript line's timestamp). */
  evidenceAt?: number;
}

export interface PrFact {
  number: number;
  url: string;
  headSha: string | null;
  state: "open" | "merged" | "closed";
  ci: CiStatus;
  review: ReviewDecision;
  mergeable: boolean | null;
  conflict: boolean;
}

/**
 * Observed facts. The session's state is derived from these alone
 * ({@link deriveState}), so any state can be explained by pointing at facts.
 */
export interface SessionFacts {
  /** Spawn progress: the session exists only once its runtime is up. */
  phase: "spawning" | "running" | "spawn_failed";
  /** Why spawn failed, or why the agent crashed (no secrets). */
  error: string | null;
  killed: boolean;
  runtimeAlive: boolean | null;
  activity: ActivityFact | null;
  pr: PrFact | null;
  /** Head of the session branch in the workspace, as last observed. */
  localHead: string | null;
  /** Head of the session branch on the remote, as last pushed or observed. */
  pushedHead: string | null;
  issueClosed: boolean;
  /** Auto attempts per reaction over the whole session (never decreases). */
  attempts: Partial<Record<ReactionKey, number>>;
  /** Set when a human is needed; cleared by a human message, a new push, or restore. */
  escalation: { reason: string; reaction?: ReactionKey; at: number; cause?: "budget" } | null;
  /** Deadlines (ms since epoch) the engine turns into `timer_fired` events. */
  timers: Partial<Record<ReactionKey, number>>;
  /** Head SHAs the PR has had, newest last: events about an older one are stale. */
  pastShas: string[];
}

/** Resources the session owns, recorded so cleanup and recovery can find them. */
export interface SessionResources {
  workspace: { path: string; branch: string; data?: Record<string, unknown> } | null;
  runtime: { id: string; data?: Record<string, unknown> } | null;
}

/** A session as plain JSON: identity, facts, derived state, and its rules. */
export interface SessionSnapshot {
  id: string;
  project: string;
  issue: string | null;
  branch: string;
  createdAt: number;
  updatedAt: number;
  state: SessionState;
  facts: SessionFacts;
  resources: SessionResources;
  rules: ReactionRules;
  /** Recently applied event ids (delivery ids included): a repeat is a no-op. */
  seen: string[];
  /** Number of events that changed this snapshot. */
  version: number;
}

export const SEEN_LIMIT = 64;
export const PAST_SHA_LIMIT = 32;

/** The one status model: the state is a pure function of the facts. */
export function deriveState(f: SessionFacts): SessionState {
  if (f.killed) return "killed";
  if (f.pr?.state === "merged") return "merged";
  if (f.issueClosed && f.pr?.state !== "open") return "closed";
  if (f.pr?.state === "closed") return "pr_closed";
  if (f.phase === "spawn_failed") return "errored";
  if (f.phase === "spawning") return "spawning";
  if (f.escalation) return "stuck";
  const pr = f.pr;
  if (!pr) return f.runtimeAlive === false || f.activity?.state === "exited" ? "errored" : "working";
  if (pr.conflict) return "merge_conflict";
  if (pr.ci === "failed") return "ci_failed";
  if (pr.review === "changes_requested") return "changes_requested";
  if (pr.review === "approved" && pr.ci !== "pending" && pr.mergeable !== false) return "mergeable";
  if (pr.ci === "passed") return "review_pending";
  return "pr_open";
}

export interface NewSession {
  id: string;
  project: string;
  issue: string | null;
  branch: string;
  rules: ReactionRules;
  at: number;
}

/** The snapshot of a session that is about to be spawned. */
export function createSession(init: NewSession): SessionSnapshot {
  const facts: SessionFacts = {
    phase: "spawning",
    error: null,
    killed: false,
    runtimeAlive: null,
    activity: null,
    pr: null,
    localHead: null,
    pushedHead: null,
    issueClosed: false,
    attempts: {},
    escalation: null,
    timers: {},
    pastShas: [],
  };
  return {
    id: init.id,
    project: init.project,
    issue: init.issue,
    branch: init.branch,
    createdAt: init.at,
    updatedAt: init.at,
    state: deriveState(facts),
    facts,
    resources: { workspace: null, runtime: null },
    rules: init.rules,
    seen: [],
    version: 0,
  };
}
