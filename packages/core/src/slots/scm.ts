import type { CiStatus, ReviewDecision } from "../session.js";
import type { PluginBase, ProjectRef } from "./common.js";
import type { WorkspaceInfo } from "./workspace.js";

export interface PullRequest {
  number: number;
  url: string;
  branch: string;
  headSha: string | null;
  state: "open" | "merged" | "closed";
}

/** Everything the engine needs to know about one PR, in one observation. */
export interface PrStatus extends PullRequest {
  ci: CiStatus;
  review: ReviewDecision;
  mergeable: boolean | null;
  conflict: boolean;
}

export interface ReviewComment {
  id: string;
  author: string;
  body: string;
  /** The SCM reports the author as trusted (write access). Untrusted comments are not routed to agents by default. */
  trusted: boolean;
  path?: string;
  line?: number;
  createdAt: number;
}

export interface WebhookRequest {
  headers: Record<string, string | undefined>;
  body: Buffer;
}

/** One event an SCM reports, tied to a PR or branch. */
export interface ScmEvent {
  type:
    | "pushed"
    | "pr_opened"
    | "ci_pending"
    | "ci_passed"
    | "ci_failed"
    | "review_approved"
    | "changes_requested"
    | "review_comment"
    | "conflict_detected"
    | "conflict_resolved"
    | "pr_merged"
    | "pr_closed";
  pr?: number;
  branch?: string;
  headSha?: string;
  url?: string;
  /** The webhook delivery id (deduplicated by the engine, across restarts). */
  deliveryId?: string;
}

export interface OpenPrOptions {
  branch: string;
  base: string;
  title: string;
  body: string;
}

export type ReviewAction = {
  decision: "approve" | "request_changes" | "comment";
  body: string;
  author?: string;
};

/** PRs and everything about them. */
export interface ScmPlugin extends PluginBase<"scm"> {
  /** Push the workspace's branch (force-with-lease: the branch belongs to the session). */
  push(project: ProjectRef, workspace: WorkspaceInfo): Promise<{ headSha: string }>;
  /** Head of the branch on the remote, or null when it has never been pushed. */
  remoteHead(project: ProjectRef, branch: string): Promise<string | null>;
  openPR(project: ProjectRef, options: OpenPrOptions): Promise<PullRequest>;
  /** The open PR for a branch (one the agent opened itself is adopted, not duplicated). */
  findPR(project: ProjectRef, branch: string): Promise<PullRequest | null>;
  getPR(project: ProjectRef, number: number): Promise<PullRequest>;
  /** Status of many PRs in O(1) requests (GraphQL batch, conditional requests), never one call per PR. */
  observe(project: ProjectRef, numbers: number[]): Promise<Map<number, PrStatus>>;
  /** The tail of the failing CI job's log. */
  ciFailureLog(project: ProjectRef, number: number, maxBytes?: number): Promise<string>;
  /** Review comments, each marked trusted or not by the SCM. */
  reviewComments(project: ProjectRef, number: number): Promise<ReviewComment[]>;
  /** Post a review (`ao review`). */
  review?(project: ProjectRef, number: number, action: ReviewAction): Promise<void>;
  merge(
    project: ProjectRef,
    number: number,
    options?: { method?: "merge" | "squash" | "rebase" },
  ): Promise<void>;
  /** Plugins that can push events call `emit` as things happen; returns an unsubscribe function. */
  subscribe?(project: ProjectRef, emit: (event: ScmEvent) => void): () => void;
  /** Verify and parse a webhook delivery; throws on a bad signature. Present only when a secret is configured. */
  webhook?(request: WebhookRequest): Promise<ScmEvent[]>;
}
