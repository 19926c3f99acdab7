import type { PluginBase, ProjectRef } from "./common.js";
import type { WebhookRequest } from "./scm.js";

export interface Issue {
  /** The tracker's id as users write it (`42`, `ENG-12`, `fix-login`). */
  id: string;
  title: string;
  body: string;
  url?: string;
  labels: string[];
  state: "open" | "closed";
}

export interface IssueFilter {
  labels?: string[];
  state?: "open" | "closed" | "all";
  limit?: number;
  /** Only issues assigned to this login. */
  assignee?: string;
  /** Only issues in this milestone (its title). */
  milestone?: string;
}

/** What a tracker's webhook reports about an issue; `repo` is set when the delivery names one. */
export type TrackerWebhookEvent = { issue: string; deliveryId?: string; repo?: string } & (
  | { type: "issue_closed" | "issue_opened" | "issue_reopened" }
  | { type: "issue_labeled"; labels: string[] }
  | { type: "issue_comment"; author: string }
);

/** Issues: read them, and tell the tracker what ao is doing with them. */
export interface TrackerPlugin extends PluginBase<"tracker"> {
  /** The `IssueFilter` keys `listIssues` applies (default: `labels`, `state`, `limit`); config asking for more is refused. */
  readonly filters?: readonly (keyof IssueFilter)[];
  getIssue(project: ProjectRef, id: string): Promise<Issue>;
  /** Issues matching the filter (intake). */
  listIssues(project: ProjectRef, filter: IssueFilter): Promise<Issue[]>;
  /** The session branch for an issue (default: `ao/<id>-<slug of title>`). */
  branchName?(issue: Issue): string;
  /** The agent's first prompt for an issue (default: title, body fenced as data, the rules). */
  prompt?(issue: Issue, project: ProjectRef): string;
  markInProgress(project: ProjectRef, issue: Issue, sessionId: string): Promise<void>;
  markDone(project: ProjectRef, issue: Issue): Promise<void>;
  /** Hand the issue back: remove the in-progress mark. */
  release(project: ProjectRef, issue: Issue): Promise<void>;
  comment?(project: ProjectRef, issue: Issue, body: string): Promise<void>;
  /** Verify and parse a webhook delivery; throws on a bad signature. Present only when a secret is configured. */
  webhook?(request: WebhookRequest): Promise<TrackerWebhookEvent[]>;
}
