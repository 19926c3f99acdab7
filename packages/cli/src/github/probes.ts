import type { GitHubClient } from "@ao/github-client";

/** One thing the config needs the token to do, and how to check it without changing anything. */
export interface Probe {
  /** What ao does with it, as the check's name says it. */
  what: string;
  /** The fine-grained token / App permission it needs. */
  permission: string;
  /** Who needs it: the tracker, the SCM, or both. */
  for: "tracker" | "scm" | "both";
  request(gh: GitHubClient, repo: { owner: string; repo: string }, branch: string): Promise<unknown>;
}

/** Read-only probes: fine-grained and App tokens report no scopes, so their permissions are tried. */
export const PROBES: Probe[] = [
  {
    what: "list issues",
    permission: "Issues: read and write",
    for: "tracker",
    request: (gh, r) => gh.request("GET /repos/{owner}/{repo}/issues", { ...r, per_page: 1 }),
  },
  {
    what: "list pull requests",
    permission: "Pull requests: read and write",
    for: "scm",
    request: (gh, r) => gh.request("GET /repos/{owner}/{repo}/pulls", { ...r, per_page: 1 }),
  },
  {
    what: "list check runs",
    permission: "Checks: read",
    for: "scm",
    request: (gh, r, branch) =>
      gh.request("GET /repos/{owner}/{repo}/commits/{ref}/check-runs", { ...r, ref: branch, per_page: 1 }),
  },
  {
    what: "read commit statuses",
    permission: "Commit statuses: read",
    for: "scm",
    request: (gh, r, branch) =>
      gh.request("GET /repos/{owner}/{repo}/commits/{ref}/status", { ...r, ref: branch }),
  },
  {
    what: "list Actions runs (failing job logs)",
    permission: "Actions: read",
    for: "scm",
    request: (gh, r) => gh.request("GET /repos/{owner}/{repo}/actions/runs", { ...r, per_page: 1 }),
  },
];

/** The webhook events each GitHub plugin maps (what to tick in the repository's webhook settings). */
export const WEBHOOK_EVENTS = {
  tracker: ["issues", "issue_comment"],
  scm: [
    "pull_request",
    "pull_request_review",
    "pull_request_review_comment",
    "pull_request_review_thread",
    "check_run",
    "check_suite",
    "status",
    "push",
  ],
} as const;

/** The HTTP status of a failed Octokit request, and the permission GitHub says the endpoint needs. */
export function failureOf(error: unknown): { status?: number; accepted?: string } {
  const e = error as { status?: unknown; response?: { headers?: Record<string, unknown> } };
  const accepted = e.response?.headers?.["x-accepted-github-permissions"];
  return {
    ...(typeof e.status === "number" ? { status: e.status } : {}),
    ...(typeof accepted === "string" && accepted.length > 0 ? { accepted } : {}),
  };
}
