import { type FakeContext, numberParam, repoFor } from "./context.js";
import {
  HttpError,
  type Router,
  bodyObject,
  notFound,
  paginate,
  stringField,
  unprocessable,
} from "./http.js";
import { reviewCommentJson, reviewJson } from "./shapes-checks.js";
import { nodeId } from "./state.js";

/** REST: pull request reviews and review comments. */

const EVENT_STATE = {
  APPROVE: "APPROVED",
  REQUEST_CHANGES: "CHANGES_REQUESTED",
  COMMENT: "COMMENTED",
} as const;

export function reviewRoutes(ctx: FakeContext, router: Router): void {
  const base = "/repos/:owner/:repo/pulls";
  const pullOf = async (login: string | null, params: Record<string, string>) => {
    const repo = await repoFor(ctx, login, params);
    const p = repo.pulls.get(numberParam(params, "number"));
    if (!p) throw notFound();
    return { repo, p };
  };

  router.on("GET", `${base}/:number/reviews`, async (req, params) => {
    const { repo, p } = await pullOf(req.login, params);
    const items = repo.reviews.filter((r) => r.pull === p.number);
    const { page, headers } = paginate(req, ctx.url, items);
    return { status: 200, body: page.map((r) => reviewJson(ctx, repo, r)), headers };
  });

  router.on("POST", `${base}/:number/reviews`, async (req, params) => {
    if (!req.login) throw new HttpError(401, "Requires authentication");
    const { repo, p } = await pullOf(req.login, params);
    const body = bodyObject(req);
    const event = stringField(body, "event", false);
    if (event !== undefined && !(event in EVENT_STATE)) throw unprocessable("Validation Failed", "event");
    const author = ctx.world.issue(repo, p.number).author;
    if (event && event !== "COMMENT" && author === req.login) {
      throw unprocessable(
        `Unprocessable Entity: Can not ${event === "APPROVE" ? "approve" : "request changes on"} your own pull request`,
      );
    }
    const state = event ? EVENT_STATE[event as keyof typeof EVENT_STATE] : "PENDING";
    const r = {
      id: ctx.world.newId(),
      pull: p.number,
      author: req.login,
      state,
      body: stringField(body, "body", false) ?? "",
      commitId: stringField(body, "commit_id", false) ?? p.headSha,
      submittedAt: ctx.world.now(),
    } as const;
    repo.reviews.push({ ...r });
    if (state !== "PENDING")
      ctx.emit(repo, "pull_request_review", "submitted", { pull: p.number, review: r.id, sender: req.login });
    return { status: 200, body: reviewJson(ctx, repo, r) };
  });

  router.on("GET", `${base}/:number/comments`, async (req, params) => {
    const { repo, p } = await pullOf(req.login, params);
    const items = repo.reviewComments.filter((c) => c.pull === p.number);
    const { page, headers } = paginate(req, ctx.url, items);
    return { status: 200, body: page.map((c) => reviewCommentJson(ctx, repo, c)), headers };
  });

  router.on("GET", `${base}/comments`, async (req, params) => {
    const repo = await repoFor(ctx, req.login, params);
    const { page, headers } = paginate(req, ctx.url, repo.reviewComments);
    return { status: 200, body: page.map((c) => reviewCommentJson(ctx, repo, c)), headers };
  });

  const addComment = async (
    login: string | null,
    params: Record<string, string>,
    body: Record<string, unknown>,
    replyTo: number | undefined,
  ) => {
    if (!login) throw new HttpError(401, "Requires authentication");
    const { repo, p } = await pullOf(login, params);
    const parent =
      replyTo === undefined
        ? undefined
        : repo.reviewComments.find((c) => c.id === replyTo && c.pull === p.number);
    if (replyTo !== undefined && !parent) throw notFound();
    const text = stringField(body, "body", true) ?? "";
    const path = parent?.path ?? stringField(body, "path", true) ?? "";
    const line = parent ? parent.line : typeof body.line === "number" ? body.line : null;
    const now = ctx.world.now();
    const id = ctx.world.newId();
    const threadId = parent?.threadId ?? nodeId("PRRT", ctx.world.newId());
    const c = {
      id,
      pull: p.number,
      threadId,
      author: login,
      body: text,
      path,
      line,
      inReplyTo: parent?.id ?? null,
      commitId: p.headSha,
      createdAt: now,
      updatedAt: now,
    };
    repo.reviewComments.push(c);
    const thread = repo.threads.get(threadId) ?? {
      id: threadId,
      pull: p.number,
      path,
      line,
      resolved: false,
      outdated: false,
      comments: [],
    };
    thread.comments.push(id);
    repo.threads.set(threadId, thread);
    ctx.emit(repo, "pull_request_review_comment", "created", {
      pull: p.number,
      reviewComment: id,
      sender: login,
    });
    return { status: 201, body: reviewCommentJson(ctx, repo, c) };
  };

  router.on("POST", `${base}/:number/comments`, async (req, params) => {
    const body = bodyObject(req);
    const replyTo = typeof body.in_reply_to === "number" ? body.in_reply_to : undefined;
    return addComment(req.login, params, body, replyTo);
  });
  router.on("POST", `${base}/:number/comments/:id/replies`, async (req, params) =>
    addComment(req.login, params, bodyObject(req), numberParam(params, "id")),
  );
}
