import type { CommitInfo } from "./git-ops.js";
import { type ShapeContext, association, repoApi, repoJson, userJson } from "./shapes-core.js";
import {
  type CheckRunRecord,
  type RepoRecord,
  type ReviewCommentRecord,
  type ReviewRecord,
  type StatusRecord,
  iso,
  nodeId,
} from "./state.js";

/** JSON shapes of check runs, Actions jobs, statuses, reviews and review comments. */

function appJson(ctx: ShapeContext, slug: string): Record<string, unknown> {
  const id = ctx.world.user(`${slug}[bot]`).id;
  return {
    id,
    slug,
    node_id: nodeId("A", id),
    owner: userJson(ctx, "github"),
    name: slug === "github-actions" ? "GitHub Actions" : slug,
    description: null,
    external_url: `${ctx.url}/apps/${slug}`,
    html_url: `${ctx.url}/apps/${slug}`,
    created_at: "2018-07-30T09:30:17Z",
    updated_at: "2024-04-10T20:33:16Z",
    permissions: {},
    events: [],
  };
}

function pullsFor(ctx: ShapeContext, repo: RepoRecord, sha: string): Record<string, unknown>[] {
  return [...repo.pulls.values()]
    .filter((p) => p.headSha === sha && !p.fromFork)
    .map((p) => ({
      id: p.id,
      number: p.number,
      url: `${repoApi(ctx, repo)}/pulls/${p.number}`,
      head: { ref: p.head, sha: p.headSha, repo: { id: repo.id, url: repoApi(ctx, repo), name: repo.name } },
      base: { ref: p.base, sha: p.baseSha, repo: { id: repo.id, url: repoApi(ctx, repo), name: repo.name } },
    }));
}

export function checkRunJson(
  ctx: ShapeContext,
  repo: RepoRecord,
  r: CheckRunRecord,
): Record<string, unknown> {
  return {
    id: r.id,
    node_id: nodeId("CR", r.id),
    head_sha: r.sha,
    external_id: String(r.id),
    url: `${repoApi(ctx, repo)}/check-runs/${r.id}`,
    html_url: `${ctx.url}/${repo.fullName}/runs/${r.id}`,
    details_url: r.detailsUrl,
    status: r.status,
    conclusion: r.conclusion,
    started_at: iso(r.startedAt),
    completed_at: iso(r.completedAt),
    output: {
      title: r.title,
      summary: r.summary,
      text: null,
      annotations_count: 0,
      annotations_url: `${repoApi(ctx, repo)}/check-runs/${r.id}/annotations`,
    },
    name: r.name,
    check_suite: { id: r.id },
    app: appJson(ctx, r.app),
    pull_requests: pullsFor(ctx, repo, r.sha),
  };
}

/** An Actions job; its id is the check run's id, as observed on GitHub. */
export function jobJson(ctx: ShapeContext, repo: RepoRecord, r: CheckRunRecord): Record<string, unknown> {
  const branch = [...repo.refs.entries()].find(([, sha]) => sha === r.sha)?.[0] ?? null;
  return {
    id: r.id,
    run_id: r.id,
    run_url: `${repoApi(ctx, repo)}/actions/runs/${r.id}`,
    run_attempt: 1,
    node_id: nodeId("CR", r.id),
    head_sha: r.sha,
    url: `${repoApi(ctx, repo)}/actions/jobs/${r.id}`,
    html_url: `${ctx.url}/${repo.fullName}/actions/runs/${r.id}/job/${r.id}`,
    status: r.status,
    conclusion: r.conclusion,
    created_at: iso(r.startedAt),
    started_at: iso(r.startedAt),
    completed_at: iso(r.completedAt),
    name: r.name,
    steps: [],
    check_run_url: `${repoApi(ctx, repo)}/check-runs/${r.id}`,
    labels: ["ubuntu-latest"],
    runner_id: 1,
    runner_name: "GitHub Actions 1",
    runner_group_id: 1,
    runner_group_name: "GitHub Actions",
    workflow_name: "CI",
    head_branch: branch,
  };
}

