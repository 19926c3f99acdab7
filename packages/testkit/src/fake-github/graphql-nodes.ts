import type { FakeContext } from "./context.js";
import { type ConnectionArgs, connection } from "./graphql-connection.js";
import { notFoundNode } from "./graphql-errors.js";
import {
  latestChecks,
  latestReviews,
  mergeStateStatus,
  mergeableOf,
  reviewDecision,
  rollupState,
} from "./pull-status.js";
import { association } from "./shapes-core.js";
import {
  type CheckRunRecord,
  type IssueRecord,
  type PullRecord,
  type RepoRecord,
  type ReviewCommentRecord,
  type ReviewRecord,
  type StatusRecord,
  type ThreadRecord,
  iso,
  nodeId,
} from "./state.js";

/**
 * GraphQL objects over the fake's records. graphql-js calls a property that
 * is a function with the field's arguments, so fields are computed lazily.
 */

type Args = ConnectionArgs & Record<string, unknown>;

/** GitHub's GraphQL shows apps as `Bot` with the login minus the `[bot]` suffix REST uses. */
export function actor(ctx: FakeContext, login: string) {
  const bot = login.endsWith("[bot]");
  const u = ctx.world.user(login);
  return {
    __typename: bot ? "Bot" : "User",
    id: nodeId(bot ? "BOT" : "U", u.id),
    login: bot ? login.slice(0, -"[bot]".length) : login,
    url: `${ctx.url}/${login}`,
    avatarUrl: `${ctx.url}/avatars/${login}`,
    resourcePath: `/${login}`,
  };
}

function checkRunNode(ctx: FakeContext, repo: RepoRecord, r: CheckRunRecord) {
  return {
    __typename: "CheckRun",
    id: nodeId("CR", r.id),
    databaseId: r.id,
    name: r.name,
    status: r.status.toUpperCase(),
    conclusion: r.conclusion ? r.conclusion.toUpperCase() : null,
    detailsUrl: r.detailsUrl,
    url: `${ctx.url}/${repo.fullName}/runs/${r.id}`,
    title: r.title,
    summary: r.summary,
    text: null,
    startedAt: iso(r.startedAt),
    completedAt: iso(r.completedAt),
    isRequired: () => (repo.protection?.requiredChecks ?? []).includes(r.name),
    checkSuite: { app: { slug: r.app, name: r.app } },
  };
}

function statusNode(ctx: FakeContext, repo: RepoRecord, s: StatusRecord) {
  return {
    __typename: "StatusContext",
    id: nodeId("SC", s.id),
    context: s.context,
    state: s.state.toUpperCase(),
    description: s.description,
    targetUrl: s.targetUrl,
    createdAt: iso(s.createdAt),
    avatarUrl: `${ctx.url}/avatars/status`,
    isRequired: () => (repo.protection?.requiredChecks ?? []).includes(s.context),
  };
}

function rollupNode(ctx: FakeContext, repo: RepoRecord, sha: string) {
  const state = rollupState(repo, sha);
  if (state === null) return null;
  const { runs, statuses } = latestChecks(repo, sha);
  const contexts = [
    ...runs.map((r) => checkRunNode(ctx, repo, r)),
    ...statuses.map((s) => statusNode(ctx, repo, s)),
  ];
  return {
    id: nodeId("SCR", sha),
    state,
    commit: () => commitNode(ctx, repo, sha),
    contexts: (a: Args) => ({
      ...connection("contexts", contexts, a, (c) => c),
      checkRunCount: runs.length,
      statusContextCount: statuses.length,
    }),
  };
}

export function commitNode(ctx: FakeContext, repo: RepoRecord, sha: string) {
  return {
    id: nodeId("C", sha),
    oid: sha,
    abbreviatedOid: sha.slice(0, 7),
    url: `${ctx.url}/${repo.fullName}/commit/${sha}`,
    statusCheckRollup: () => rollupNode(ctx, repo, sha),
  };
}

function reviewNode(ctx: FakeContext, repo: RepoRecord, r: ReviewRecord) {
  return {
    id: nodeId("PRR", r.id),
    databaseId: r.id,
    author: actor(ctx, r.author),
    authorAssociation: association(repo, r.author),
    state: r.state,
    body: r.body,
    submittedAt: iso(r.submittedAt),
    createdAt: iso(r.submittedAt),
    commit: commitNode(ctx, repo, r.commitId),
    url: `${ctx.url}/${repo.fullName}/pull/${r.pull}#pullrequestreview-${r.id}`,
  };
}

export function reviewCommentNode(ctx: FakeContext, repo: RepoRecord, c: ReviewCommentRecord) {
  return {
    id: nodeId("PRRC", c.id),
    databaseId: c.id,
    author: actor(ctx, c.author),
    authorAssociation: association(repo, c.author),
    body: c.body,
    createdAt: iso(c.createdAt),
    updatedAt: iso(c.updatedAt),
    path: c.path,
    line: c.line,
    url: `${ctx.url}/${repo.fullName}/pull/${c.pull}#discussion_r${c.id}`,
    replyTo: null,
  };
}

