import { randomUUID } from "node:crypto";
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
import { latestChecks } from "./pull-status.js";
import { readCommit } from "./git-ops.js";
import { checkRunJson, combinedStatusJson, jobJson, statusJson, workflowRunJson } from "./shapes-checks.js";
import { repoApi, userJson } from "./shapes-core.js";
import type { RepoRecord } from "./state.js";

/** REST: check runs, commit statuses, Actions jobs and their logs, branch protection. */

/** A commit sha for a ref given as a sha, a branch or `heads/<branch>`; 422 like GitHub when unknown. */
function resolveRef(repo: RepoRecord, ref: string): string {
  if (/^[0-9a-f]{40}$/.test(ref)) return ref;
  const sha = repo.refs.get(ref.replace(/^(refs\/)?heads\//, ""));
  if (!sha) throw new HttpError(422, `No commit found for SHA: ${ref}`);
  return sha;
}

/** One-time plain-text URLs the job-logs endpoint redirects to (GitHub's are signed, short-lived). */
export class JobLogLinks {
  private readonly links = new Map<string, string>();

  issue(text: string): string {
    const key = randomUUID();
    this.links.set(key, text);
    return key;
  }

  take(key: string): string | undefined {
    const text = this.links.get(key);
    this.links.delete(key);
    return text;
  }
}

export function checkRoutes(ctx: FakeContext, router: Router, logs: JobLogLinks): void {
  const base = "/repos/:owner/:repo";

  router.on("GET", `${base}/commits/:ref/check-runs`, async (req, params) => {
    const repo = await repoFor(ctx, req.login, params);
    const sha = resolveRef(repo, params.ref ?? "");
    const name = req.query.get("check_name");
    const status = req.query.get("status");
    let runs =
      req.query.get("filter") === "all"
        ? repo.checkRuns.filter((r) => r.sha === sha)
        : latestChecks(repo, sha).runs;
    runs = runs.filter((r) => (!name || r.name === name) && (!status || r.status === status)).reverse();
    const { page, headers } = paginate(req, ctx.url, runs);
    return {
      status: 200,
      body: { total_count: runs.length, check_runs: page.map((r) => checkRunJson(ctx, repo, r)) },
      headers,
    };
  });

  const runOf = async (login: string | null, params: Record<string, string>, key: string) => {
    const repo = await repoFor(ctx, login, params);
    const run = repo.checkRuns.find((r) => r.id === numberParam(params, key));
    if (!run) throw notFound();
    return { repo, run };
  };

  router.on("GET", `${base}/check-runs/:id`, async (req, params) => {
    const { repo, run } = await runOf(req.login, params, "id");
    return { status: 200, body: checkRunJson(ctx, repo, run) };
  });
  router.on("GET", `${base}/check-runs/:id/annotations`, async (req, params) => {
    await runOf(req.login, params, "id");
    return { status: 200, body: [] };
  });

  router.on("GET", `${base}/commits/:ref/status`, async (req, params) => {
    const repo = await repoFor(ctx, req.login, params);
    const sha = resolveRef(repo, params.ref ?? "");
    return { status: 200, body: combinedStatusJson(ctx, repo, sha, latestChecks(repo, sha).statuses) };
  });
  router.on("GET", `${base}/commits/:ref/statuses`, async (req, params) => {
    const repo = await repoFor(ctx, req.login, params);
    const sha = resolveRef(repo, params.ref ?? "");
    const all = repo.statuses.filter((s) => s.sha === sha).reverse();
    const { page, headers } = paginate(req, ctx.url, all);
    const creator = userJson(ctx, repo.owner);
    return { status: 200, body: page.map((s) => ({ ...statusJson(ctx, repo, s), creator })), headers };
  });
  router.on("POST", `${base}/statuses/:sha`, async (req, params) => {
    const repo = await repoFor(ctx, req.login, params, "write");
    const body = bodyObject(req);
    const state = stringField(body, "state", true);
    if (state !== "pending" && state !== "success" && state !== "failure" && state !== "error")
      throw unprocessable("Validation Failed", "state");
    const now = ctx.world.now();
    const s = {
      id: ctx.world.newId(),
      sha: params.sha ?? "",
      context: stringField(body, "context", false) ?? "default",
      state,
      description: stringField(body, "description", false) ?? null,
      targetUrl: stringField(body, "target_url", false) ?? null,
      createdAt: now,
      updatedAt: now,
    } as const;
    repo.statuses.push({ ...s });
    ctx.emit(repo, "status", null, { status: s.id, sender: req.login });
    return {
      status: 201,
      body: { ...statusJson(ctx, repo, s), creator: userJson(ctx, req.login ?? repo.owner) },
    };
  });

  const actionRuns = (repo: RepoRecord) => repo.checkRuns.filter((r) => r.app === "github-actions");
  router.on("GET", `${base}/actions/runs`, async (req, params) => {
    const repo = await repoFor(ctx, req.login, params);
    const sha = req.query.get("head_sha");
    const runs = actionRuns(repo)
      .filter((r) => !sha || r.sha === sha)
      .reverse();
    const { page, headers } = paginate(req, ctx.url, runs);
    const workflowRuns = await Promise.all(
      page.map(async (r) =>
        workflowRunJson(ctx, repo, r, await readCommit(repo.bareDir, r.sha).catch(() => null)),
      ),
    );
    return { status: 200, body: { total_count: runs.length, workflow_runs: workflowRuns }, headers };
  });
  router.on("GET", `${base}/actions/runs/:id/jobs`, async (req, params) => {
    const { repo, run } = await runOf(req.login, params, "id");
    return { status: 200, body: { total_count: 1, jobs: [jobJson(ctx, repo, run)] } };
  });
  router.on("GET", `${base}/actions/jobs/:id`, async (req, params) => {
    const { repo, run } = await runOf(req.login, params, "id");
    return { status: 200, body: jobJson(ctx, repo, run) };
  });
  router.on("GET", `${base}/actions/jobs/:id/logs`, async (req, params) => {
    const { run } = await runOf(req.login, params, "id");
    if (run.log === null) throw notFound();
    return { status: 302, headers: { location: `${ctx.url}/_fake/job-logs/${logs.issue(run.log)}` } };
  });

  router.on("GET", `${base}/branches/:branch/protection`, async (req, params) => {
    const repo = await repoFor(ctx, req.login, params, "admin");
    const branch = params.branch ?? "";
    if (!repo.refs.has(branch)) throw new HttpError(404, "Branch not found");
    if (branch !== repo.defaultBranch || !repo.protection) throw new HttpError(404, "Branch not protected");
    const url = `${repoApi(ctx, repo)}/branches/${branch}/protection`;
    const checks = repo.protection.requiredChecks;
    return {
      status: 200,
      body: {
        url,
        required_status_checks: {
          url: `${url}/required_status_checks`,
          strict: false,
          contexts: checks,
          contexts_url: `${url}/required_status_checks/contexts`,
          checks: checks.map((context) => ({ context, app_id: null })),
        },
        required_pull_request_reviews: {
          url: `${url}/required_pull_request_reviews`,
          dismiss_stale_reviews: false,
          require_code_owner_reviews: false,
          required_approving_review_count: repo.protection.requiredReviews ?? 0,
          require_last_push_approval: false,
        },
        enforce_admins: { url: `${url}/enforce_admins`, enabled: false },
        required_linear_history: { enabled: false },
        allow_force_pushes: { enabled: false },
        allow_deletions: { enabled: false },
        required_conversation_resolution: { enabled: false },
      },
    };
  });
}
