import type { AgentReport, ReviewAction, SessionSnapshot } from "@ao/core";
import type { SpawnRequest } from "@ao/engine";

/** A review as `ao review` and POST /api/sessions/:id/review take it. */
export type ReviewRequest = Pick<ReviewAction, "decision" | "body">;

/**
 * Everything a command can do to sessions. Two implementations: the engine
 * in this process ({@link EngineActions}), or the running daemon over HTTP.
 * Every mutating call carries a request id, so a retried call is applied once.
 */
export interface Actions {
  /** "daemon" when a running `ao start` did the work, "local" when this process did. */
  readonly via: "daemon" | "local";
  sessions(): Promise<SessionSnapshot[]>;
  spawn(request: SpawnRequest & { requestId?: string }): Promise<SessionSnapshot>;
  send(sessionId: string, text: string, requestId: string): Promise<SessionSnapshot>;
  kill(sessionId: string, requestId: string): Promise<SessionSnapshot>;
  restore(sessionId: string, requestId: string): Promise<SessionSnapshot>;
  report(sessionId: string, report: AgentReport, requestId: string): Promise<SessionSnapshot>;
  claimPr(
    project: string,
    pr: number,
    sessionId: string | undefined,
    requestId: string,
  ): Promise<SessionSnapshot>;
  merge(sessionId: string, requestId: string): Promise<SessionSnapshot>;
  review(sessionId: string, review: ReviewRequest, requestId: string): Promise<SessionSnapshot>;
  /** One batched observation of every live session. */
  refresh(): Promise<void>;
  /** Release the engine (locks, subscriptions) or the connection. */
  close(): Promise<void>;
}
