import { AoError, errors } from "@ao/core";
import type { GitHubClient } from "@ao/github-client";
import { PLUGIN } from "./options.js";
import type { RestPull } from "./pull-requests.js";
import type { RepoName } from "./repo-name.js";

export interface MergeSettings {
  method: "merge" | "squash" | "rebase";
  sha: string;
  /** Which bases use a merge queue, as last read (per plugin instance), and the clock to age it. */
  queues: Map<string, { queued: boolean; at: number }>;
  now: number;
}

/** A base's merge-queue setting is read again after this long (it can be switched on any time). */
const QUEUE_TTL_MS = 10 * 60_000;

/** Whether the base branch uses a merge queue (cached per repository and branch). */
async function usesMergeQueue(
  gh: GitHubClient,
  repo: RepoName,
  branch: string,
  m: MergeSettings,
): Promise<boolean> {
  const key = `${repo.fullName}\n${branch}`;
  const known = m.queues.get(key);
  if (known && m.now - known.at < QUEUE_TTL_MS) return known.queued;
  let queued = false;
  try {
    const answer = await gh.graphql<{ repository: { mergeQueue: { id: string } | null } | null }>(
      "query AoMergeQueue($owner: String!, $name: String!, $branch: String!) { repository(owner: $owner, name: $name) { mergeQueue(branch: $branch) { id } } }",
      { owner: repo.owner, name: repo.repo, branch },
    );
    queued = !!answer.repository?.mergeQueue;
  } catch {
    // A server without merge queues (older GHES) does not know the field: no queue.
  }
  m.queues.set(key, { queued, at: m.now });
  return queued;
}

/** Why a protected base refuses the PR: the required checks that are not green on its head. */
async function blockedBecause(gh: GitHubClient, repo: RepoName, pull: RestPull): Promise<string> {
  try {
    const { data } = await gh.rest.repos.getBranch({
      owner: repo.owner,
      repo: repo.repo,
      branch: pull.base.ref,
    });
    if (!data.protected) return "";
    let required = data.protection?.required_status_checks?.contexts ?? [];
    if (required.length === 0) {
      // The branch summary may omit the rule; its protection (admin or read on some plans) names it.
      const rule = await gh.rest.repos
        .getBranchProtection({ owner: repo.owner, repo: repo.repo, branch: pull.base.ref })
        .catch(() => null);
      required = rule?.data.required_status_checks?.contexts ?? [];
    }
    if (required.length === 0) return "";
    const runs = await gh.rest.checks.listForRef({
      owner: repo.owner,
      repo: repo.repo,
      ref: pull.head.sha,
      per_page: 100,
    });
    const green = new Set(
      runs.data.check_runs
        .filter((r) => r.conclusion === "success" || r.conclusion === "skipped" || r.conclusion === "neutral")
        .map((r) => r.name),
    );
    const missing = required.filter((c) => !green.has(c));
    return missing.length > 0
      ? `; ${pull.base.ref} is protected and requires ${missing.map((c) => `"${c}"`).join(", ")} to pass`
      : "";
  } catch {
    return "";
  }
}

function refused(number: number, why: string): AoError {
  return new AoError({
    code: "MERGE_REFUSED",
    message: `${PLUGIN}: GitHub refused to merge PR #${number}: ${why}.`,
    hint: "Wait for the required checks and reviews (ao merges once the session is mergeable), or merge on GitHub.",
  });
}

/**
 * Merge a PR at exactly `sha`: refused with HEAD_MOVED when the head is
 * another (checked first, and by GitHub's own `sha` guard: 409). A draft is
 * marked ready first; a base with a merge queue gets the PR enqueued
 * (pinned to the same head) instead of merged.
 */
export async function mergePull(
  gh: GitHubClient,
  repo: RepoName,
  number: number,
  m: MergeSettings,
): Promise<void> {
  const { data: pull } = await gh.rest.pulls.get({ owner: repo.owner, repo: repo.repo, pull_number: number });
  const p = pull as unknown as RestPull;
  if (p.merged_at || p.merged) return;
  if (p.state !== "open") throw refused(number, "it is closed");
  if (p.head.sha !== m.sha) throw errors.headMoved(number, m.sha, p.head.sha);
  if (p.draft && p.node_id) {
    await gh.graphql(
      "mutation AoReady($id: ID!) { markPullRequestReadyForReview(input: { pullRequestId: $id }) { pullRequest { isDraft } } }",
      {
        id: p.node_id,
      },
    );
  }
  if (await usesMergeQueue(gh, repo, p.base.ref, m)) {
    await gh.graphql(
      "mutation AoEnqueue($id: ID!, $sha: GitObjectID!) { enqueuePullRequest(input: { pullRequestId: $id, expectedHeadOid: $sha }) { mergeQueueEntry { id } } }",
      { id: p.node_id, sha: m.sha },
    );
    return;
  }
  try {
    await gh.rest.pulls.merge({
      owner: repo.owner,
      repo: repo.repo,
      pull_number: number,
      sha: m.sha,
      merge_method: m.method,
    });
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status === 409) {
      const { data: now } = await gh.rest.pulls.get({
        owner: repo.owner,
        repo: repo.repo,
        pull_number: number,
      });
      throw errors.headMoved(number, m.sha, now.head.sha);
    }
    if (status === 405 || status === 422) {
      const message =
        (error as { response?: { data?: { message?: string } } }).response?.data?.message ?? "not mergeable";
      throw refused(number, `${message}${await blockedBecause(gh, repo, p)}`);
    }
    throw error;
  }
}
