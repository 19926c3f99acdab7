import { inertText, isAoError } from "@ao/core";
import { deliveryErrors, networkReason } from "./delivery-errors.js";
import { retryAfterMs } from "./retry-after.js";

/** One POST to deliver. */
export interface DeliveryRequest {
  /** Where to POST. May hold a credential (chat webhook URLs do): it never appears in errors. */
  url: string;
  body: string;
  headers?: Record<string, string>;
  /** How errors name the far end, e.g. `@ao/notifier-slack: the Slack webhook`. */
  target: string;
}

/** What the far end answered (the last attempt). */
export interface DeliveryResponse {
  status: number;
  headers: Headers;
  body: string;
  /** How many requests were made, retries included. */
  attempts: number;
}

/**
 * A service-specific reading of an answer: `"ok"`, `"retry"` (rate limited or
 * a passing fault), or `{ fail }` with a short reason. Return undefined to use
 * the default rule: 2xx ok, 429 and 5xx retry, any other status fails at once.
 */
export type DeliveryVerdict = "ok" | "retry" | { fail: string } | undefined;

/** Limits and seams of {@link postWithRetry}. */
export interface DeliveryOptions {
  /** Per-attempt timeout in ms (default 5_000). */
  timeoutMs?: number;
  /** Requests in all, the first included (default 3). */
  attempts?: number;
  /** First backoff wait in ms, doubled per retry, with jitter (default 500). */
  baseDelayMs?: number;
  /**
   * Most time spent waiting between attempts, in ms (default 10_000). A
   * Retry-After beyond what is left gives up at once: a notifier must not
   * hold the engine. Worst case per delivery: attempts × timeout + this.
   */
  maxWaitMs?: number;
  classify?(answer: { status: number; headers: Headers; body: string }): DeliveryVerdict;
  /** Injected in tests: resolve after `ms`. */
  sleep?(ms: number): Promise<void>;
  /** Injected in tests: the clock used to read Retry-After dates. */
  now?(): number;
  /** Injected in tests: jitter source in [0, 1). */
  random?(): number;
  fetch?: typeof fetch;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// Error details quote the far end's answer: keep them short, printable, and free of the URL.
function detailOf(body: string, url: string): string {
  let flat = inertText(body).replace(/\s+/g, " ").trim().split(url).join("<url>");
  const { pathname, search } = new URL(url);
  // The credential of a chat webhook is its path: an answer quoting it must not carry it on.
  for (const part of [pathname, search]) if (part.length > 1) flat = flat.split(part).join("<redacted>");
  return flat.length > 120 ? `${flat.slice(0, 119)}…` : flat;
}

function defaultVerdict(status: number): Exclude<DeliveryVerdict, undefined> {
  if (status >= 200 && status < 300) return "ok";
  if (status === 429 || status >= 500) return "retry";
  return { fail: "" };
}

/**
 * POST `request.body`, retrying on 429, 5xx and network errors with
 * exponential backoff and jitter, honouring `Retry-After` (seconds or an HTTP
 * date) and a JSON body's `retry_after`. Other statuses fail at once. Every
 * error is an AoError that names `request.target`, never the URL.
 */
export async function postWithRetry(
  request: DeliveryRequest,
  options: DeliveryOptions = {},
): Promise<DeliveryResponse> {
  const attempts = Math.max(1, options.attempts ?? 3);
  const timeoutMs = options.timeoutMs ?? 5_000;
  const baseDelay = options.baseDelayMs ?? 500;
  const maxWait = options.maxWaitMs ?? 10_000;
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const doFetch = options.fetch ?? fetch;
  let waited = 0;
  let last = "";
  for (let attempt = 1; ; attempt++) {
    let asked: number | undefined;
    try {
      const response = await doFetch(request.url, {
        method: "POST",
        headers: { "content-type": "application/json", ...request.headers },
        body: request.body,
        signal: AbortSignal.timeout(timeoutMs),
        redirect: "error",
      });
      const body = await response.text();
      const answer = { status: response.status, headers: response.headers, body };
      const verdict = options.classify?.(answer) ?? defaultVerdict(response.status);
      if (verdict === "ok") return { ...answer, attempts: attempt };
      if (verdict !== "retry") {
        const detail = verdict.fail || detailOf(body, request.url);
        if (response.status >= 200 && response.status < 300)
          throw deliveryErrors.rejected(request.target, detail);
        throw deliveryErrors.status(request.target, response.status, detail);
      }
      last = `HTTP ${response.status}`;
      asked = retryAfterMs(response.headers.get("retry-after"), body, now());
    } catch (error) {
      if (isAoError(error)) throw error;
      last = networkReason(error);
      if (attempt >= attempts) throw deliveryErrors.unreachable(request.target, attempt, last);
    }
    if (attempt >= attempts) throw deliveryErrors.gaveUp(request.target, attempt, last);
    const backoff = Math.min(maxWait, baseDelay * 2 ** (attempt - 1)) * (0.5 + random() / 2);
    const wait = Math.ceil(asked ?? backoff);
    if (waited + wait > maxWait) {
      const why = asked !== undefined ? `${last}, asked to wait ${Math.ceil(wait / 1000)}s` : last;
      throw deliveryErrors.gaveUp(request.target, attempt, why);
    }
    waited += wait;
    await sleep(wait);
  }
}
