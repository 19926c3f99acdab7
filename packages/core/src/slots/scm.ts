import type { CiStatus, ReviewDecision } from "../session.js";
import type { PluginBase, ProjectRef } from "./common.js";
import type { WorkspaceInfo } from "./workspace.js";

export interface PullRequest {
  number: number;
  url: string;
  branch: string;
  /** The PR's title, when the SCM reports it (an agent continuing the PR sees it, fenced as data). */
  title?: string;
  headSha: string | null;
  state: "open" | "merged" | "closed";
}

/** Everything the engine needs to know about one PR, in one observation. */
export interface PrStatus extends PullRequest {
  ci: CiStatus;
  /**
   * The review decision for the current head: an approval given on an older
   * head does not count (a push after approval is never merged unreviewed).
   */
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
  /** The review thread a line comment belongs to: resolved and outdated threads need no more work. */
  thread?: { id: string; resolved: boolean; outdated: boolean };
}

/** One rate-limit resource of the SCM's credential, as last reported (`resetAt` in epoch ms). */
export interface RateBudget {
  resource: string;
  remaining: number;
  limit: number;
  resetAt: number;
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
  /**
   * The repository the event is about (the project's `repo`, e.g. "acme/app").
   * The engine matches events to sessions by repository and PR, so a PR #3 of
   * another repository never moves this project's PR #3.
   */
  repo?: string;
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

export interface MergeOptions {
  /** The head SHA that was approved and green; the merge is refused when the PR's head is another. */
  sha: string;
  method?: "merge" | "squash" | "rebase";
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
  /** Reopen a PR closed without merge (optional: without it, `ao restore` opens a new PR). */
  reopenPR?(project: ProjectRef, number: number): Promise<PullRequest>;
  /** Status of many PRs in O(1) requests (GraphQL batch, conditional requests), never one call per PR. */
  observe(project: ProjectRef, numbers: number[]): Promise<Map<number, PrStatus>>;
  /** The tail of the failing CI job's log. */
  ciFailureLog(project: ProjectRef, number: number, maxBytes?: number): Promise<string>;
  /** Review comments, each marked trusted or not by the SCM. */
  reviewComments(project: ProjectRef, number: number): Promise<ReviewComment[]>;
  /** Post a review (`ao review`). */
  review?(project: ProjectRef, number: number, action: ReviewAction): Promise<void>;
  /**
   * Merge the PR, but only if its head is still `sha` (the head the engine saw
   * approved and green): a PR whose branch moved is refused with `HEAD_MOVED`
   * and nothing is merged. Merges into one repository must not fail because
   * another merge landed at the same time.
   */
  merge(project: ProjectRef, number: number, options: MergeOptions): Promise<void>;
  /** Plugins that can push events call `emit` as things happen; returns an unsubscribe function. */
  subscribe?(project: ProjectRef, emit: (event: ScmEvent) => void): () => void;
  /** The credential's remaining API budget, read by the engine after each observation (no request). */
  budget?(): RateBudget[];
  /** Verify and parse a webhook delivery; throws on a bad signature. Present only when a secret is configured. */
  webhook?(request: WebhookRequest): Promise<ScmEvent[]>;
}
