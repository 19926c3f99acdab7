import {
  type CommentRecord,
  type IssueRecord,
  type LabelRecord,
  type MilestoneRecord,
  type PullRecord,
  type RepoRecord,
  type World,
  iso,
  nodeId,
} from "./state.js";

/** JSON shapes of GitHub's REST answers for users, repos, issues, labels and pull requests. */

export interface ShapeContext {
  world: World;
  /** The fake's base URL (API and "web" pages share it). */
  url: string;
}

const USER_URL_SUFFIXES = [
  "followers",
  "gists{/gist_id}",
  "starred{/owner}{/repo}",
  "subscriptions",
  "organizations",
  "repos",
  "events{/privacy}",
  "received_events",
] as const;

export function userJson(ctx: ShapeContext, login: string): Record<string, unknown> {
  const u = ctx.world.user(login);
  const api = `${ctx.url}/users/${login}`;
  const out: Record<string, unknown> = {
    login,
    id: u.id,
    node_id: nodeId("U", u.id),
    avatar_url: `${ctx.url}/avatars/${login}`,
    gravatar_id: "",
    url: api,
    html_url: `${ctx.url}/${login}`,
    following_url: `${api}/following{/other_user}`,
    type: login.endsWith("[bot]") ? "Bot" : "User",
    site_admin: false,
  };
  for (const s of USER_URL_SUFFIXES) out[`${s.replace(/\{.*$/, "")}_url`] = `${api}/${s}`;
  return out;
}

const REPO_URL_TEMPLATES: Record<string, string> = {
  archive_url: "{archive_format}{/ref}",
  assignees_url: "assignees{/user}",
  blobs_url: "git/blobs{/sha}",
  branches_url: "branches{/branch}",
  collaborators_url: "collaborators{/collaborator}",
  comments_url: "comments{/number}",
  commits_url: "commits{/sha}",
  compare_url: "compare/{base}...{head}",
  contents_url: "contents/{+path}",
  contributors_url: "contributors",
  deployments_url: "deployments",
  downloads_url: "downloads",
  events_url: "events",
  forks_url: "forks",
  git_commits_url: "git/commits{/sha}",
  git_refs_url: "git/refs{/sha}",
  git_tags_url: "git/tags{/sha}",
  hooks_url: "hooks",
  issue_comment_url: "issues/comments{/number}",
  issue_events_url: "issues/events{/number}",
  issues_url: "issues{/number}",
  keys_url: "keys{/key_id}",
  labels_url: "labels{/name}",
  languages_url: "languages",
  merges_url: "merges",
  milestones_url: "milestones{/number}",
  notifications_url: "notifications{?since,all,participating}",
  pulls_url: "pulls{/number}",
  releases_url: "releases{/id}",
  stargazers_url: "stargazers",
  statuses_url: "statuses/{sha}",
  subscribers_url: "subscribers",
  subscription_url: "subscription",
  tags_url: "tags",
  teams_url: "teams",
  trees_url: "git/trees{/sha}",
};

export function repoApi(ctx: ShapeContext, repo: RepoRecord): string {
  return `${ctx.url}/repos/${repo.fullName}`;
}

export function repoJson(ctx: ShapeContext, repo: RepoRecord, full = false): Record<string, unknown> {
  const api = repoApi(ctx, repo);
  const open = [...repo.issues.values()].filter((i) => i.state === "open").length;
  const created = iso(repo.createdAt);
  const out: Record<string, unknown> = {
    id: repo.id,
    node_id: nodeId("R", repo.id),
    name: repo.name,
    full_name: repo.fullName,
    owner: userJson(ctx, repo.owner),
    private: repo.private,
    visibility: repo.private ? "private" : "public",
    html_url: `${ctx.url}/${repo.fullName}`,
    description: null,
    fork: false,
    url: api,
    clone_url: `${ctx.url}/${repo.fullName}.git`,
    git_url: `${ctx.url}/${repo.fullName}.git`,
    ssh_url: `${ctx.url}/${repo.fullName}.git`,
    svn_url: `${ctx.url}/${repo.fullName}`,
    mirror_url: null,
    homepage: null,
    language: null,
    forks: 0,
    forks_count: 0,
    stargazers_count: 0,
    watchers: 0,
    watchers_count: 0,
    size: 0,
    default_branch: repo.defaultBranch,
    open_issues: open,
    open_issues_count: open,
    has_issues: true,
    has_projects: false,
    has_wiki: false,
    has_pages: false,
    has_downloads: false,
    has_discussions: false,
    archived: false,
    disabled: false,
    license: null,
    pushed_at: created,
    created_at: created,
    updated_at: created,
  };
  for (const [key, tail] of Object.entries(REPO_URL_TEMPLATES)) out[key] = `${api}/${tail}`;
  if (full) {
    Object.assign(out, {
      network_count: 0,
      subscribers_count: 0,
      allow_merge_commit: true,
      allow_squash_merge: true,
      allow_rebase_merge: true,
    });
  }
  return out;
}

