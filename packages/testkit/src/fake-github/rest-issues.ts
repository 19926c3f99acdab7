import { type FakeContext, numberParam, repoFor } from "./context.js";
import {
  type ApiRequest,
  HttpError,
  type Router,
  bodyObject,
  notFound,
  paginate,
  stringField,
  stringList,
  unprocessable,
} from "./http.js";
import { commentJson, issueJson, labelJson } from "./shapes-core.js";
import type { IssueRecord, RepoRecord } from "./state.js";

/** REST: issues, issue comments, labels, assignees (GitHub lists pull requests among issues). */

function matchesFilters(repo: RepoRecord, i: IssueRecord, q: URLSearchParams): boolean {
  const state = q.get("state") ?? "open";
  if (state !== "all" && i.state !== state) return false;
  const labels = q.get("labels");
  if (labels) {
    const have = new Set(i.labels.map((l) => l.toLowerCase()));
    if (!labels.split(",").every((l) => have.has(l.trim().toLowerCase()))) return false;
  }
  const assignee = q.get("assignee");
  if (assignee === "none" && i.assignees.length > 0) return false;
  if (assignee === "*" && i.assignees.length === 0) return false;
  if (assignee && assignee !== "none" && assignee !== "*" && !i.assignees.includes(assignee)) return false;
  const creator = q.get("creator");
  if (creator && i.author !== creator) return false;
  const milestone = q.get("milestone");
  if (milestone === "none" && i.milestone !== null) return false;
  if (milestone === "*" && i.milestone === null) return false;
  if (milestone && milestone !== "none" && milestone !== "*" && String(i.milestone) !== milestone)
    return false;
  const since = q.get("since");
  if (since && i.updatedAt < Date.parse(since)) return false;
  return repo.issues.has(i.number);
}

function sortIssues(items: IssueRecord[], q: URLSearchParams): IssueRecord[] {
  const key = q.get("sort") === "updated" ? "updatedAt" : "createdAt";
  const dir = q.get("direction") === "asc" ? 1 : -1;
  return items.sort((a, b) => dir * (a[key] - b[key] || a.number - b.number));
}

/** Apply a PATCH-style change to an issue, firing the webhook events GitHub would. */
export function applyIssueChange(
  ctx: FakeContext,
  repo: RepoRecord,
  i: IssueRecord,
  body: Record<string, unknown>,
  actor: string | null,
): void {
  const now = ctx.world.now();
  const title = stringField(body, "title", false);
  if (title !== undefined) i.title = title;
  if ("body" in body) i.body = stringField(body, "body", false) ?? null;
  const labels = stringList(body, "labels");
  if (labels) setLabels(ctx, repo, i, labels, actor);
  const assignees = stringList(body, "assignees");
  if (assignees) i.assignees = [...new Set(assignees)];
  if ("milestone" in body) {
    const m = body.milestone;
    if (m === null) i.milestone = null;
    else if (typeof m === "number" && repo.milestones.has(m)) i.milestone = m;
    else throw unprocessable("Validation Failed", "milestone");
  }
  const state = stringField(body, "state", false);
  if (state !== undefined && state !== "open" && state !== "closed")
    throw unprocessable("Validation Failed", "state");
  if (state && state !== i.state) {
    setIssueState(ctx, repo, i, state, actor, stringField(body, "state_reason", false));
  }
  i.updatedAt = now;
}

export function setLabels(
  ctx: FakeContext,
  repo: RepoRecord,
  i: IssueRecord,
  labels: string[],
  actor: string | null,
): void {
  const added = labels.filter((l) => !i.labels.some((x) => x.toLowerCase() === l.toLowerCase()));
  i.labels = [...new Set(labels.map((l) => ctx.world.label(repo, l).name))];
  i.updatedAt = ctx.world.now();
  const event = i.isPull ? "pull_request" : "issues";
  for (const label of added)
    ctx.emit(repo, event, "labeled", {
      issue: i.number,
      pull: i.isPull ? i.number : undefined,
      label,
      sender: actor,
    });
}

export function setIssueState(
  ctx: FakeContext,
  repo: RepoRecord,
  i: IssueRecord,
  state: "open" | "closed",
  actor: string | null,
  reason?: string,
): void {
  const now = ctx.world.now();
  i.state = state;
  i.updatedAt = now;
  if (state === "closed") {
    i.closedAt = now;
    i.closedBy = actor ?? repo.owner;
    i.stateReason = reason === "not_planned" ? "not_planned" : "completed";
  } else {
    i.closedAt = null;
    i.closedBy = null;
    i.stateReason = "reopened";
  }
  const event = i.isPull ? "pull_request" : "issues";
  ctx.emit(repo, event, state === "closed" ? "closed" : "reopened", {
    issue: i.number,
    pull: i.isPull ? i.number : undefined,
    sender: actor,
  });
}

