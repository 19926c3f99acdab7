import { execFileSync } from "node:child_process";
import type { EventSubject, FakeContext } from "./context.js";
import { FAKE_GIT_ENV } from "./git-ops.js";
import { checkRunJson, reviewCommentJson, reviewJson } from "./shapes-checks.js";
import { commentJson, issueJson, labelJson, pullJson, repoJson, userJson } from "./shapes-core.js";
import { type RepoRecord, iso } from "./state.js";

/** Webhook payload builders shaped like GitHub's (see @octokit/webhooks-examples), from the current state. */

type Payload = Record<string, unknown>;

export function payloadBuilders(ctx: FakeContext) {
  const w = ctx.world;
  const common = (repo: RepoRecord, sender?: string | null): Payload => ({
    repository: repoJson(ctx, repo),
    sender: userJson(ctx, sender ?? repo.owner),
  });
  const pull = (repo: RepoRecord, n: number) =>
    pullJson(ctx, repo, w.pull(repo, n), { mergeable: null, mergeableState: "unknown" });

  return {
    pullRequest(repoName: string, n: number, action: string, extra: Payload = {}): Payload {
      const repo = w.repo(repoName);
      return {
        action,
        number: n,
        pull_request: pull(repo, n),
        ...common(repo, extra.sender as string | undefined),
        ...omitSender(extra),
      };
    },
    issues(repoName: string, n: number, action: string, extra: Payload = {}): Payload {
      const repo = w.repo(repoName);
      return {
        action,
        issue: issueJson(ctx, repo, w.issue(repo, n)),
        ...common(repo, extra.sender as string | undefined),
        ...omitSender(extra),
      };
    },
    issueComment(repoName: string, commentId: number, action: string): Payload {
      const repo = w.repo(repoName);
      const c = repo.comments.find((x) => x.id === commentId);
      if (!c) throw new Error(`fake GitHub: no issue comment ${commentId} in ${repoName}`);
      return {
        action,
        issue: issueJson(ctx, repo, w.issue(repo, c.issue)),
        comment: commentJson(ctx, repo, c),
        ...common(repo, c.author),
      };
    },
    checkRun(repoName: string, id: number, action: string): Payload {
      const repo = w.repo(repoName);
      const r = repo.checkRuns.find((x) => x.id === id);
      if (!r) throw new Error(`fake GitHub: no check run ${id} in ${repoName}`);
      return { action, check_run: checkRunJson(ctx, repo, r), ...common(repo, `${r.app}[bot]`) };
    },
    status(repoName: string, id: number): Payload {
      const repo = w.repo(repoName);
      const s = repo.statuses.find((x) => x.id === id);
      if (!s) throw new Error(`fake GitHub: no status ${id} in ${repoName}`);
      const branches = [...repo.refs.entries()]
        .filter(([, sha]) => sha === s.sha)
        .map(([name, sha]) => ({
          name,
          commit: { sha, url: `${ctx.url}/repos/${repo.fullName}/commits/${sha}` },
          protected: false,
        }));
      return {
        id: s.id,
        sha: s.sha,
        name: repo.fullName,
        target_url: s.targetUrl,
        context: s.context,
        description: s.description,
        state: s.state,
        commit: {
          sha: s.sha,
          url: `${ctx.url}/repos/${repo.fullName}/commits/${s.sha}`,
          html_url: `${ctx.url}/${repo.fullName}/commit/${s.sha}`,
        },
        branches,
        created_at: iso(s.createdAt),
        updated_at: iso(s.updatedAt),
        ...common(repo),
      };
    },
    push(
      repoName: string,
      push: { ref: string; before: string; after: string },
      sender?: string | null,
    ): Payload {
      const repo = w.repo(repoName);
      const deleted = /^0+$/.test(push.after);
      const head = deleted ? null : commitOf(ctx, repo, push.after);
      return {
        ref: push.ref,
        before: push.before,
        after: push.after,
        created: /^0+$/.test(push.before),
        deleted,
        forced: false,
        base_ref: null,
        compare: `${ctx.url}/${repo.fullName}/compare/${push.before.slice(0, 12)}...${push.after.slice(0, 12)}`,
        commits: head ? [head] : [],
        head_commit: head,
        pusher: { name: sender ?? repo.owner, email: null },
        ...common(repo, sender),
      };
    },
    pullRequestReview(repoName: string, reviewId: number, action: string): Payload {
      const repo = w.repo(repoName);
      const r = repo.reviews.find((x) => x.id === reviewId);
      if (!r) throw new Error(`fake GitHub: no review ${reviewId} in ${repoName}`);
      // Webhooks spell review states in lower case; REST and GraphQL in upper case.
      const review = { ...reviewJson(ctx, repo, r), state: r.state.toLowerCase() };
      return { action, review, pull_request: pull(repo, r.pull), ...common(repo, r.author) };
    },
    pullRequestReviewComment(repoName: string, commentId: number, action: string): Payload {
      const repo = w.repo(repoName);
      const c = repo.reviewComments.find((x) => x.id === commentId);
      if (!c) throw new Error(`fake GitHub: no review comment ${commentId} in ${repoName}`);
      return {
        action,
        comment: reviewCommentJson(ctx, repo, c),
        pull_request: pull(repo, c.pull),
        ...common(repo, c.author),
      };
    },
    pullRequestReviewThread(
      repoName: string,
      threadId: string,
      action: string,
      sender?: string | null,
    ): Payload {
      const repo = w.repo(repoName);
      const t = repo.threads.get(threadId);
      if (!t) throw new Error(`fake GitHub: no review thread ${threadId} in ${repoName}`);
      const comments = repo.reviewComments
        .filter((c) => t.comments.includes(c.id))
        .map((c) => reviewCommentJson(ctx, repo, c));
      return {
        action,
        pull_request: pull(repo, t.pull),
        thread: { node_id: t.id, comments },
        ...common(repo, sender),
      };
    },
  };
}

