import type { FaultKind, FaultSpec } from "./types.js";

/** Injected failures, consumed in the order they were added. */
export class FaultQueue {
  private readonly queue: Array<FaultSpec & { left: number }> = [];

  add(f: FaultSpec): void {
    this.queue.push({ ...f, left: f.times ?? 1 });
  }

  /** The first pending request fault matching this request, consumed once. */
  takeFor(
    method: string,
    path: string,
  ): { kind: Exclude<FaultKind, "unknown-mergeable">; retryAfterSeconds: number } | null {
    const f = this.queue.find(
      (q) =>
        q.kind !== "unknown-mergeable" &&
        q.left > 0 &&
        (!q.match?.method || q.match.method.toUpperCase() === method) &&
        (!q.match?.path || q.match.path.test(path)),
    );
    if (!f) return null;
    this.consume(f);
    return {
      kind: f.kind as Exclude<FaultKind, "unknown-mergeable">,
      retryAfterSeconds: f.retryAfterSeconds ?? 60,
    };
  }

  /** Whether the next mergeability read should answer UNKNOWN. */
  takeUnknownMergeable(): boolean {
    const f = this.queue.find((q) => q.kind === "unknown-mergeable" && q.left > 0);
    if (!f) return false;
    this.consume(f);
    return true;
  }

  private consume(f: FaultSpec & { left: number }): void {
    f.left -= 1;
    if (f.left <= 0) this.queue.splice(this.queue.indexOf(f), 1);
  }
}

/** GitHub's secondary-limit body (plugin-throttling recognises it by the words "secondary rate"). */
export const SECONDARY_LIMIT_BODY = {
  message:
    "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 0000:FAKE:0000.",
  documentation_url:
    "https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
  status: "403",
};
