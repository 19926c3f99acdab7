import { createGitHubClient, type GitHubClient } from "@ao/github-client";
import type { Check } from "../commands/doctor-check.js";
import type { ResolvedConfig, ResolvedProject } from "../config/normalize.js";
import { authOptions, githubSlots } from "./github-slots.js";
import { failureOf, PROBES, WEBHOOK_EVENTS } from "./probes.js";
import { describeSource, tokenSource } from "./token-source.js";

type Repo = { owner: string; repo: string };

function repoOf(project: ResolvedProject): Repo | null {
  const m = /^([A-Za-z0-9][A-Za-z0-9-]*)\/([A-Za-z0-9._-]+)$/.exec(project.repo.replace(/\.git$/, ""));
  return m ? { owner: m[1] as string, repo: m[2] as string } : null;
}

/** Why a probe failed, naming the permission (and what GitHub says the endpoint accepts). */
function denied(what: string, permission: string, error: unknown, classic: boolean): Omit<Check, "name"> {
  const { status, accepted } = failureOf(error);
  if (status === 401)
    return {
      status: "fail",
      detail: `GitHub refused the credential (HTTP 401) when trying to ${what}`,
      fix: "The token is invalid or expired: create a new one and export it (or run `gh auth login`).",
    };
  return {
    status: "fail",
    detail: `the token cannot ${what} (HTTP ${status ?? "error"})${accepted ? `; GitHub accepts: ${accepted}` : ""}`,
    fix: classic
      ? "Give the classic token the `repo` scope (or `public_repo` for a public repository)."
      : `Grant the fine-grained token (or the App) "${permission}" on this repository.`,
  };
}

/**
 * `ao doctor` for a project whose tracker or SCM is GitHub's: where the
 * credential comes from (never its value), what it can do against what the
 * config needs (classic tokens list their scopes in `x-oauth-scopes`;
 * fine-grained and App tokens do not, so each need is probed with a read),
 * and the webhook to configure.
 */