export function labelJson(ctx: ShapeContext, repo: RepoRecord, l: LabelRecord): Record<string, unknown> {
  return {
    id: l.id,
    node_id: nodeId("LA", l.id),
    url: `${repoApi(ctx, repo)}/labels/${encodeURIComponent(l.name)}`,
    name: l.name,
    description: l.description,
    color: l.color,
    default: false,
  };
}

export function milestoneJson(
  ctx: ShapeContext,
  repo: RepoRecord,
  m: MilestoneRecord,
): Record<string, unknown> {
  const api = `${repoApi(ctx, repo)}/milestones/${m.number}`;
  const issues = [...repo.issues.values()].filter((i) => i.milestone === m.number);
  return {
    url: api,
    html_url: `${ctx.url}/${repo.fullName}/milestone/${m.number}`,
    labels_url: `${api}/labels`,
    id: m.id,
    node_id: nodeId("MI", m.id),
    number: m.number,
    state: m.state,
    title: m.title,
    description: null,
    creator: userJson(ctx, repo.owner),
    open_issues: issues.filter((i) => i.state === "open").length,
    closed_issues: issues.filter((i) => i.state === "closed").length,
    created_at: iso(m.createdAt),
    updated_at: iso(m.createdAt),
    closed_at: null,
    due_on: null,
  };
}

/** GitHub's author_association for a login on a repo. */
export function association(repo: RepoRecord, login: string): string {
  if (login.toLowerCase() === repo.owner.toLowerCase()) return "OWNER";
  const p = repo.permissions.get(login);
  if (p === "admin" || p === "write") return "COLLABORATOR";
  return "NONE";
}

export function issueJson(ctx: ShapeContext, repo: RepoRecord, i: IssueRecord): Record<string, unknown> {
  const api = `${repoApi(ctx, repo)}/issues/${i.number}`;
  const milestone = i.milestone === null ? null : repo.milestones.get(i.milestone);
  const pull = repo.pulls.get(i.number);
  const out: Record<string, unknown> = {
    id: i.id,
    node_id: nodeId(i.isPull ? "PR" : "I", i.id),
    url: api,
    repository_url: repoApi(ctx, repo),
    labels_url: `${api}/labels{/name}`,
    comments_url: `${api}/comments`,
    events_url: `${api}/events`,
    html_url: `${ctx.url}/${repo.fullName}/${i.isPull ? "pull" : "issues"}/${i.number}`,
    number: i.number,
    state: i.state,
    state_reason: i.stateReason,
    title: i.title,
    body: i.body,
    user: userJson(ctx, i.author),
    labels: i.labels.map((n) => labelJson(ctx, repo, ctx.world.label(repo, n))),
    assignee: i.assignees[0] ? userJson(ctx, i.assignees[0]) : null,
    assignees: i.assignees.map((a) => userJson(ctx, a)),
    milestone: milestone ? milestoneJson(ctx, repo, milestone) : null,
    locked: false,
    active_lock_reason: null,
    comments: repo.comments.filter((c) => c.issue === i.number).length,
    closed_at: iso(i.closedAt),
    created_at: iso(i.createdAt),
    updated_at: iso(i.updatedAt),
    author_association: association(repo, i.author),
  };
  if (pull) {
    const web = `${ctx.url}/${repo.fullName}/pull/${i.number}`;
    out.pull_request = {
      url: `${repoApi(ctx, repo)}/pulls/${i.number}`,
      html_url: web,
      diff_url: `${web}.diff`,
      patch_url: `${web}.patch`,
      merged_at: iso(pull.mergedAt),
    };
    out.draft = pull.draft;
  }
  if (i.closedBy) out.closed_by = userJson(ctx, i.closedBy);
  return out;
}

