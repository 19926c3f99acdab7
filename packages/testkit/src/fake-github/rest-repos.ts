import { type FakeContext, permissionOf, repoFor } from "./context.js";
import { HttpError, type Router, notFound } from "./http.js";
import { readCommit, type CommitInfo } from "./git-ops.js";
import { repoApi, repoJson, type ShapeContext, userJson } from "./shapes-core.js";
import type { RepoRecord } from "./state.js";

/** REST: the repository, the authenticated user, collaborator permissions, branches. */
export function repoRoutes(ctx: FakeContext, router: Router): void {
  router.on("GET", "/user", (req) => {
    if (!req.login) throw new HttpError(401, "Requires authentication");
    const created = "2020-01-01T00:00:00Z";
    const profile = {
      name: req.login,
      email: null,
      bio: null,
      blog: "",
      company: null,
      location: null,
      hireable: null,
    };
    const counts = { followers: 0, following: 0, public_gists: 0, public_repos: 0 };
    return {
      status: 200,
      body: { ...userJson(ctx, req.login), ...profile, ...counts, created_at: created, updated_at: created },
    };
  });

  router.on("GET", "/repos/:owner/:repo", async (req, params) => {
    const repo = await repoFor(ctx, req.login, params);
    const p = permissionOf(ctx, repo, req.login);
    const body = repoJson(ctx, repo, true);
    body.permissions = {
      admin: p === "admin",
      maintain: p === "admin",
      push: p !== "read" && p !== "none",
      triage: p !== "none" && p !== "read",
      pull: p !== "none",
    };
    return { status: 200, body };
  });

  router.on("GET", "/repos/:owner/:repo/collaborators/:user/permission", async (req, params) => {
    const repo = await repoFor(ctx, req.login, params);
    const login = params.user ?? "";
    if (
      !ctx.world.users.has(login) &&
      !ctx.knownLogins.has(login) &&
      !repo.permissions.has(login) &&
      login !== repo.owner
    ) {
      throw notFound();
    }
    const permission = permissionOf(ctx, repo, login);
    const user = { ...userJson(ctx, login), role_name: permission };
    return { status: 200, body: { permission, role_name: permission, user } };
  });

  router.on("GET", "/repos/:owner/:repo/commits/:ref", async (req, params) => {
    const repo = await repoFor(ctx, req.login, params);
    const ref = params.ref ?? "";
    const sha = /^[0-9a-f]{40}$/.test(ref) ? ref : repo.refs.get(ref);
    if (!sha) throw new HttpError(422, `No commit found for SHA: ${ref}`);
    const info = await readCommit(repo.bareDir, sha).catch(() => null);
    if (!info) throw new HttpError(422, `No commit found for SHA: ${ref}`);
    return {
      status: 200,
      body: { ...commitJson(ctx, repo, info), files: [], stats: { total: 0, additions: 0, deletions: 0 } },
    };
  });

  router.on("GET", "/repos/:owner/:repo/branches/:branch", async (req, params) => {
    const repo = await repoFor(ctx, req.login, params);
    const branch = params.branch ?? "";
    const sha = repo.refs.get(branch);
    if (!sha) throw new HttpError(404, "Branch not found");
    const isProtected = branch === repo.defaultBranch && repo.protection !== null;
    const checks = isProtected ? (repo.protection?.requiredChecks ?? []) : [];
    return {
      status: 200,
      body: {
        name: branch,
        commit: commitJson(ctx, repo, await readCommit(repo.bareDir, sha)),
        protected: isProtected,
        protection: {
          enabled: isProtected,
          required_status_checks: {
            enforcement_level: isProtected ? "non_admins" : "off",
            contexts: checks,
            checks: checks.map((context) => ({ context, app_id: null })),
          },
        },
        _links: {
          self: `${ctx.url}/repos/${repo.fullName}/branches/${branch}`,
          html: `${ctx.url}/${repo.fullName}/tree/${branch}`,
        },
        protection_url: `${ctx.url}/repos/${repo.fullName}/branches/${branch}/protection`,
      },
    };
  });
}

/** GitHub's commit object; git identities are not mapped to accounts (author/committer null). */
export function commitJson(ctx: ShapeContext, repo: RepoRecord, c: CommitInfo): Record<string, unknown> {
  const api = `${repoApi(ctx, repo)}/commits/${c.sha}`;
  const web = `${ctx.url}/${repo.fullName}/commit/${c.sha}`;
  return {
    url: api,
    sha: c.sha,
    node_id: `C_${c.sha}`,
    html_url: web,
    comments_url: `${api}/comments`,
    commit: {
      url: `${repoApi(ctx, repo)}/git/commits/${c.sha}`,
      author: c.author,
      committer: c.committer,
      message: c.message,
      comment_count: 0,
      tree: { sha: c.tree, url: `${repoApi(ctx, repo)}/git/trees/${c.tree}` },
    },
    author: null,
    committer: null,
    parents: c.parents.map((p) => ({
      sha: p,
      url: `${repoApi(ctx, repo)}/commits/${p}`,
      html_url: `${ctx.url}/${repo.fullName}/commit/${p}`,
    })),
  };
}
