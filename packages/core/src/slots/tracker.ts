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
}

export type TrackerWebhookEvent = { type: "issue_closed"; issue: string; deliveryId?: string };

/** Issues: read them, and tell the tracker what ao is doing with them. */
export interface TrackerPlugin extends PluginBase<"tracker"> {
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
