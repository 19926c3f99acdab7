import { type FakeContext, permissionOf } from "./context.js";
import { GitHubGraphqlError, notFoundNode } from "./graphql-errors.js";
import { actor, pullNode, reviewCommentNode, threadNode } from "./graphql-nodes.js";
import { HttpError } from "./http.js";
import { mergePull } from "./rest-pulls.js";
import { type PullRecord, type RepoRecord, type ThreadRecord, nodeId } from "./state.js";

/** The GraphQL mutations the SCM plugin uses, over the same records as REST. */

type Input = { input: Record<string, unknown> };

function pullById(ctx: FakeContext, id: unknown): { repo: RepoRecord; p: PullRecord } {
  for (const repo of ctx.world.repos.values()) {
    for (const p of repo.pulls.values()) {
      if (nodeId("PR", ctx.world.issue(repo, p.number).id) === id) return { repo, p };
    }
  }
  throw notFoundNode(`Could not resolve to a node with the global id of '${String(id)}'`);
}

function threadById(ctx: FakeContext, id: unknown): { repo: RepoRecord; t: ThreadRecord } {
  for (const repo of ctx.world.repos.values()) {
    const t = repo.threads.get(String(id));
    if (t) return { repo, t };
  }
  throw notFoundNode(`Could not resolve to a node with the global id of '${String(id)}'`);
}

function requireWrite(ctx: FakeContext, repo: RepoRecord, login: string | null): string {
  const p = permissionOf(ctx, repo, login);
  if (login === null || (p !== "write" && p !== "admin")) {
    throw new GitHubGraphqlError(
      "FORBIDDEN",
      `${login ?? "anonymous"} does not have permission to update ${repo.fullName}.`,
    );
  }
  return login;
}

export function mutationRoot(ctx: FakeContext, login: string | null) {
  const mutation = (input: Input) => ({ clientMutationId: input.input.clientMutationId ?? null });
  return {
    markPullRequestReadyForReview: (a: Input) => {
      const { repo, p } = pullById(ctx, a.input.pullRequestId);
      const who = requireWrite(ctx, repo, login);
      if (p.draft) {
        p.draft = false;
        ctx.emit(repo, "pull_request", "ready_for_review", { pull: p.number, issue: p.number, sender: who });
      }
      return { ...mutation(a), pullRequest: pullNode(ctx, repo, p) };
    },
    convertPullRequestToDraft: (a: Input) => {
      const { repo, p } = pullById(ctx, a.input.pullRequestId);
      const who = requireWrite(ctx, repo, login);
      if (!p.draft) {
        p.draft = true;
        ctx.emit(repo, "pull_request", "converted_to_draft", {
          pull: p.number,
          issue: p.number,
          sender: who,
        });
      }
      return { ...mutation(a), pullRequest: pullNode(ctx, repo, p) };
    },
    mergePullRequest: async (a: Input) => {
      const { repo, p } = pullById(ctx, a.input.pullRequestId);
      const who = requireWrite(ctx, repo, login);
      const expected = a.input.expectedHeadOid;
      try {
        await mergePull(ctx, repo, p, {
          sha: typeof expected === "string" ? expected : undefined,
          method: String(a.input.mergeMethod ?? "MERGE").toLowerCase(),
          title: typeof a.input.commitHeadline === "string" ? a.input.commitHeadline : undefined,
          actor: who,
        });
      } catch (error) {
        if (error instanceof HttpError) throw new GitHubGraphqlError("UNPROCESSABLE", error.message);
        throw error;
      }
      return { ...mutation(a), pullRequest: pullNode(ctx, repo, p), actor: actor(ctx, who) };
    },
    enqueuePullRequest: (a: Input) => {
      const { repo, p } = pullById(ctx, a.input.pullRequestId);
      const who = requireWrite(ctx, repo, login);
      if (!repo.mergeQueue)
        throw new GitHubGraphqlError("UNPROCESSABLE", "Merge queue is not enabled for this branch.");
      if (p.merged || ctx.world.issue(repo, p.number).state !== "open") {
        throw new GitHubGraphqlError("UNPROCESSABLE", "Pull request is not in a mergeable state.");
      }
      const expected = a.input.expectedHeadOid;
      if (typeof expected === "string" && expected !== p.headSha) {
        throw new GitHubGraphqlError(
          "UNPROCESSABLE",
          "Head branch was modified. Review and try the merge again.",
        );
      }
      p.inMergeQueue = true;
      const queued = [...repo.pulls.values()].filter((x) => x.inMergeQueue);
      return {
        ...mutation(a),
        mergeQueueEntry: {
          id: nodeId("MQE", p.id),
          position: queued.indexOf(p),
          state: "QUEUED",
          enqueuedAt: new Date(ctx.world.now()).toISOString(),
          enqueuer: actor(ctx, who),
          jump: a.input.jump === true,
          solo: false,
          pullRequest: pullNode(ctx, repo, p),
        },
      };
    },
    dequeuePullRequest: (a: Input & { input: { id?: unknown } }) => {
      for (const repo of ctx.world.repos.values()) {
        for (const p of repo.pulls.values()) {
          if (nodeId("MQE", p.id) !== a.input.id) continue;
          requireWrite(ctx, repo, login);
          p.inMergeQueue = false;
          return {
            ...mutation(a),
            mergeQueueEntry: {
              id: a.input.id,
              position: 0,
              state: "UNMERGEABLE",
              pullRequest: pullNode(ctx, repo, p),
            },
          };
        }
      }
      throw notFoundNode(`Could not resolve to a node with the global id of '${String(a.input.id)}'`);
    },
    resolveReviewThread: (a: Input) => setResolved(ctx, login, a, true),
    unresolveReviewThread: (a: Input) => setResolved(ctx, login, a, false),
    addPullRequestReviewThreadReply: (a: Input) => {
      const { repo, t } = threadById(ctx, a.input.pullRequestReviewThreadId);
      if (login === null) throw new GitHubGraphqlError("FORBIDDEN", "You must be logged in to reply.");
      const now = ctx.world.now();
      const first = repo.reviewComments.find((c) => c.id === t.comments[0]);
      const id = ctx.world.newId();
      const c = {
        id,
        pull: t.pull,
        threadId: t.id,
        author: login,
        body: String(a.input.body ?? ""),
        path: t.path,
        line: t.line,
        inReplyTo: first?.id ?? null,
        commitId: ctx.world.pull(repo, t.pull).headSha,
        createdAt: now,
        updatedAt: now,
      };
      repo.reviewComments.push(c);
      t.comments.push(id);
      ctx.emit(repo, "pull_request_review_comment", "created", {
        pull: t.pull,
        reviewComment: id,
        sender: login,
      });
      return { ...mutation(a), comment: reviewCommentNode(ctx, repo, c) };
    },
  };
}

function setResolved(ctx: FakeContext, login: string | null, a: Input, resolved: boolean) {
  const { repo, t } = threadById(ctx, a.input.threadId);
  const who = requireWrite(ctx, repo, login);
  if (t.resolved !== resolved) {
    t.resolved = resolved;
    ctx.emit(repo, "pull_request_review_thread", resolved ? "resolved" : "unresolved", {
      pull: t.pull,
      thread: t.id,
      sender: who,
    });
  }
  return { clientMutationId: a.input.clientMutationId ?? null, thread: threadNode(ctx, repo, t) };
}