export function createIssueRecord(
  ctx: FakeContext,
  repo: RepoRecord,
  input: {
    title: string;
    body?: string | null;
    labels?: string[];
    assignees?: string[];
    milestone?: number | null;
    author: string;
    isPull?: boolean;
  },
): IssueRecord {
  const now = ctx.world.now();
  const i: IssueRecord = {
    number: repo.nextNumber++,
    id: ctx.world.newId(),
    title: input.title,
    body: input.body ?? null,
    author: input.author,
    state: "open",
    stateReason: null,
    labels: (input.labels ?? []).map((l) => ctx.world.label(repo, l).name),
    assignees: input.assignees ?? [],
    milestone: input.milestone ?? null,
    createdAt: now,
    updatedAt: now,
    closedAt: null,
    closedBy: null,
    isPull: input.isPull ?? false,
  };
  repo.issues.set(i.number, i);
  return i;
}

function requireLogin(req: ApiRequest): string {
  if (!req.login) throw new HttpError(401, "Requires authentication");
  return req.login;
}

export function issueRoutes(ctx: FakeContext, router: Router): void {
  const base = "/repos/:owner/:repo";

  router.on("GET", `${base}/issues`, async (req, params) => {
    const repo = await repoFor(ctx, req.login, params);
    const items = sortIssues(
      [...repo.issues.values()].filter((i) => matchesFilters(repo, i, req.query)),
      req.query,
    );
    const { page, headers } = paginate(req, ctx.url, items);
    return { status: 200, body: page.map((i) => issueJson(ctx, repo, i)), headers };
  });

  router.on("POST", `${base}/issues`, async (req, params) => {
    const login = requireLogin(req);
    const repo = await repoFor(ctx, req.login, params, "read");
    const body = bodyObject(req);
    const title = stringField(body, "title", true) ?? "";
    const milestone = typeof body.milestone === "number" ? body.milestone : null;
    const i = createIssueRecord(ctx, repo, {
      title,
      body: stringField(body, "body", false),
      labels: stringList(body, "labels"),
      assignees: stringList(body, "assignees"),
      milestone,
      author: login,
    });
    ctx.emit(repo, "issues", "opened", { issue: i.number, sender: login });
    for (const label of i.labels)
      ctx.emit(repo, "issues", "labeled", { issue: i.number, label, sender: login });
    return { status: 201, body: issueJson(ctx, repo, i) };
  });

  router.on("GET", `${base}/issues/:number`, async (req, params) => {
    const repo = await repoFor(ctx, req.login, params);
    const i = repo.issues.get(numberParam(params, "number"));
    if (!i) throw notFound();
    return { status: 200, body: issueJson(ctx, repo, i) };
  });

  router.on("PATCH", `${base}/issues/:number`, async (req, params) => {
    const repo = await repoFor(ctx, req.login, params, "write");
    const i = repo.issues.get(numberParam(params, "number"));
    if (!i) throw notFound();
    applyIssueChange(ctx, repo, i, bodyObject(req), req.login);
    return { status: 200, body: issueJson(ctx, repo, i) };
  });

  router.on("GET", `${base}/issues/:number/comments`, async (req, params) => {
    const repo = await repoFor(ctx, req.login, params);
    const n = numberParam(params, "number");
    if (!repo.issues.has(n)) throw notFound();
    const items = repo.comments.filter((c) => c.issue === n);
    const { page, headers } = paginate(req, ctx.url, items);
    return { status: 200, body: page.map((c) => commentJson(ctx, repo, c)), headers };
  });

  router.on("POST", `${base}/issues/:number/comments`, async (req, params) => {
    const login = requireLogin(req);
    const repo = await repoFor(ctx, req.login, params, "read");
    const i = repo.issues.get(numberParam(params, "number"));
    if (!i) throw notFound();
    const body = stringField(bodyObject(req), "body", true) ?? "";
    const now = ctx.world.now();
    const c = { id: ctx.world.newId(), issue: i.number, author: login, body, createdAt: now, updatedAt: now };
    repo.comments.push(c);
    i.updatedAt = now;
    ctx.emit(repo, "issue_comment", "created", { issue: i.number, comment: c.id, sender: login });
    return { status: 201, body: commentJson(ctx, repo, c) };
  });

  router.on("PATCH", `${base}/issues/comments/:id`, async (req, params) => {
    const repo = await repoFor(ctx, req.login, params, "read");
    const c = repo.comments.find((x) => x.id === numberParam(params, "id"));
    if (!c) throw notFound();
    // Others' comments need write access, as on GitHub.
    if (c.author !== req.login) await repoFor(ctx, req.login, params, "write");
    c.body = stringField(bodyObject(req), "body", true) ?? "";
    c.updatedAt = ctx.world.now();
    ctx.emit(repo, "issue_comment", "edited", { issue: c.issue, comment: c.id, sender: req.login });
    return { status: 200, body: commentJson(ctx, repo, c) };
  });

  router.on("GET", `${base}/labels`, async (req, params) => {
    const repo = await repoFor(ctx, req.login, params);
    const { page, headers } = paginate(req, ctx.url, [...repo.labels.values()]);
    return { status: 200, body: page.map((l) => labelJson(ctx, repo, l)), headers };
  });

  router.on("POST", `${base}/labels`, async (req, params) => {
    const repo = await repoFor(ctx, req.login, params, "write");
    const body = bodyObject(req);
    const name = stringField(body, "name", true) ?? "";
    if (repo.labels.has(name.toLowerCase()))
      throw unprocessable("Validation Failed", "name", "already_exists");
    const l = ctx.world.label(repo, name);
    l.color = stringField(body, "color", false) ?? l.color;
    l.description = stringField(body, "description", false) ?? null;
    return { status: 201, body: labelJson(ctx, repo, l) };
  });

  const labelsOf = async (req: ApiRequest, params: Record<string, string>, need: "read" | "write") => {
    const repo = await repoFor(ctx, req.login, params, need);
    const i = repo.issues.get(numberParam(params, "number"));
    if (!i) throw notFound();
    return { repo, i };
  };
  const labelList = (repo: RepoRecord, i: IssueRecord) => ({
    status: 200,
    body: i.labels.map((n) => labelJson(ctx, repo, ctx.world.label(repo, n))),
  });
  const requestedLabels = (req: ApiRequest): string[] =>
    Array.isArray(req.body) ? (req.body as string[]) : (stringList(bodyObject(req), "labels") ?? []);

  router.on("GET", `${base}/issues/:number/labels`, async (req, params) => {
    const { repo, i } = await labelsOf(req, params, "read");
    return labelList(repo, i);
  });
  router.on("POST", `${base}/issues/:number/labels`, async (req, params) => {
    const { repo, i } = await labelsOf(req, params, "write");
    setLabels(ctx, repo, i, [...i.labels, ...requestedLabels(req)], req.login);
    return labelList(repo, i);
  });
  router.on("PUT", `${base}/issues/:number/labels`, async (req, params) => {
    const { repo, i } = await labelsOf(req, params, "write");
    setLabels(ctx, repo, i, requestedLabels(req), req.login);
    return labelList(repo, i);
  });
  router.on("DELETE", `${base}/issues/:number/labels/:name`, async (req, params) => {
    const { repo, i } = await labelsOf(req, params, "write");
    const name = (params.name ?? "").toLowerCase();
    if (!i.labels.some((l) => l.toLowerCase() === name)) throw new HttpError(404, "Label does not exist");
    i.labels = i.labels.filter((l) => l.toLowerCase() !== name);
    i.updatedAt = ctx.world.now();
    ctx.emit(repo, i.isPull ? "pull_request" : "issues", "unlabeled", {
      issue: i.number,
      pull: i.isPull ? i.number : undefined,
      label: params.name,
      sender: req.login,
    });
    return labelList(repo, i);
  });

  router.on("POST", `${base}/issues/:number/assignees`, async (req, params) => {
    const { repo, i } = await labelsOf(req, params, "write");
    const add = stringList(bodyObject(req), "assignees") ?? [];
    i.assignees = [...new Set([...i.assignees, ...add])];
    i.updatedAt = ctx.world.now();
    for (const a of add)
      ctx.emit(repo, "issues", "assigned", { issue: i.number, assignee: a, sender: req.login });
    return { status: 201, body: issueJson(ctx, repo, i) };
  });
  router.on("DELETE", `${base}/issues/:number/assignees`, async (req, params) => {
    const { repo, i } = await labelsOf(req, params, "write");
    const drop = new Set(stringList(bodyObject(req), "assignees") ?? []);
    i.assignees = i.assignees.filter((a) => !drop.has(a));
    i.updatedAt = ctx.world.now();
    return { status: 200, body: issueJson(ctx, repo, i) };
  });
}
