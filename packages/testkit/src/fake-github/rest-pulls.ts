import { type FakeContext, numberParam, repoFor } from "./context.js";
import { mergeBranch } from "./git-ops.js";
import { HttpError, type Router, bodyObject, notFound, paginate, stringField } from "./http.js";
import { mergeStateStatus, mergeableOf } from "./pull-status.js";
import { createIssueRecord, setIssueState } from "./rest-issues.js";
import { pullJson } from "./shapes-core.js";
import type { PullRecord, RepoRecord } from "./state.js";

/** REST: pull requests (create, get, list, update, merge). */

function validation(message: string, field: string, code = "invalid"): HttpError {
  return new HttpError(422, "Validation Failed", {
    errors: [{ resource: "PullRequest", field, code, message }],
  });
}

/** Open a PR on `head` (must exist in the bare repo); shared by REST and the test-facing control. */
export function openPull(
  ctx: FakeContext,
  repo: RepoRecord,
  p: {
    head: string;
    base?: string;
    title: string;
    body?: string | null;
    draft?: boolean;
    author: string;
    fromFork?: boolean;
  },
): PullRecord {
  const head = p.head.includes(":") ? (p.head.split(":")[1] ?? "") : p.head;
  const base = p.base ?? repo.defaultBranch;
  const headSha = repo.refs.get(head);
  const baseSha = repo.refs.get(base);
  if (!headSha) throw validation(`head ${head} does not exist`, "head");
  if (!baseSha) throw validation(`base ${base} does not exist`, "base");
  if (headSha === baseSha) throw validation(`No commits between ${base} and ${head}`, "head", "custom");
  for (const other of repo.pulls.values()) {
    if (other.head === head && other.base === base && repo.issues.get(other.number)?.state === "open") {
      throw validation(`A pull request already exists for ${repo.owner}:${head}.`, "head", "custom");
    }
  }
  const issue = createIssueRecord(ctx, repo, {
    title: p.title,
    body: p.body ?? null,
    author: p.author,
    isPull: true,
  });
  const pull: PullRecord = {
    number: issue.number,
    id: ctx.world.newId(),
    head,
    base,
    headSha,
    baseSha,
    draft: p.draft ?? false,
    fromFork: p.fromFork ?? false,
    merged: false,
    mergedAt: null,
    mergedBy: null,
    mergeCommitSha: null,
    mergeableOverride: null,
    mergeablePending: true,
    inMergeQueue: false,
  };
  repo.pulls.set(pull.number, pull);
  ctx.emit(repo, "pull_request", "opened", { pull: pull.number, issue: pull.number, sender: p.author });
  return pull;
}

/** Merge a PR for real in the bare repo; the errors are the ones GitHub's merge endpoint gives. */
export async function mergePull(
  ctx: FakeContext,
  repo: RepoRecord,
  p: PullRecord,
  opts: { sha?: string; method?: string; title?: string; actor: string },
): Promise<string> {
  const issue = ctx.world.issue(repo, p.number);
  if (p.merged || issue.state === "closed") throw new HttpError(405, "Pull Request is not mergeable");
  if (opts.sha !== undefined && opts.sha !== p.headSha) {
    throw new HttpError(409, "Head branch was modified. Review and try the merge again.");
  }
  const mergeable = await mergeableOf(ctx, repo, p, false);
  const state = mergeStateStatus(repo, p, mergeable);
  if (mergeable !== "MERGEABLE" || state === "BLOCKED" || state === "DRAFT" || state === "DIRTY") {
    throw new HttpError(405, p.draft ? "Pull Request is still a draft" : "Pull Request is not mergeable");
  }
  const method = opts.method === "squash" || opts.method === "rebase" ? opts.method : "merge";
  const message =
    opts.title ??
    (method === "merge"
      ? `Merge pull request #${p.number} from ${repo.owner}/${p.head}`
      : `${issue.title} (#${p.number})`);
  const sha = await mergeBranch(repo.bareDir, p.base, p.headSha, { method, message });
  markMerged(ctx, repo, p, opts.actor, sha);
  await ctx.syncRefs(repo);
  return sha;
}

export function markMerged(
  ctx: FakeContext,
  repo: RepoRecord,
  p: PullRecord,
  actor: string,
  sha: string | null,
): void {
  const now = ctx.world.now();
  p.merged = true;
  p.mergedAt = now;
  p.mergedBy = actor;
  p.mergeCommitSha = sha;
  p.inMergeQueue = false;
  const issue = ctx.world.issue(repo, p.number);
  issue.state = "closed";
  issue.closedAt = now;
  issue.closedBy = actor;
  issue.updatedAt = now;
  ctx.emit(repo, "pull_request", "closed", { pull: p.number, issue: p.number, sender: actor });
}

