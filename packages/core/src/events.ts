import type { ReactionKey } from "./reactions.js";
import type { SessionResources } from "./session.js";

/** Fields every event carries. */
export interface EventBase {
  /** When it happened or was observed (ms since epoch). Transitions never read a clock. */
  at: number;
  /** A unique id (a webhook delivery id, a CLI request id): a repeat is a no-op. */
  id?: string;
}

type E<T extends string, P = {}> = EventBase & { type: T } & P;

/** What an activity observation rests on. */
export type ActivityEvidence = { source: string; evidence?: string; evidenceAt?: number };

/** Events with a head SHA are stale when the PR has since moved past it. */
type ShaScoped = { headSha?: string };

/**
 * Everything that can happen to a session. Observation (polling, webhooks,
 * plugins that push) and users (CLI, HTTP API) produce the same events.
 */
export type SessionEvent =
  | E<"spawned", { resources: SessionResources }>
  | E<"spawn_failed", { error: string }>
  | E<"agent_active", ActivityEvidence>
  | E<"agent_idle", ActivityEvidence>
  | E<"agent_waiting", ActivityEvidence>
  | E<"agent_blocked", ActivityEvidence>
  | E<"agent_rate_limited", ActivityEvidence & { resetsAt?: number }>
  | E<"agent_exited", ActivityEvidence & { error?: string }>
  | E<"local_commits", { headSha: string }>
  | E<"pushed", { headSha: string }>
  | E<"pr_opened", { number: number; url: string; headSha?: string }>
  | E<"pr_claimed", { number: number; url: string; headSha?: string }>
  | E<"ci_pending", ShaScoped>
  | E<"ci_passed", ShaScoped>
  | E<"ci_failed", ShaScoped>
  | E<"review_approved", ShaScoped>
  | E<"changes_requested", ShaScoped>
  | E<"review_comment", ShaScoped>
  | E<"conflict_detected", ShaScoped>
  | E<"conflict_resolved", ShaScoped>
  | E<"mergeability", ShaScoped & { mergeable: boolean | null }>
  | E<"pr_merged">
  | E<"pr_closed">
  | E<"issue_closed">
  | E<"user_message", { text: string }>
  | E<"agent_report", { report: AgentReport; note?: string }>
  | E<"timer_fired", { key: ReactionKey }>
  /** A message to the agent (a reaction's, or a human's) could not be delivered after retries. */
  | E<"delivery_failed", { error: string; reaction?: ReactionKey }>
  /** The session's (or its project's) cost reached its budget cap: the agent is stopped. */
  | E<"budget_exceeded", { spentUsd: number; capUsd: number; scope: "session" | "project" }>
  | E<"kill", { reason?: string }>
  | E<"restore">;

export type SessionEventType = SessionEvent["type"];

/** What an agent may report about itself with `ao report <state>`. */
export type AgentReport = "working" | "needs_input" | "blocked" | "done";

export const AGENT_REPORTS: readonly AgentReport[] = ["working", "needs_input", "blocked", "done"];

/** Narrow the event union by its `type`. */
export type EventOf<T extends SessionEventType> = Extract<SessionEvent, { type: T }>;
