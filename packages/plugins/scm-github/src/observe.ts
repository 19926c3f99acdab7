import type { PrStatus } from "@ao/core";
import { type GitHubClient, GraphqlResponseError } from "@ao/github-client";
import { type GqlPullRequest, observeQuery, prStatusOf } from "./pr-status.js";
import type { RepoName } from "./repo-name.js";
import type { TrustCache } from "./trust.js";

/** PRs per GraphQL document: 50 aliased PRs stay far below GitHub's node and cost limits. */
export const PRS_PER_QUERY = 50;

export interface ObserveDeps {
  gh: GitHubClient;
  trust: TrustCache;
  /** Mark drafts ready for review once green. */
  readyWhenGreen: boolean;
  /** Called with the branch of every PR whose head lives in a fork (never pushed to). */
  onFork(branch: string): void;
  warn(message: string, data?: Record<string, unknown>): void;
}

type RepositoryAnswer = { repository: Record<string, GqlPullRequest | null> | null };

/** One document per 50 PRs; a PR that errors (deleted, no access) is left out, the rest kept. */
async function fetchPulls(deps: ObserveDeps, repo: RepoName, numbers: number[]): Promise<GqlPullRequest[]> {
  const out: GqlPullRequest[] = [];
  for (let i = 0; i < numbers.length; i += PRS_PER_QUERY) {
    const chunk = numbers.slice(i, i + PRS_PER_QUERY);
    let answer: RepositoryAnswer;
    try {
      answer = await deps.gh.graphql<RepositoryAnswer>(observeQuery(chunk), {
        owner: repo.owner,
        name: repo.repo,
      });
    } catch (error) {
      // GitHub answers an aliased batch with partial data when one PR fails: keep the rest.
      if (!(error instanceof GraphqlResponseError) || !error.data) throw error;
      deps.warn("GitHub reported errors for some PRs", {
        errors: error.errors?.map((e) => e.message).slice(0, 3),
      });
      answer = error.data as RepositoryAnswer;
    }
    for (const n of chunk) {
      const pr = answer.repository?.[`pr${n}`];
      if (pr) out.push(pr);
    }
  }
  return out;
}

/**
 * The status of many PRs of one repository in one GraphQL request (per 50
 * PRs): state, head, CI rollup, review decision for the current head,
 * mergeability. Trust of reviewers is resolved from a cache (GitHub is asked
 * only about new logins).
 */
export async function observePulls(
  deps: ObserveDeps,
  repo: RepoName,
  numbers: number[],
): Promise<Map<number, PrStatus>> {
  const unique = [...new Set(numbers)].filter((n) => Number.isInteger(n) && n > 0);
  const result = new Map<number, PrStatus>();
  if (unique.length === 0) return result;
  const pulls = await fetchPulls(deps, repo, unique);
  const logins = pulls.flatMap((p) =>
    (p.latestOpinionatedReviews?.nodes ?? []).map((r) => r?.author?.login ?? ""),
  );
  const trusted = await deps.trust.resolve(deps.gh, repo, logins.filter(Boolean));
  for (const pr of pulls) {
    if (pr.isCrossRepository) deps.onFork(pr.headRefName);
    const status = prStatusOf(pr, trusted);
    if (deps.readyWhenGreen && pr.isDraft && pr.state === "OPEN" && status.ci === "passed") {
      await markReady(deps, pr);
    }
    result.set(pr.number, status);
  }
  return result;
}

async function markReady(deps: ObserveDeps, pr: GqlPullRequest): Promise<void> {
  try {
    await deps.gh.graphql(
      "mutation AoReady($id: ID!) { markPullRequestReadyForReview(input: { pullRequestId: $id }) { pullRequest { isDraft } } }",
      { id: pr.id },
    );
  } catch (error) {
    // Not fatal: the next green observation tries again.
    deps.warn(`Could not mark PR #${pr.number} ready for review`, { error: (error as Error).message });
  }
}