export type PayloadBuilders = ReturnType<typeof payloadBuilders>;

function omitSender(extra: Payload): Payload {
  const { sender: _sender, ...rest } = extra;
  return rest;
}

function commitOf(ctx: FakeContext, repo: RepoRecord, sha: string): Payload | null {
  try {
    const out = execFileSync(
      "git",
      ["--git-dir", repo.bareDir, "show", "-s", "--format=%T%n%an%n%ae%n%cI%n%B", sha],
      {
        encoding: "utf8",
        env: { ...process.env, ...FAKE_GIT_ENV },
      },
    );
    const [tree, name, email, date, ...message] = out.split("\n");
    const person = { name, email, username: name };
    return {
      id: sha,
      tree_id: tree,
      distinct: true,
      message: message.join("\n").trim(),
      timestamp: date,
      url: `${ctx.url}/${repo.fullName}/commit/${sha}`,
      author: person,
      committer: person,
      added: [],
      removed: [],
      modified: [],
    };
  } catch {
    return null;
  }
}

/** The payload GitHub would send for a state change the fake emitted. */
export function payloadFor(
  ctx: FakeContext,
  b: PayloadBuilders,
  repo: RepoRecord,
  event: string,
  action: string | null,
  s: EventSubject,
): Payload | null {
  const a = action ?? "";
  const extra: Payload = { sender: s.sender ?? undefined };
  if (s.label) extra.label = labelJson(ctx, repo, ctx.world.label(repo, s.label));
  if (s.assignee) extra.assignee = userJson(ctx, s.assignee);
  switch (event) {
    case "pull_request":
      // A synchronize names the head it moved from and to.
      if (s.push) Object.assign(extra, { before: s.push.before, after: s.push.after });
      return s.pull === undefined ? null : b.pullRequest(repo.fullName, s.pull, a, extra);
    case "issues":
      return s.issue === undefined ? null : b.issues(repo.fullName, s.issue, a, extra);
    case "issue_comment":
      return s.comment === undefined ? null : b.issueComment(repo.fullName, s.comment, a);
    case "check_run":
      return s.checkRun === undefined ? null : b.checkRun(repo.fullName, s.checkRun, a);
    case "status":
      return s.status === undefined ? null : b.status(repo.fullName, s.status);
    case "push":
      return s.push ? b.push(repo.fullName, s.push, s.sender) : null;
    case "pull_request_review":
      return s.review === undefined ? null : b.pullRequestReview(repo.fullName, s.review, a);
    case "pull_request_review_comment":
      return s.reviewComment === undefined
        ? null
        : b.pullRequestReviewComment(repo.fullName, s.reviewComment, a);
    case "pull_request_review_thread":
      return s.thread === undefined ? null : b.pullRequestReviewThread(repo.fullName, s.thread, a, s.sender);
    default:
      return null;
  }
}
