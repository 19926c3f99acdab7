import type { CiStatus, PrStatus, ReviewDecision } from "@ao/core";

/** The slice of GraphQL's PullRequest that `observe` reads (see PR_FIELDS). */
export interface GqlPullRequest {
  /** The node id (mutations take it). */
  id: string;
  number: number;
  url: string;
  title: string;
  state: "OPEN" | "CLOSED" | "MERGED";
  isDraft: boolean;
  isCrossRepository: boolean;
  headRefName: string;
  headRefOid: string | null;
  baseRefName: string;
  mergeable: "MERGEABLE" | "CONFLICTING" | "UNKNOWN" | null;
  mergeStateStatus: string | null;
  reviewDecision: "APPROVED" | "CHANGES_REQUESTED" | "REVIEW_REQUIRED" | null;
  commits: {
    nodes: Array<{ commit: { oid: string; statusCheckRollup: { state: string } | null } } | null> | null;
  };
  latestOpinionatedReviews: {
    nodes: Array<{
      state: string;
      author: { login: string } | null;
      commit: { oid: string } | null;
    } | null> | null;
  } | null;
  reviewThreads: { nodes: Array<{ isResolved: boolean; isOutdated: boolean } | null> | null } | null;
}

/** The fields `observe` asks for per PR: state, head, CI rollup, reviews, mergeability, threads. */
export const PR_FIELDS = `id number url title state isDraft isCrossRepository headRefName headRefOid baseRefName
  mergeable mergeStateStatus reviewDecision
  commits(last: 1) { nodes { commit { oid statusCheckRollup { state } } } }
  latestOpinionatedReviews(first: 50) { nodes { state author { login } commit { oid } } }
  reviewThreads(first: 100) { nodes { isResolved isOutdated } }`;

/** The one query for many PRs of one repository: an alias per number. */
export function observeQuery(numbers: number[]): string {
  const aliases = numbers
    .map((n) => `    pr${n}: pullRequest(number: ${Math.trunc(n)}) { ${PR_FIELDS} }`)
    .join("\n");
  return `query AoObserve($owner: String!, $name: String!) {\n  repository(owner: $owner, name: $name) {\n${aliases}\n  }\n}`;
}

/** GitHub's rollup state as ao's CI status; no rollup at all means no CI (green). */
export function ciOf(pr: GqlPullRequest): CiStatus {
  const rollup = pr.commits.nodes?.[0]?.commit.statusCheckRollup?.state;
  switch (rollup) {
    case undefined:
    case null:
      return "none";
    case "SUCCESS":
      return "passed";
    case "FAILURE":
    case "ERROR":
      return "failed";
    default:
      return "pending";
  }
}

/**
 * The review decision for the current head. GitHub's own decision stands for
 * changes requested; an approval counts only when one was given on this head
 * (a push after approval is never merged unreviewed). Without branch
 * protection GitHub reports no decision: the latest opinionated reviews of
 * trusted authors decide.
 */
export function reviewOf(pr: GqlPullRequest, trusted: (login: string) => boolean): ReviewDecision {
  const reviews = (pr.latestOpinionatedReviews?.nodes ?? []).filter(
    (r): r is NonNullable<typeof r> => !!r && !!r.author && trusted(r.author.login),
  );
  const onHead = reviews.some((r) => r.state === "APPROVED" && r.commit?.oid === pr.headRefOid);
  if (pr.reviewDecision === "CHANGES_REQUESTED") return "changes_requested";
  if (pr.reviewDecision === "APPROVED") return onHead ? "approved" : "pending";
  if (pr.reviewDecision === "REVIEW_REQUIRED")
    return reviews.some((r) => r.state === "CHANGES_REQUESTED") ? "changes_requested" : "pending";
  if (reviews.some((r) => r.state === "CHANGES_REQUESTED")) return "changes_requested";
  if (onHead) return "approved";
  return reviews.length > 0 ? "pending" : "none";
}

/**
 * Mergeability: UNKNOWN is "not known yet" (GitHub computes it lazily), never
 * a conflict. A merge gate that blocks (BLOCKED: protection; BEHIND: required
 * up-to-date) is not mergeable; UNSTABLE (a non-required check failing) is.
 */
export function mergeableOf(pr: GqlPullRequest): { mergeable: boolean | null; conflict: boolean } {
  if (pr.mergeable === "CONFLICTING" || pr.mergeStateStatus === "DIRTY")
    return { mergeable: false, conflict: true };
  if (pr.mergeable !== "MERGEABLE") return { mergeable: null, conflict: false };
  if (pr.mergeStateStatus === "BLOCKED" || pr.mergeStateStatus === "BEHIND")
    return { mergeable: false, conflict: false };
  return { mergeable: true, conflict: false };
}

const STATE = { OPEN: "open", CLOSED: "closed", MERGED: "merged" } as const;

/** One GraphQL PullRequest as ao's PrStatus. */
export function prStatusOf(pr: GqlPullRequest, trusted: (login: string) => boolean): PrStatus {
  return {
    number: pr.number,
    url: pr.url,
    branch: pr.headRefName,
    title: pr.title,
    headSha: pr.headRefOid,
    state: STATE[pr.state],
    ci: ciOf(pr),
    review: reviewOf(pr, trusted),
    ...mergeableOf(pr),
  };
}
