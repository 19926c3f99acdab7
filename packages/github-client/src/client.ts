import { createAppAuth } from "@octokit/auth-app";
import { Octokit } from "@octokit/core";
import { paginateRest } from "@octokit/plugin-paginate-rest";
import { restEndpointMethods } from "@octokit/plugin-rest-endpoint-methods";
import { type GitHubAuth, type ResolvedAuth, resolveAuth } from "./auth.js";
import { EtagCache } from "./etag-cache.js";
import { budgetFor, type RateBudget, type RateBudgetEntry } from "./rate-budget.js";
import { applyPolicy, type Options } from "./request-policy.js";

const AoOctokit = Octokit.plugin(restEndpointMethods, paginateRest);
type BaseOctokit = InstanceType<typeof AoOctokit>;

/** Octokit (REST methods, paginate, graphql) plus ao's budget and credential helpers. */
export type GitHubClient = BaseOctokit & {
  /** What GitHub last reported for this credential, per resource (shared by every client on it); a resource blocked by a limit reads as 0 left until the block ends. */
  budget(): RateBudgetEntry[];
  /** The poll interval to use instead of `baseMs` so the budget lasts until its reset. */
  suggestedIntervalMs(baseMs: number): number;
  /** A token for git over HTTPS (an App's installation token is minted/refreshed as needed). Never log it. */
  gitToken(): Promise<string>;
  /** The credential's non-secret key (a hash): what budgets and caches are shared under. */
  readonly credentialKey: string;
};

export interface GitHubClientOptions {
  /** REST base URL: `https://HOST/api/v3` for GitHub Enterprise Server (default github.com). */
  baseUrl?: string;
  auth: GitHubAuth;
  /** Injectable clock (epoch ms). */
  now?: () => number;
  /** Injectable wait, so tests never sleep for real. */
  sleep?: (ms: number) => Promise<void>;
  /** Longest Retry-After/reset a call waits out in place before GITHUB_RATE_LIMITED (default 10 s). */
  maxWaitMs?: number;
  /** Repeats of a transient failure (5xx, timeout) of a repeatable request (default 2). */
  retries?: number;
  /** Per-request timeout (default 30 s). */
  timeoutMs?: number;
  userAgent?: string;
  /**
   * Told every secret the client holds as it learns it (the token, wherever it came from; an
   * App's key and each installation token it mints): wire it to the plugin host's `secret`.
   */
  onSecret?: (value: string) => void;
}

const etagCaches = new Map<string, EtagCache>();
function etagsFor(key: string): EtagCache {
  let c = etagCaches.get(key);
  if (!c) {
    c = new EtagCache();
    etagCaches.set(key, c);
  }
  return c;
}

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

function octokitFor(resolved: ResolvedAuth, options: GitHubClientOptions): BaseOctokit {
  const common = {
    ...(options.baseUrl ? { baseUrl: options.baseUrl.replace(/\/+$/, "") } : {}),
    userAgent: options.userAgent ?? "ao-github-client",
    // Octokit's default logger prints request details; ao logs through its own host.
    log: quiet,
  };
  if (resolved.kind === "app") {
    return new AoOctokit({
      ...common,
      authStrategy: createAppAuth,
      auth: {
        appId: resolved.appId,
        privateKey: resolved.privateKey,
        installationId: resolved.installationId,
      },
    });
  }
  return new AoOctokit({ ...common, auth: resolved.token });
}

/**
 * Create an Octokit for ao's GitHub plugins. Authentication: a token from
 * `auth.tokenEnv` (default GITHUB_TOKEN), else `gh auth token`, or a GitHub
 * App installation (tokens refreshed before expiry by @octokit/auth-app).
 * Every request goes through ao's policy: the credential's process-wide rate
 * budget, conditional GETs, limit back-off and transient retries.
 */
export async function createGitHubClient(options: GitHubClientOptions): Promise<GitHubClient> {
  const resolved = await resolveAuth(options.auth, options.baseUrl);
  const onSecret = options.onSecret ?? (() => {});
  onSecret(resolved.kind === "token" ? resolved.token : resolved.privateKey);
  const octokit = octokitFor(resolved, options);
  const now = options.now ?? Date.now;
  const budget: RateBudget = budgetFor(resolved.key);
  const ctx = {
    budget,
    etags: etagsFor(resolved.key),
    key: resolved.key,
    now,
    sleep: options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms))),
    maxWaitMs: options.maxWaitMs ?? 10_000,
    retries: options.retries ?? 2,
    timeoutMs: options.timeoutMs ?? 30_000,
    parse: (o: Options) =>
      octokit.request.endpoint.parse(o as never) as { method: string; url: string; body?: unknown },
  };
  octokit.hook.wrap("request", (request, opts) => applyPolicy(ctx, request as never, opts as never));
  const gitToken = async () => {
    if (resolved.kind === "token") return resolved.token;
    const auth = (await octokit.auth({ type: "installation" })) as { token: string };
    onSecret(auth.token);
    return auth.token;
  };
  return Object.assign(octokit, {
    budget: () => budget.budget(now()),
    suggestedIntervalMs: (baseMs: number) => budget.suggestedIntervalMs(baseMs, now()),
    gitToken,
    credentialKey: resolved.key,
  });
}
