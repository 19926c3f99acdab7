import type { EtagCache } from "./etag-cache.js";
import { githubErrors } from "./errors.js";
import type { RateBudget } from "./rate-budget.js";

/** What the request hook needs from its client. */
export interface PolicyContext {
  budget: RateBudget;
  etags: EtagCache;
  /** Prefix of cache keys: the credential's key, so answers are never shared across tokens. */
  key: string;
  now(): number;
  sleep(ms: number): Promise<void>;
  /** Longest wait a request sits out inside one call (longer: GITHUB_RATE_LIMITED at once). */
  maxWaitMs: number;
  /** Attempts for a transient failure (5xx, timeout) of a request that is safe to repeat. */
  retries: number;
  timeoutMs: number;
  /** Octokit's own endpoint parser: the full URL and body a request will send. */
  parse(options: Options): { method: string; url: string; body?: unknown };
}

export type Options = {
  method: string;
  url: string;
  request?: Record<string, unknown>;
  headers?: Record<string, string>;
  [k: string]: unknown;
};
type Headers = Record<string, string | number | undefined>;
interface Response {
  status: number;
  url: string;
  headers: Headers;
  data: unknown;
}
type Request = (options: Options) => Promise<Response>;

/** GitHub's own words for a secondary limit (its only marker on a 403). */
const SECONDARY = /secondary rate limit|abuse detection/i;
/** Without Retry-After, GitHub asks for at least a minute after a secondary limit. */
const SECONDARY_FALLBACK_MS = 60_000;

function resourceOf(url: string): string {
  if (url === "/graphql" || url.endsWith("/graphql")) return "graphql";
  if (url.startsWith("/search")) return "search";
  return "core";
}

/** Writes are repeated only when repeating them cannot do a thing twice. */
function repeatable(method: string, body: unknown): boolean {
  if (method === "GET" || method === "HEAD" || method === "PUT" || method === "DELETE") return true;
  if (method === "POST" && body && typeof body === "object" && "query" in body)
    return !/^\s*mutation\b/.test(String((body as { query: unknown }).query));
  return false;
}

/** How long a limited answer asks us to wait (ms), or null when it is no rate limit. */
export function limitWait(status: number, headers: Headers, message: string, now: number): number | null {
  const retryAfter = Number(headers["retry-after"]);
  const remaining = Number(headers["x-ratelimit-remaining"]);
  const reset = Number(headers["x-ratelimit-reset"]);
  if (status !== 403 && status !== 429 && status !== 200) return null;
  if (Number.isFinite(retryAfter) && headers["retry-after"] !== undefined) return retryAfter * 1000;
  if (remaining === 0 && Number.isFinite(reset)) return Math.max(0, reset * 1000 - now);
  if (SECONDARY.test(message)) return SECONDARY_FALLBACK_MS;
  return status === 429 ? SECONDARY_FALLBACK_MS : null;
}

function graphqlRateLimited(data: unknown): string | null {
  const errors = (data as { errors?: Array<{ type?: string; message?: string }> } | null)?.errors;
  const hit = Array.isArray(errors) ? errors.find((e) => e?.type === "RATE_LIMITED") : undefined;
  return hit ? (hit.message ?? "RATE_LIMITED") : null;
}

function messageOf(data: unknown, fallback: string): string {
  const m = (data as { message?: unknown } | null)?.message;
  return typeof m === "string" ? m : fallback;
}

/**
 * The request hook every ao GitHub call goes through: it waits out blocked
 * resources, sends conditional GETs, records the budget from every answer,
 * sits out Retry-After / reset / secondary limits, retries transient failures
 * of repeatable requests, and turns an exhausted budget into
 * GITHUB_RATE_LIMITED (never a crash).
 */
export async function applyPolicy(ctx: PolicyContext, request: Request, options: Options): Promise<Response> {
  const parsed = ctx.parse(options);
  const resource = resourceOf(options.url);
  const cacheKey = parsed.method === "GET" ? `${ctx.key} ${parsed.url}` : null;
  const canRepeat = repeatable(parsed.method, parsed.body);
  for (let attempt = 0; ; attempt++) {
    const blocked = ctx.budget.blockedUntil(resource, ctx.now());
    if (blocked) {
      if (blocked - ctx.now() > ctx.maxWaitMs) throw githubErrors.rateLimited(resource, blocked, "waiting");
      await ctx.sleep(blocked - ctx.now());
    }
    const cached = cacheKey ? ctx.etags.get(cacheKey) : undefined;
    // Inner hooks (auth) were bound to this very options object: change it in place.
    options.headers = { ...(options.headers ?? {}) };
    if (cached) options.headers["if-none-match"] = cached.etag;
    else delete options.headers["if-none-match"];
    options.request = { ...(options.request ?? {}), signal: AbortSignal.timeout(ctx.timeoutMs) };
    try {
      const response = await request(options);
      ctx.budget.update(response.headers, resource);
      const limited = resource === "graphql" ? graphqlRateLimited(response.data) : null;
      if (limited) {
        const wait = limitWait(200, response.headers, limited, ctx.now()) ?? SECONDARY_FALLBACK_MS;
        ctx.budget.block(resource, ctx.now() + wait);
        if (attempt < ctx.retries && wait <= ctx.maxWaitMs) continue;
        throw githubErrors.rateLimited(resource, ctx.now() + wait, limited);
      }
      const etag = response.headers.etag;
      if (cacheKey && typeof etag === "string") ctx.etags.set(cacheKey, etag, response.data);
      return response;
    } catch (error) {
      const e = error as {
        status?: number;
        name?: string;
        message?: string;
        response?: Response;
        code?: string;
      };
      if (e.code === "GITHUB_RATE_LIMITED") throw error;
      const res = e.response;
      if (res) ctx.budget.update(res.headers, resource);
      if (e.status === 304 && cached && res) {
        // Re-store the ETag GitHub sent with the 304, as it may differ in form.
        const etag = typeof res.headers.etag === "string" ? res.headers.etag : cached.etag;
        ctx.etags.set(cacheKey as string, etag, cached.data);
        return { status: 200, url: res.url, headers: res.headers, data: cached.data };
      }
      const wait = res
        ? limitWait(res.status, res.headers, messageOf(res.data, e.message ?? ""), ctx.now())
        : null;
      if (wait !== null) {
        ctx.budget.block(resource, ctx.now() + wait);
        if (attempt < ctx.retries && wait <= ctx.maxWaitMs) continue;
        throw githubErrors.rateLimited(resource, ctx.now() + wait, `HTTP ${res?.status}`);
      }
      const transient = e.name === "AbortError" || e.name === "TimeoutError" || (e.status ?? 0) >= 500;
      if (transient && canRepeat && attempt < ctx.retries) {
        await ctx.sleep(1000 * 2 ** attempt);
        continue;
      }
      throw error;
    }
  }
}