/** An Actions workflow run: the fake runs one job per run, with the check run's id. */
export function workflowRunJson(
  ctx: ShapeContext,
  repo: RepoRecord,
  r: CheckRunRecord,
  commit: CommitInfo | null,
): Record<string, unknown> {
  const api = `${repoApi(ctx, repo)}/actions/runs/${r.id}`;
  return {
    id: r.id,
    name: "CI",
    node_id: nodeId("WFR", r.id),
    head_branch: jobJson(ctx, repo, r).head_branch,
    head_sha: r.sha,
    path: ".github/workflows/ci.yml",
    display_title: commit?.message.split("\n")[0] ?? r.name,
    run_number: r.id,
    run_attempt: 1,
    event: "push",
    status: r.status,
    conclusion: r.conclusion,
    workflow_id: 1,
    url: api,
    html_url: `${ctx.url}/${repo.fullName}/actions/runs/${r.id}`,
    pull_requests: [],
    created_at: iso(r.startedAt),
    updated_at: iso(r.completedAt ?? r.startedAt),
    jobs_url: `${api}/jobs`,
    logs_url: `${api}/logs`,
    check_suite_url: `${repoApi(ctx, repo)}/check-suites/${r.id}`,
    artifacts_url: `${api}/artifacts`,
    cancel_url: `${api}/cancel`,
    rerun_url: `${api}/rerun`,
    workflow_url: `${repoApi(ctx, repo)}/actions/workflows/1`,
    head_commit: commit
      ? {
          id: commit.sha,
          tree_id: commit.tree,
          message: commit.message,
          timestamp: commit.committer.date,
          author: { name: commit.author.name, email: commit.author.email },
          committer: { name: commit.committer.name, email: commit.committer.email },
        }
      : null,
    repository: minimalRepo(ctx, repo),
    head_repository: minimalRepo(ctx, repo),
  };
}

function minimalRepo(ctx: ShapeContext, repo: RepoRecord): Record<string, unknown> {
  const full = repoJson(ctx, repo);
  const keep = Object.keys(full).filter((k) => !["open_issues", "watchers", "forks"].includes(k));
  return Object.fromEntries(keep.map((k) => [k, full[k]]));
}

export function statusJson(ctx: ShapeContext, repo: RepoRecord, s: StatusRecord): Record<string, unknown> {
  return {
    url: `${repoApi(ctx, repo)}/statuses/${s.sha}`,
    avatar_url: null,
    id: s.id,
    node_id: nodeId("SC", s.id),
    state: s.state,
    description: s.description,
    target_url: s.targetUrl,
    context: s.context,
    created_at: iso(s.createdAt),
    updated_at: iso(s.updatedAt),
  };
}

export function combinedStatusJson(
  ctx: ShapeContext,
  repo: RepoRecord,
  sha: string,
  latest: StatusRecord[],
): Record<string, unknown> {
  // GitHub: failure if any failed or errored, pending if any pending or none at all, else success.
  const state = latest.some((s) => s.state === "failure" || s.state === "error")
    ? "failure"
    : latest.length === 0 || latest.some((s) => s.state === "pending")
      ? "pending"
      : "success";
  return {
    state,
    statuses: latest.map((s) => statusJson(ctx, repo, s)),
    sha,
    total_count: latest.length,
    repository: repoJson(ctx, repo),
    commit_url: `${repoApi(ctx, repo)}/commits/${sha}`,
    url: `${repoApi(ctx, repo)}/commits/${sha}/status`,
  };
}

export function reviewJson(ctx: ShapeContext, repo: RepoRecord, r: ReviewRecord): Record<string, unknown> {
  const web = `${ctx.url}/${repo.fullName}/pull/${r.pull}#pullrequestreview-${r.id}`;
  const pr = `${repoApi(ctx, repo)}/pulls/${r.pull}`;
  return {
    id: r.id,
    node_id: nodeId("PRR", r.id),
    user: userJson(ctx, r.author),
    body: r.body,
    state: r.state,
    html_url: web,
    pull_request_url: pr,
    _links: { html: { href: web }, pull_request: { href: pr } },
    submitted_at: iso(r.submittedAt),
    commit_id: r.commitId,
    author_association: association(repo, r.author),
  };
}

export function reviewCommentJson(
  ctx: ShapeContext,
  repo: RepoRecord,
  c: ReviewCommentRecord,
): Record<string, unknown> {
  const api = `${repoApi(ctx, repo)}/pulls/comments/${c.id}`;
  const web = `${ctx.url}/${repo.fullName}/pull/${c.pull}#discussion_r${c.id}`;
  const pr = `${repoApi(ctx, repo)}/pulls/${c.pull}`;
  const review = repo.reviews.find((r) => r.pull === c.pull && r.author === c.author);
  const out: Record<string, unknown> = {
    url: api,
    pull_request_review_id: review?.id ?? null,
    id: c.id,
    node_id: nodeId("PRRC", c.id),
    diff_hunk: "@@ -1 +1 @@",
    path: c.path,
    commit_id: c.commitId,
    original_commit_id: c.commitId,
    user: userJson(ctx, c.author),
    body: c.body,
    created_at: iso(c.createdAt),
    updated_at: iso(c.updatedAt),
    html_url: web,
    pull_request_url: pr,
    author_association: association(repo, c.author),
    _links: { self: { href: api }, html: { href: web }, pull_request: { href: pr } },
    line: c.line,
    original_line: c.line,
    side: "RIGHT",
    subject_type: "line",
  };
  if (c.inReplyTo !== null) out.in_reply_to_id = c.inReplyTo;
  return out;
}