export function threadNode(ctx: FakeContext, repo: RepoRecord, t: ThreadRecord) {
  return {
    id: t.id,
    isResolved: t.resolved,
    isOutdated: t.outdated,
    isCollapsed: t.resolved,
    path: t.path,
    line: t.line,
    originalLine: t.line,
    diffSide: "RIGHT",
    comments: (a: Args) =>
      connection(
        "comments",
        repo.reviewComments.filter((c) => t.comments.includes(c.id)),
        a,
        (c) => reviewCommentNode(ctx, repo, c),
      ),
  };
}

function labelsOf(ctx: FakeContext, repo: RepoRecord, i: IssueRecord) {
  return (a: Args) =>
    connection("labels", i.labels, a, (n) => {
      const l = ctx.world.label(repo, n);
      return { id: nodeId("LA", l.id), name: l.name, color: l.color, description: l.description };
    });
}

export function issueNode(ctx: FakeContext, repo: RepoRecord, i: IssueRecord) {
  const milestone = i.milestone === null ? null : repo.milestones.get(i.milestone);
  return {
    __typename: "Issue",
    id: nodeId("I", i.id),
    databaseId: i.id,
    number: i.number,
    title: i.title,
    body: i.body ?? "",
    url: `${ctx.url}/${repo.fullName}/issues/${i.number}`,
    state: i.state.toUpperCase(),
    stateReason: i.stateReason ? i.stateReason.toUpperCase() : null,
    author: actor(ctx, i.author),
    authorAssociation: association(repo, i.author),
    createdAt: iso(i.createdAt),
    updatedAt: iso(i.updatedAt),
    closedAt: iso(i.closedAt),
    closed: i.state === "closed",
    labels: labelsOf(ctx, repo, i),
    assignees: (a: Args) => connection("assignees", i.assignees, a, (l) => actor(ctx, l)),
    milestone: milestone
      ? { id: nodeId("MI", milestone.id), title: milestone.title, number: milestone.number }
      : null,
    repository: () => repositoryNode(ctx, repo),
  };
}

/** Issue numbers a PR body closes with a keyword (`Fixes #12`), when it targets the default branch. */
function closingNumbers(repo: RepoRecord, p: PullRecord, body: string | null): number[] {
  if (p.base !== repo.defaultBranch || !body) return [];
  const re = /\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\s*:?\s+#(\d+)\b/gi;
  return [...body.matchAll(re)]
    .map((m) => Number(m[1]))
    .filter((n) => repo.issues.has(n) && !repo.pulls.has(n));
}

export function pullNode(ctx: FakeContext, repo: RepoRecord, p: PullRecord) {
  const i = ctx.world.issue(repo, p.number);
  const state = p.merged ? "MERGED" : i.state.toUpperCase();
  const threads = [...repo.threads.values()].filter((t) => t.pull === p.number);
  return {
    ...issueNode(ctx, repo, i),
    __typename: "PullRequest",
    id: nodeId("PR", i.id),
    url: `${ctx.url}/${repo.fullName}/pull/${p.number}`,
    state,
    merged: p.merged,
    mergedAt: iso(p.mergedAt),
    mergedBy: p.mergedBy ? actor(ctx, p.mergedBy) : null,
    mergeCommit: p.mergeCommitSha ? commitNode(ctx, repo, p.mergeCommitSha) : null,
    isDraft: p.draft,
    headRefName: p.head,
    headRefOid: p.headSha,
    baseRefName: p.base,
    baseRefOid: p.baseSha,
    isCrossRepository: p.fromFork,
    headRepository: { nameWithOwner: repo.fullName, name: repo.name },
    isInMergeQueue: p.inMergeQueue,
    mergeable: () => mergeableOf(ctx, repo, p, true),
    mergeStateStatus: async () => mergeStateStatus(repo, p, await mergeableOf(ctx, repo, p, false)),
    reviewDecision: () => reviewDecision(repo, p.number),
    statusCheckRollup: () => rollupNode(ctx, repo, p.headSha),
    commits: (a: Args) =>
      connection("commits", [p.headSha], a, (sha) => ({
        id: nodeId("PRC", sha),
        commit: commitNode(ctx, repo, sha),
      })),
    reviews: (a: Args) => {
      const states = Array.isArray(a.states) ? (a.states as string[]) : null;
      const all = repo.reviews.filter((r) => r.pull === p.number && (!states || states.includes(r.state)));
      return connection("reviews", all, a, (r) => reviewNode(ctx, repo, r));
    },
    latestReviews: (a: Args) =>
      connection("latestReviews", latestReviews(repo, p.number), a, (r) => reviewNode(ctx, repo, r)),
    latestOpinionatedReviews: (a: Args) =>
      connection(
        "latestOpinionatedReviews",
        latestReviews(repo, p.number).filter((r) => r.state !== "COMMENTED"),
        a,
        (r) => reviewNode(ctx, repo, r),
      ),
    reviewThreads: (a: Args) => connection("reviewThreads", threads, a, (t) => threadNode(ctx, repo, t)),
    closingIssuesReferences: (a: Args) =>
      connection("closingIssuesReferences", closingNumbers(repo, p, i.body), a, (n) =>
        issueNode(ctx, repo, ctx.world.issue(repo, n)),
      ),
  };
}

