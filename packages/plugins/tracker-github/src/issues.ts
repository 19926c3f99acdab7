import { errors, type Issue, type IssueFilter } from "@ao/core";
import type { GitHubClient } from "@ao/github-client";
import { PLUGIN } from "./options.js";
import type { RepoName } from "./repo-name.js";

/** The fields of GitHub's issue JSON this plugin reads. */
export interface GitHubIssue {
  number: number;
  title: string;
  body?: string | null;
  html_url?: string;
  state: string;
  labels: Array<string | { name?: string }>;
  assignees?: Array<{ login: string }> | null;
  milestone?: { number: number; title: string } | null;
  /** Present when the "issue" is a pull request's conversation. */
  pull_request?: unknown;
}

export function labelNames(labels: GitHubIssue["labels"]): string[] {
  return labels.map((l) => (typeof l === "string" ? l : (l.name ?? ""))).filter((l) => l.length > 0);
}

export function toIssue(i: GitHubIssue): Issue {
  return {
    id: String(i.number),
    title: i.title,
    body: i.body ?? "",
    ...(i.html_url ? { url: i.html_url } : {}),
    labels: labelNames(i.labels),
    state: i.state === "closed" ? "closed" : "open",
  };
}

/** The issue number an id names (`12` or `#12`), or null for anything else. */
export function issueNumber(id: string): number | null {
  const m = /^#?([1-9][0-9]{0,9})$/.exec(id.trim());
  return m ? Number(m[1]) : null;
}

export function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown }).status;
  return typeof status === "number" ? status : undefined;
}

/** One issue; a pull request's number or a missing issue is ISSUE_NOT_FOUND. */
export async function fetchIssue(gh: GitHubClient, repo: RepoName, id: string): Promise<GitHubIssue> {
  const number = issueNumber(id);
  if (number === null) throw errors.issueNotFound(id, PLUGIN);
  try {
    const { data } = await gh.rest.issues.get({ owner: repo.owner, repo: repo.repo, issue_number: number });
    const issue = data as GitHubIssue;
    if (issue.pull_request) throw errors.issueNotFound(id, PLUGIN);
    return issue;
  } catch (error) {
    const status = statusOf(error);
    if (status === 404 || status === 410) throw errors.issueNotFound(id, PLUGIN);
    throw error;
  }
}

/**
 * Issues matching the filter, pull requests left out (GitHub lists them among
 * issues). Labels, assignee and state go to the API; a milestone given by
 * title is matched here (the API takes milestone numbers), a number is sent.
 * Pages are read only until `limit` issues are found.
 */
export async function listIssues(gh: GitHubClient, repo: RepoName, filter: IssueFilter): Promise<Issue[]> {
  const limit = filter.limit ?? Number.POSITIVE_INFINITY;
  if (limit <= 0) return [];
  const milestone = filter.milestone?.trim();
  const milestoneNumber = milestone && /^[1-9][0-9]*$/.test(milestone) ? milestone : undefined;
  const params = {
    owner: repo.owner,
    repo: repo.repo,
    state: filter.state ?? "open",
    per_page: 100,
    ...(filter.labels && filter.labels.length > 0 ? { labels: filter.labels.join(",") } : {}),
    ...(filter.assignee ? { assignee: filter.assignee } : {}),
    ...(milestone ? { milestone: milestoneNumber ?? "*" } : {}),
  } as const;
  const out: Issue[] = [];
  for await (const page of gh.paginate.iterator(gh.rest.issues.listForRepo, params)) {
    for (const raw of page.data as GitHubIssue[]) {
      if (raw.pull_request) continue;
      if (milestone && !milestoneNumber && raw.milestone?.title !== milestone) continue;
      out.push(toIssue(raw));
      if (out.length >= limit) return out;
    }
  }
  return out;
}