export async function githubChecks(
  config: ResolvedConfig,
  project: ResolvedProject,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Check[]> {
  const slots = githubSlots(project);
  if (!slots.tracker && !slots.scm) return [];
  const name = (what: string) => `github ${project.id}: ${what}`;
  const options = { ...slots.scm, ...slots.tracker };
  const auth = authOptions(options);
  const source = await tokenSource(auth, env);
  const checks: Check[] = [webhookCheck(config, project, slots, env, name("webhook"))];
  if (source.kind === "none") {
    checks.unshift({
      name: name("token"),
      status: "fail",
      detail: describeSource(source),
      fix: `Export ${source.name} (a token with access to ${project.repo}), or run \`gh auth login\`.`,
    });
    return checks;
  }
  const probes: Check[] = [{ name: name("token"), status: "ok", detail: `using ${describeSource(source)}` }];
  const repo = repoOf(project);
  if (!repo) {
    probes.push({
      name: name("repository"),
      status: "fail",
      detail: `repo "${project.repo}" is not a GitHub owner/name`,
      fix: `Write repo: "owner/name" for project ${project.id}.`,
    });
    return [...probes, ...checks];
  }
  let gh: GitHubClient;
  try {
    gh = await createGitHubClient({
      auth:
        source.kind === "app"
          ? {
              kind: "app",
              appId: auth.appId as string,
              privateKeyFile: auth.appPrivateKeyFile ?? "",
              installationId: auth.appInstallationId as number,
            }
          : { kind: "token", tokenEnv: auth.tokenEnv ?? "GITHUB_TOKEN", env },
      ...(auth.baseUrl ? { baseUrl: auth.baseUrl } : {}),
      retries: 0,
      maxWaitMs: 0,
      timeoutMs: 10_000,
    });
  } catch (error) {
    const e = error as { message?: string; hint?: string };
    probes.push({
      name: name("token"),
      status: "fail",
      detail: e.message ?? String(error),
      fix: e.hint ?? "",
    });
    return [...probes, ...checks];
  }
  probes.push(...(await probeAll(gh, repo, project, slots, name)));
  return [...probes, ...checks];
}

async function probeAll(
  gh: GitHubClient,
  repo: Repo,
  project: ResolvedProject,
  slots: { tracker?: unknown; scm?: unknown },
  name: (what: string) => string,
): Promise<Check[]> {
  const out: Check[] = [];
  let classic = false;
  let branch = project.defaultBranch;
  try {
    const res = await gh.request("GET /repos/{owner}/{repo}", repo);
    const scopes = res.headers["x-oauth-scopes"];
    const data = res.data as {
      private?: boolean;
      default_branch?: string;
      permissions?: Record<string, boolean>;
    };
    branch = data.default_branch ?? branch;
    out.push({
      name: name("read the repository"),
      status: "ok",
      detail: `${repo.owner}/${repo.repo} is readable`,
    });
    if (typeof scopes === "string") {
      classic = true;
      const have = scopes.split(",").map((s) => s.trim());
      const enough = have.includes("repo") || (!data.private && have.includes("public_repo"));
      out.push(
        enough
          ? { name: name("scopes"), status: "ok", detail: `classic token with scopes: ${scopes || "(none)"}` }
          : {
              name: name("scopes"),
              status: "fail",
              detail: `classic token with scopes "${scopes}": it lacks \`${data.private ? "repo" : "public_repo"}\``,
              fix: `Add the \`${data.private ? "repo" : "public_repo"}\` scope to the token (github.com/settings/tokens).`,
            },
      );
    }
    // Writes cannot be probed without writing: the user's own permission on the repo tells.
    if (data.permissions && !data.permissions.push && !(slots.tracker && data.permissions.triage)) {
      out.push({
        name: name("write access"),
        status: "fail",
        detail: `the credential's user cannot write to ${repo.owner}/${repo.repo} (${slots.scm ? "push, open and merge PRs" : "label, assign and close issues"})`,
        fix: "Give the user write access to the repository (or use a token of a user who has it).",
      });
    }
  } catch (error) {
    out.push({
      name: name("read the repository"),
      ...denied("read the repository", "Metadata: read", error, classic),
    });
    return out;
  }
  for (const probe of PROBES) {
    if (probe.for === "tracker" && !slots.tracker) continue;
    if (probe.for === "scm" && !slots.scm) continue;
    try {
      await probe.request(gh, repo, branch);
      out.push({ name: name(probe.what), status: "ok", detail: `allowed (${probe.permission})` });
    } catch (error) {
      out.push({ name: name(probe.what), ...denied(probe.what, probe.permission, error, classic) });
    }
  }
  return out;
}

function webhookCheck(
  config: ResolvedConfig,
  project: ResolvedProject,
  slots: { tracker?: Record<string, unknown>; scm?: Record<string, unknown> },
  env: NodeJS.ProcessEnv,
  checkName: string,
): Check {
  const events = [...(slots.tracker ? WEBHOOK_EVENTS.tracker : []), ...(slots.scm ? WEBHOOK_EVENTS.scm : [])];
  const base = config.server.publicUrl ?? `http://${config.server.host}:${config.server.port}`;
  const url = `${base.replace(/\/+$/, "")}/webhooks/github`;
  const secretEnvs = [slots.tracker?.webhookSecretEnv, slots.scm?.webhookSecretEnv].filter(
    (v): v is string => typeof v === "string",
  );
  const setUp = `payload URL ${url}, content type application/json, events: ${events.join(", ")}`;
  if (secretEnvs.length === 0)
    return {
      name: checkName,
      status: "ok",
      detail: `off (polling). To turn webhooks on, add a webhook to ${project.repo} — ${setUp} — and set webhookSecretEnv`,
    };
  const unset = secretEnvs.filter((n) => !env[n]);
  if (unset.length > 0)
    return {
      name: checkName,
      status: "fail",
      detail: `the webhook secret variable ${unset.join(", ")} is not set`,
      fix: `Export ${unset[0]} with the secret of the repository's webhook.`,
    };
  if (!config.server.publicUrl)
    return {
      name: checkName,
      status: "warn",
      detail: `on, but server.publicUrl is not set, so GitHub cannot reach ${url}; ${setUp}`,
      fix: 'Set server.publicUrl to the address GitHub delivers to (e.g. a tunnel: "https://ao.example.com").',
    };
  return { name: checkName, status: "ok", detail: `on — ${setUp}, secret from $${secretEnvs[0]}` };
}
