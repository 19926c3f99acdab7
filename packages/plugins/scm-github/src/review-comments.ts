import type { ReviewComment } from "@ao/core";
import type { GitHubClient } from "@ao/github-client";
import type { RepoName } from "./repo-name.js";
import { isBot, type TrustCache } from "./trust.js";

interface Author {
  login: string;
  /** `Bot` for GitHub Apps: GraphQL gives their login without the `[bot]` suffix. */
  __typename?: string;
}
interface ThreadComment {
  databaseId: number;
  author: Author | null;
  body: string;
  createdAt: string;
  path: string | null;
  line: number | null;
}
interface Thread {
  id: string;
  isResolved: boolean;
  isOutdated: boolean;
  path: string | null;
  line: number | null;
  comments: { nodes: Array<ThreadComment | null> | null };
}
interface Review {
  databaseId: number;
  author: Author | null;
  body: string;
  state: string;
  submittedAt: string | null;
}
interface Answer {
  repository: {
    pullRequest: {
      reviewThreads: { nodes: Array<Thread | null> | null };
      reviews: { nodes: Array<Review | null> | null };
    } | null;
  } | null;
}

export const COMMENTS_QUERY = `query AoReviewComments($owner: String!, $name: String!, $number: Int!) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) {
      reviewThreads(first: 100) {
        nodes { id isResolved isOutdated path line
          comments(first: 50) { nodes { databaseId author { login __typename } body createdAt path line } } }
      }
      reviews(last: 50) { nodes { databaseId author { login __typename } body state submittedAt } }
    }
  }
}`;

/** An author's login as REST and webhooks spell it: Apps end in `[bot]` (GraphQL leaves it off). */
function loginOf(a: Author): string {
  return a.__typename === "Bot" && !a.login.endsWith("[bot]") ? `${a.login}[bot]` : a.login;
}

/** A review body or thread comment as ao's ReviewComment, before trust is known. */
export function commentsOf(answer: Answer): Array<Omit<ReviewComment, "trusted">> {
  const pr = answer.repository?.pullRequest;
  if (!pr) return [];
  const out: Array<Omit<ReviewComment, "trusted">> = [];
  for (const r of pr.reviews.nodes ?? []) {
    // A review's own text (e.g. the summary of requested changes); empty approvals say nothing.
    if (!r || !r.author || !r.body.trim()) continue;
    out.push({
      id: `review-${r.databaseId}`,
      author: loginOf(r.author),
      body: r.body,
      createdAt: r.submittedAt ? Date.parse(r.submittedAt) : 0,
    });
  }
  for (const t of pr.reviewThreads.nodes ?? []) {
    if (!t) continue;
    for (const c of t.comments.nodes ?? []) {
      if (!c || !c.author) continue;
      const path = c.path ?? t.path;
      const line = c.line ?? t.line;
      out.push({
        id: `comment-${c.databaseId}`,
        author: loginOf(c.author),
        body: c.body,
        ...(path ? { path } : {}),
        ...(line ? { line } : {}),
        createdAt: Date.parse(c.createdAt),
        thread: { id: t.id, resolved: t.isResolved, outdated: t.isOutdated },
      });
    }
  }
  return out.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
}

/** Review bodies and thread comments of a PR, each with its thread state, trust and a bot label. */
export async function reviewComments(
  gh: GitHubClient,
  trust: TrustCache,
  bots: readonly string[],
  repo: RepoName,
  number: number,
): Promise<ReviewComment[]> {
  const answer = await gh.graphql<Answer>(COMMENTS_QUERY, { owner: repo.owner, name: repo.repo, number });
  const comments = commentsOf(answer);
  const trusted = await trust.resolve(
    gh,
    repo,
    comments.map((c) => c.author),
  );
  return comments.map((c) => ({
    ...c,
    author: isBot(c.author, bots) ? `${c.author} (bot)` : c.author,
    trusted: trusted(c.author),
  }));
}