const ISSUE_STATES = (a: Args): string[] | null => (Array.isArray(a.states) ? (a.states as string[]) : null);

export function repositoryNode(ctx: FakeContext, repo: RepoRecord) {
  return {
    __typename: "Repository",
    id: nodeId("R", repo.id),
    databaseId: repo.id,
    name: repo.name,
    nameWithOwner: repo.fullName,
    owner: actor(ctx, repo.owner),
    isPrivate: repo.private,
    url: `${ctx.url}/${repo.fullName}`,
    defaultBranchRef: {
      name: repo.defaultBranch,
      target: { __typename: "Commit", oid: repo.refs.get(repo.defaultBranch) },
    },
    // Only the default branch has a queue, when the repo was created with `mergeQueue: true`.
    mergeQueue: ({ branch }: { branch?: string }) => {
      const target = branch ?? repo.defaultBranch;
      if (!repo.mergeQueue || target !== repo.defaultBranch) return null;
      const queued = [...repo.pulls.values()].filter((p) => p.inMergeQueue);
      return {
        id: nodeId("MQ", `${repo.id}:${target}`),
        url: `${ctx.url}/${repo.fullName}/queue/${target}`,
        entries: (a: Args) =>
          connection("entries", queued, a, (p) => ({
            id: nodeId("MQE", p.id),
            state: "QUEUED",
            pullRequest: pullNode(ctx, repo, p),
          })),
      };
    },
    pullRequest: ({ number }: { number: number }) => {
      const p = repo.pulls.get(number);
      if (!p) throw notFoundNode(`Could not resolve to a PullRequest with the number of ${number}.`);
      return pullNode(ctx, repo, p);
    },
    pullRequests: (a: Args) => {
      const states = ISSUE_STATES(a);
      const labels = Array.isArray(a.labels) ? (a.labels as string[]) : null;
      let pulls = [...repo.pulls.values()].filter((p) => {
        const st = p.merged ? "MERGED" : ctx.world.issue(repo, p.number).state.toUpperCase();
        if (states && !states.includes(st)) return false;
        if (typeof a.headRefName === "string" && p.head !== a.headRefName) return false;
        if (typeof a.baseRefName === "string" && p.base !== a.baseRefName) return false;
        return !labels || ctx.world.issue(repo, p.number).labels.some((l) => labels.includes(l));
      });
      pulls = orderBy(
        pulls.map((p) => ({ rec: p, issue: ctx.world.issue(repo, p.number) })),
        a,
      ).map((x) => x.rec);
      return connection("pullRequests", pulls, a, (p) => pullNode(ctx, repo, p));
    },
    issue: ({ number }: { number: number }) => {
      const i = repo.issues.get(number);
      if (!i || i.isPull) throw notFoundNode(`Could not resolve to an Issue with the number of ${number}.`);
      return issueNode(ctx, repo, i);
    },
    issues: (a: Args) => {
      const states = ISSUE_STATES(a);
      const labels = Array.isArray(a.labels) ? (a.labels as string[]) : null;
      const list = [...repo.issues.values()].filter(
        (i) =>
          !i.isPull &&
          (!states || states.includes(i.state.toUpperCase())) &&
          (!labels || i.labels.some((l) => labels.includes(l))),
      );
      return connection(
        "issues",
        orderBy(
          list.map((i) => ({ rec: i, issue: i })),
          a,
        ).map((x) => x.rec),
        a,
        (i) => issueNode(ctx, repo, i),
      );
    },
  };
}

function orderBy<T extends { issue: IssueRecord }>(items: T[], a: Args): T[] {
  const o = a.orderBy as { field?: string; direction?: string } | undefined;
  const key = o?.field === "UPDATED_AT" ? "updatedAt" : "createdAt";
  const dir = o?.direction === "DESC" ? -1 : 1;
  return items.sort((x, y) => dir * (x.issue[key] - y.issue[key] || x.issue.number - y.issue.number));
}

/** `node(id:)`: the repository, issue, pull request or review thread with that global id. */
export function nodeById(ctx: FakeContext, id: string) {
  for (const repo of ctx.world.repos.values()) {
    if (nodeId("R", repo.id) === id) return repositoryNode(ctx, repo);
    for (const i of repo.issues.values()) {
      const p = repo.pulls.get(i.number);
      if (p && nodeId("PR", i.id) === id) return pullNode(ctx, repo, p);
      if (!p && nodeId("I", i.id) === id) return issueNode(ctx, repo, i);
    }
    const t = repo.threads.get(id);
    if (t) return { __typename: "PullRequestReviewThread", ...threadNode(ctx, repo, t) };
  }
  throw notFoundNode(`Could not resolve to a node with the global id of '${id}'`);
}
