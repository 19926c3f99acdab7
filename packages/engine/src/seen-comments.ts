import type { ReviewComment } from "@ao/core";

/** The journal step that keeps the ids of review comments already sent to a session's agent. */
export const COMMENTS_SENT_STEP = "comments_sent";
/** Ids kept per session: enough for any real review history, bounded for the snapshot. */
const MAX_SEEN = 1_000;

/** The ids a session's agent has been sent, from its `comments_sent` step. */
export function seenCommentIds(steps: Record<string, unknown>): string[] {
  const data = steps[COMMENTS_SENT_STEP] as { ids?: unknown } | undefined;
  return Array.isArray(data?.ids) ? data.ids.filter((x): x is string => typeof x === "string") : [];
}

/**
 * The comments an attempt sends: those the agent has not seen, leaving out
 * threads that were resolved or are about code that changed since.
 */
export function unseenComments(comments: readonly ReviewComment[], seen: readonly string[]): ReviewComment[] {
  const known = new Set(seen);
  return comments.filter((c) => !known.has(c.id) && !c.thread?.resolved && !c.thread?.outdated);
}

/** The seen list after sending `sent` (oldest dropped past the bound). */
export function withSent(seen: readonly string[], sent: readonly ReviewComment[]): string[] {
  const next = [...seen, ...sent.map((c) => c.id).filter((id) => !seen.includes(id))];
  return next.slice(-MAX_SEEN);
}