export async function pullDetail(
  ctx: FakeContext,
  repo: RepoRecord,
  p: PullRecord,
): Promise<Record<string, unknown>> {
  const m = await mergeableOf(ctx, repo, p, true);
  const mergeable = m === "UNKNOWN" ? null : m === "MERGEABLE";
  const mergeableState = p.merged ? "unknown" : mergeStateStatus(repo, p, m).toLowerCase();
  return pullJson(ctx, repo, p, { mergeable, mergeableState });
}

export function pullRoutes(ctx: FakeContext, router: Router): void {
  const base = "/repos/:owner/:repo/pulls";
  const pullOf = async (
    login: string | null,
    params: Record<string, string>,
    need: "read" | "write" = "read",
  ) => {
    const repo = await repoFor(ctx, login, params, need);
    const p = repo.pulls.get(numberParam(params, "number"));
    if (!p) throw notFound();
    return { repo, p };
  };

  router.on("GET", base, async (req, params) => {
    const repo = await repoFor(ctx, req.login, params);
    const state = req.query.get("state") ?? "open";
    const head = req.query.get("head");
    const baseRef = req.query.get("base");
    let items = [...repo.pulls.values()].filter((p) => {
      const issue = ctx.world.issue(repo, p.number);
      if (state !== "all" && issue.state !== state) return false;
      if (head && `${repo.owner}:${p.head}` !== head && !(!head.includes(":") && p.head === head))
        return false;
      return !baseRef || p.base === baseRef;
    });
    const key = req.query.get("sort") === "updated" ? "updatedAt" : "createdAt";
    // GitHub's default: newest first when sorting by creation, oldest first otherwise.
    const direction = req.query.get("direction") ?? (key === "createdAt" ? "desc" : "asc");
    const dir = direction === "asc" ? 1 : -1;
    items = items.sort(
      (a, b) =>
        dir *
        (ctx.world.issue(repo, a.number)[key] - ctx.world.issue(repo, b.number)[key] || a.number - b.number),
    );
    const { page, headers } = paginate(req, ctx.url, items);
    return { status: 200, body: page.map((p) => pullJson(ctx, repo, p, null)), headers };
  });

  router.on("POST", base, async (req, params) => {
    if (!req.login) throw new HttpError(401, "Requires authentication");
    const repo = await repoFor(ctx, req.login, params, "write");
    const body = bodyObject(req);
    const p = openPull(ctx, repo, {
      head: stringField(body, "head", true) ?? "",
      base: stringField(body, "base", true),
      title: stringField(body, "title", true) ?? "",
      body: stringField(body, "body", false),
      draft: body.draft === true,
      author: req.login,
    });
    return { status: 201, body: await pullDetail(ctx, repo, p) };
  });

  router.on("GET", `${base}/:number`, async (req, params) => {
    const { repo, p } = await pullOf(req.login, params);
    return { status: 200, body: await pullDetail(ctx, repo, p) };
  });

  router.on("PATCH", `${base}/:number`, async (req, params) => {
    const { repo, p } = await pullOf(req.login, params, "write");
    const body = bodyObject(req);
    const issue = ctx.world.issue(repo, p.number);
    const title = stringField(body, "title", false);
    if (title !== undefined) issue.title = title;
    if ("body" in body) issue.body = stringField(body, "body", false) ?? null;
    const baseRef = stringField(body, "base", false);
    if (baseRef !== undefined) {
      if (!repo.refs.has(baseRef)) throw validation(`base ${baseRef} does not exist`, "base");
      p.base = baseRef;
      p.mergeablePending = true;
    }
    // GitHub's REST update ignores `draft`: draft <-> ready goes through GraphQL only, and so does the fake.
    const state = stringField(body, "state", false);
    if ((state === "open" || state === "closed") && state !== issue.state && !p.merged) {
      setIssueState(ctx, repo, issue, state, req.login);
    }
    issue.updatedAt = ctx.world.now();
    return { status: 200, body: await pullDetail(ctx, repo, p) };
  });

  router.on("GET", `${base}/:number/merge`, async (req, params) => {
    const { p } = await pullOf(req.login, params);
    return p.merged ? { status: 204 } : { status: 404, body: new HttpError(404, "Not Found").toBody() };
  });

  router.on("PUT", `${base}/:number/merge`, async (req, params) => {
    const { repo, p } = await pullOf(req.login, params, "write");
    const body = bodyObject(req);
    const sha = await mergePull(ctx, repo, p, {
      sha: stringField(body, "sha", false),
      method: stringField(body, "merge_method", false),
      title: stringField(body, "commit_title", false),
      actor: req.login ?? repo.owner,
    });
    return { status: 200, body: { sha, merged: true, message: "Pull Request successfully merged" } };
  });
}
