import type { TrackerWebhookEvent, WebhookRequest } from "@ao/core";
import { verifyDelivery } from "@ao/github-client";
import { type GitHubIssue, labelNames } from "./issues.js";

const ISSUE_ACTIONS: Record<
  string,
  "issue_opened" | "issue_reopened" | "issue_closed" | "issue_labeled" | undefined
> = {
  opened: "issue_opened",
  reopened: "issue_reopened",
  closed: "issue_closed",
  labeled: "issue_labeled",
};

/**
 * Verify a GitHub delivery and map what the tracker understands: `issues`
 * (opened, reopened, closed, labeled) and `issue_comment` (created) on an
 * issue. Pull requests' conversations, other actions and other events map to
 * nothing (the SCM on the same route takes the PR ones). Throws on a bad
 * signature, an oversized or malformed delivery.
 */
export async function trackerEvents(request: WebhookRequest, secret: string): Promise<TrackerWebhookEvent[]> {
  const d = await verifyDelivery(request, { secrets: [secret] });
  const p = d.payload as {
    action?: unknown;
    issue?: GitHubIssue;
    comment?: { user?: { login?: unknown } | null };
    repository?: { full_name?: unknown };
  };
  const issue = p.issue;
  if (!issue || typeof issue.number !== "number" || issue.pull_request) return [];
  const base = {
    issue: String(issue.number),
    deliveryId: d.deliveryId,
    ...(typeof p.repository?.full_name === "string" ? { repo: p.repository.full_name } : {}),
  };
  if (d.event === "issue_comment") {
    const author = p.comment?.user?.login;
    if (p.action !== "created" || typeof author !== "string") return [];
    return [{ ...base, type: "issue_comment", author }];
  }
  if (d.event !== "issues" || typeof p.action !== "string") return [];
  const type = ISSUE_ACTIONS[p.action];
  if (!type) return [];
  if (type === "issue_labeled")
    return [{ ...base, type, labels: Array.isArray(issue.labels) ? labelNames(issue.labels) : [] }];
  return [{ ...base, type }];
}
