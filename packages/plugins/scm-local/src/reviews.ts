import { randomBytes } from "node:crypto";
import { userInfo } from "node:os";
import { AoError, type ReviewComment, type ReviewDecision, type ScmEvent } from "@ao/core";
import { PLUGIN } from "./options.js";
import type { PrRecord, PrStore, ReviewDecisionInput, StoredReview } from "./store.js";

/** A review as `ao review` or the demo posts it. */
export interface ReviewInput {
  decision: ReviewDecisionInput;
  body: string;
  /** Default: the local user name. */
  author?: string;
}

/** A comment, optionally on a line of a file. */
export interface CommentInput {
  body: string;
  author?: string;
  path?: string;
  line?: number;
}

const DECISIONS: readonly ReviewDecisionInput[] = ["approve", "request_changes", "comment"];

export function defaultAuthor(): string {
  try {
    return userInfo().username || "local";
  } catch {
    return "local";
  }
}

function newId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;
}

function requireOpen(record: PrRecord, what: string): void {
  if (record.state !== "open") {
    throw new AoError({
      code: "PR_NOT_OPEN",
      message: `${PLUGIN}: cannot ${what} PR #${record.number}: it is ${record.state}.`,
      hint:
        record.state === "merged"
          ? "A merged PR takes no more reviews or comments: open a new PR for follow-up work."
          : "Reopen the work in a new PR (`ao spawn` or `ao claim-pr`) to review it.",
    });
  }
}

/** Store a review; returns the event it amounts to. */
export async function postReview(
  store: PrStore,
  number: number,
  input: ReviewInput,
  now: number,
): Promise<ScmEvent> {
  if (!DECISIONS.includes(input.decision)) {
    throw new AoError({
      code: "REVIEW_INVALID",
      message: `${PLUGIN}: review decision must be one of ${DECISIONS.join(", ")} (got ${JSON.stringify(input.decision)}).`,
      hint: "ao review <session> --approve | --request-changes <message> | --comment <message>",
      kind: "usage",
    });
  }
  if (typeof input.body !== "string") {
    throw new AoError({
      code: "REVIEW_INVALID",
      message: `${PLUGIN}: review body must be a string.`,
      hint: "Give the review's text as a string (it may be empty for an approval).",
      kind: "usage",
    });
  }
  let review: StoredReview | undefined;
  const record = await store.update(
    number,
    (r) => {
      requireOpen(r, "review");
      review = {
        id: newId("review"),
        decision: input.decision,
        body: input.body,
        author: input.author ?? defaultAuthor(),
        headSha: r.headSha,
        createdAt: now,
      };
      r.reviews.push(review);
      return true;
    },
    now,
  );
  const type =
    input.decision === "approve"
      ? "review_approved"
      : input.decision === "request_changes"
        ? "changes_requested"
        : "review_comment";
  return eventFor(store, record, type, review?.id);
}

/** Store a comment (a line comment when `path` is given). */
export async function addComment(
  store: PrStore,
  number: number,
  input: CommentInput,
  now: number,
): Promise<ScmEvent> {
  if (typeof input.body !== "string" || input.body.length === 0) {
    throw new AoError({
      code: "REVIEW_INVALID",
      message: `${PLUGIN}: a comment needs a non-empty body.`,
      hint: 'ao review <session> --comment "what to change"',
      kind: "usage",
    });
  }
  const id = newId("comment");
  const record = await store.update(
    number,
    (r) => {
      requireOpen(r, "comment on");
      r.comments.push({
        id,
        author: input.author ?? defaultAuthor(),
        body: input.body,
        ...(input.path !== undefined ? { path: input.path } : {}),
        ...(input.line !== undefined ? { line: input.line } : {}),
        createdAt: now,
      });
      return true;
    },
    now,
  );
  return eventFor(store, record, "review_comment", id);
}

/** Close a PR without merging; closing a closed PR is a no-op. */
export async function closePr(store: PrStore, number: number, now: number): Promise<ScmEvent | null> {
  let changed = false;
  const record = await store.update(
    number,
    (r) => {
      if (r.state === "closed") return false;
      requireOpen(r, "close");
      r.state = "closed";
      r.closedAt = now;
      changed = true;
      return true;
    },
    now,
  );
  return changed ? eventFor(store, record, "pr_closed", `closed-${number}`) : null;
}

/** Reopen a PR closed without merge (a merged one stays merged). */
export async function reopenPr(store: PrStore, number: number, now: number): Promise<PrRecord> {
  return store.update(
    number,
    (r) => {
      if (r.state === "open") return false;
      if (r.state === "merged") requireOpen(r, "reopen");
      r.state = "open";
      delete r.closedAt;
      return true;
    },
    now,
  );
}

export function eventFor(store: PrStore, record: PrRecord, type: ScmEvent["type"], id?: string): ScmEvent {
  return {
    type,
    pr: record.number,
    branch: record.branch,
    ...(record.headSha ? { headSha: record.headSha } : {}),
    url: store.url(record.number),
    ...(id ? { deliveryId: `scm-local:${id}` } : {}),
  };
}

function isTrusted(author: string, trusted: string[] | null): boolean {
  return trusted === null || trusted.includes(author);
}

/**
 * The latest trusted approve / request-changes decides; plain comments do not.
 * An approval counts for the head it was given on only: once the branch moves,
 * the PR needs a new approval (requested changes stand until reviewed again).
 */
export function reviewDecision(record: PrRecord, trusted: string[] | null): ReviewDecision {
  const decisive = record.reviews
    .filter((r) => r.decision !== "comment" && isTrusted(r.author, trusted))
    .at(-1);
  if (!decisive) return "pending";
  if (decisive.decision !== "approve") return "changes_requested";
  return decisive.headSha === record.headSha ? "approved" : "pending";
}

/** Review bodies and comments, oldest first, each marked trusted or not. */
export function commentsOf(record: PrRecord, trusted: string[] | null): ReviewComment[] {
  const fromReviews: ReviewComment[] = record.reviews
    .filter((r) => r.body.length > 0)
    .map((r) => ({
      id: r.id,
      author: r.author,
      body: r.body,
      trusted: isTrusted(r.author, trusted),
      createdAt: r.createdAt,
    }));
  const comments: ReviewComment[] = record.comments.map((c) => ({
    id: c.id,
    author: c.author,
    body: c.body,
    trusted: isTrusted(c.author, trusted),
    ...(c.path !== undefined ? { path: c.path } : {}),
    ...(c.line !== undefined ? { line: c.line } : {}),
    createdAt: c.createdAt,
  }));
  return [...fromReviews, ...comments].sort((a, b) => a.createdAt - b.createdAt);
}
