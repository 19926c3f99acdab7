import { publish } from "./bus.js";
import { addComment, type CommentInput, closePr, postReview, type ReviewInput } from "./reviews.js";
import { type PrRecord, PrStore } from "./store.js";

/** Programmatic access to one project's scm-local state, for the demo, tests and scripts. */
export interface LocalScmState {
  /** Every PR, oldest first, as stored (reviews, comments, CI runs included). */
  list(): Promise<PrRecord[]>;
  /** One PR as stored; throws PR_NOT_FOUND. */
  get(number: number): Promise<PrRecord>;
  /** The open PR of a branch, if any. */
  findByBranch(branch: string): Promise<PrRecord | null>;
  /** Post a review: approve, request_changes or comment (the latest approve/request_changes decides). */
  review(number: number, review: ReviewInput): Promise<void>;
  /** Post a comment (optionally on `path`/`line`). */
  comment(number: number, comment: CommentInput): Promise<void>;
  /** Close a PR without merging. */
  close(number: number): Promise<void>;
}

/**
 * Open the scm-local state of a project: pass its `ProjectRef` (or just its
 * `dataDir`). Safe next to a running daemon: every write takes the
 * PR's lock and replaces its file atomically. Reviews and closes made here are
 * also pushed to subscribers in this process at once.
 */
export function localScmState(
  project: string | { dataDir: string },
  options: { now?: () => number } = {},
): LocalScmState {
  const dataDir = typeof project === "string" ? project : project.dataDir;
  const store = new PrStore(dataDir);
  const now = options.now ?? Date.now;
  return {
    list: () => store.list(),
    get: (number) => store.get(number),
    async findByBranch(branch) {
      return (await store.list()).filter((r) => r.branch === branch && r.state === "open").at(-1) ?? null;
    },
    async review(number, review) {
      publish(dataDir, await postReview(store, number, review, now()));
    },
    async comment(number, comment) {
      publish(dataDir, await addComment(store, number, comment, now()));
    },
    async close(number) {
      const event = await closePr(store, number, now());
      if (event) publish(dataDir, event);
    },
  };
}
