import { type FakeContext, permissionOf, repoFor } from "./context.js";
import { HttpError, type Router, notFound } from "./http.js";
import { repoJson, userJson } from "./shapes-core.js";

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

  router.on("GET", "/repos/:owner/:repo/branches/:branch", async (req, params) => {
    const repo = await repoFor(ctx, req.login, params);
    const branch = params.branch ?? "";
    const sha = repo.refs.get(branch);
    if (!sha) throw new HttpError(404, "Branch not found");
    return {
      status: 200,
      body: {
        name: branch,
        commit: { sha, url: `${ctx.url}/repos/${repo.fullName}/commits/${sha}` },
        protected: branch === repo.defaultBranch && repo.protection !== null,
        _links: {
          self: `${ctx.url}/repos/${repo.fullName}/branches/${branch}`,
          html: `${ctx.url}/${repo.fullName}/tree/${branch}`,
        },
        protection_url: `${ctx.url}/repos/${repo.fullName}/branches/${branch}/protection`,
      },
    };
  });
}