export function commentJson(ctx: ShapeContext, repo: RepoRecord, c: CommentRecord): Record<string, unknown> {
  return {
    id: c.id,
    node_id: nodeId("IC", c.id),
    url: `${repoApi(ctx, repo)}/issues/comments/${c.id}`,
    html_url: `${ctx.url}/${repo.fullName}/issues/${c.issue}#issuecomment-${c.id}`,
    issue_url: `${repoApi(ctx, repo)}/issues/${c.issue}`,
    body: c.body,
    user: userJson(ctx, c.author),
    created_at: iso(c.createdAt),
    updated_at: iso(c.updatedAt),
    author_association: association(repo, c.author),
  };
}

function branchJson(ctx: ShapeContext, repo: RepoRecord, ref: string, sha: string): Record<string, unknown> {
  return {
    label: `${repo.owner}:${ref}`,
    ref,
    sha,
    user: userJson(ctx, repo.owner),
    repo: repoJson(ctx, repo),
  };
}

/** A pull request; `mergeable` is the lazily computed REST value (null = not known yet). */
export function pullJson(
  ctx: ShapeContext,
  repo: RepoRecord,
  p: PullRecord,
  detail: { mergeable: boolean | null; mergeableState: string } | null,
): Record<string, unknown> {
  const issue = ctx.world.issue(repo, p.number);
  const base = issueJson(ctx, repo, issue);
  const api = `${repoApi(ctx, repo)}/pulls/${p.number}`;
  const web = `${ctx.url}/${repo.fullName}/pull/${p.number}`;
  const issueApi = `${repoApi(ctx, repo)}/issues/${p.number}`;
  const out: Record<string, unknown> = {
    url: api,
    id: p.id,
    node_id: base.node_id,
    html_url: web,
    diff_url: `${web}.diff`,
    patch_url: `${web}.patch`,
    issue_url: issueApi,
    commits_url: `${api}/commits`,
    review_comments_url: `${api}/comments`,
    review_comment_url: `${repoApi(ctx, repo)}/pulls/comments{/number}`,
    comments_url: `${issueApi}/comments`,
    statuses_url: `${repoApi(ctx, repo)}/statuses/${p.headSha}`,
    number: p.number,
    state: issue.state,
    locked: false,
    title: issue.title,
    user: base.user,
    body: issue.body,
    labels: base.labels,
    milestone: base.milestone,
    active_lock_reason: null,
    created_at: base.created_at,
    updated_at: base.updated_at,
    closed_at: base.closed_at,
    merged_at: iso(p.mergedAt),
    merge_commit_sha: p.mergeCommitSha,
    assignee: base.assignee,
    assignees: base.assignees,
    requested_reviewers: [],
    requested_teams: [],
    head: branchJson(ctx, repo, p.head, p.headSha),
    base: branchJson(ctx, repo, p.base, p.baseSha),
    _links: {
      self: { href: api },
      html: { href: web },
      issue: { href: issueApi },
      comments: { href: `${issueApi}/comments` },
      review_comments: { href: `${api}/comments` },
      review_comment: { href: `${repoApi(ctx, repo)}/pulls/comments{/number}` },
      commits: { href: `${api}/commits` },
      statuses: { href: `${repoApi(ctx, repo)}/statuses/${p.headSha}` },
    },
    author_association: base.author_association,
    auto_merge: null,
    draft: p.draft,
  };
  if (detail) {
    Object.assign(out, {
      merged: p.merged,
      mergeable: detail.mergeable,
      rebaseable: detail.mergeable,
      mergeable_state: detail.mergeableState,
      merged_by: p.mergedBy ? userJson(ctx, p.mergedBy) : null,
      comments: base.comments,
      review_comments: repo.reviewComments.filter((c) => c.pull === p.number).length,
      maintainer_can_modify: false,
      commits: 1,
      additions: 0,
      deletions: 0,
      changed_files: 0,
    });
  }
  return out;
}
