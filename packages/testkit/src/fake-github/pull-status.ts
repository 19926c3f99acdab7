import type { FakeContext } from "./context.js";
import { mergeTree } from "./git-ops.js";
import type { CheckRunRecord, PullRecord, RepoRecord, ReviewRecord, StatusRecord } from "./state.js";
import type { Mergeable } from "./types.js";

/** Derived PR state (mergeability, checks rollup, review decision) shared by REST, GraphQL and merges. */

/**
 * Mergeability as GitHub reports it. `consume` marks a read: the first read
 * after a push answers UNKNOWN (GitHub computes it in the background).
 */
export async function mergeableOf(
  ctx: FakeContext,
  repo: RepoRecord,
  p: PullRecord,
  consume: boolean,
): Promise<Mergeable> {
  const issue = repo.issues.get(p.number);
  if (p.merged || issue?.state === "closed") return "UNKNOWN";
  if (consume && ctx.faults.takeUnknownMergeable()) return "UNKNOWN";
  if (p.mergeableOverride) return p.mergeableOverride;
  if (ctx.lazyMergeable && p.mergeablePending) {
    if (consume) p.mergeablePending = false;
    return "UNKNOWN";
  }
  const baseSha = repo.refs.get(p.base);
  if (!baseSha) return "CONFLICTING";
  const { clean } = await mergeTree(repo.bareDir, baseSha, p.headSha);
  return clean ? "MERGEABLE" : "CONFLICTING";
}

/** The newest check run per name and status per context for a commit. */
export function latestChecks(
  repo: RepoRecord,
  sha: string,
): { runs: CheckRunRecord[]; statuses: StatusRecord[] } {
  const runs = new Map<string, CheckRunRecord>();
  for (const r of repo.checkRuns) if (r.sha === sha) runs.set(r.name, r);
  const statuses = new Map<string, StatusRecord>();
  for (const s of repo.statuses) if (s.sha === sha) statuses.set(s.context, s);
  return { runs: [...runs.values()], statuses: [...statuses.values()] };
}

const FAILED = new Set(["failure", "cancelled", "timed_out", "action_required", "startup_failure", "stale"]);

export type RollupState = "SUCCESS" | "FAILURE" | "ERROR" | "PENDING" | "EXPECTED";

/** GitHub's statusCheckRollup.state; null when the commit has no checks at all. */
export function rollupState(repo: RepoRecord, sha: string): RollupState | null {
  const { runs, statuses } = latestChecks(repo, sha);
  if (runs.length === 0 && statuses.length === 0) return null;
  if (statuses.some((s) => s.state === "error")) return "ERROR";
  if (
    runs.some((r) => r.status === "completed" && FAILED.has(r.conclusion ?? "")) ||
    statuses.some((s) => s.state === "failure")
  ) {
    return "FAILURE";
  }
  if (runs.some((r) => r.status !== "completed") || statuses.some((s) => s.state === "pending"))
    return "PENDING";
  const required = repo.protection?.requiredChecks ?? [];
  const seen = new Set([...runs.map((r) => r.name), ...statuses.map((s) => s.context)]);
  if (required.some((c) => !seen.has(c))) return "EXPECTED";
  return "SUCCESS";
}

/** The latest non-comment review of each author (GitHub's latestOpinionatedReviews). */
export function latestReviews(repo: RepoRecord, pull: number): ReviewRecord[] {
  const byAuthor = new Map<string, ReviewRecord>();
  for (const r of repo.reviews) {
    if (r.pull !== pull) continue;
    const prev = byAuthor.get(r.author);
    if (r.state === "COMMENTED" && prev && prev.state !== "COMMENTED") continue;
    byAuthor.set(r.author, r);
  }
  return [...byAuthor.values()];
}

export function reviewDecision(
  repo: RepoRecord,
  pull: number,
): "APPROVED" | "CHANGES_REQUESTED" | "REVIEW_REQUIRED" | null {
  const latest = latestReviews(repo, pull);
  if (latest.some((r) => r.state === "CHANGES_REQUESTED")) return "CHANGES_REQUESTED";
  const approvals = latest.filter((r) => r.state === "APPROVED").length;
  const required = repo.protection?.requiredReviews ?? 0;
  if (required > 0) return approvals >= required ? "APPROVED" : "REVIEW_REQUIRED";
  return approvals > 0 ? "APPROVED" : null;
}

/** Whether the required checks of the base branch's protection all passed on the head. */
export function requiredChecksPass(repo: RepoRecord, sha: string): boolean {
  const required = repo.protection?.requiredChecks ?? [];
  const { runs, statuses } = latestChecks(repo, sha);
  return required.every(
    (name) =>
      runs.some(
        (r) =>
          r.name === name &&
          r.status === "completed" &&
          ["success", "neutral", "skipped"].includes(r.conclusion ?? ""),
      ) || statuses.some((s) => s.context === name && s.state === "success"),
  );
}

export type MergeStateStatus =
  | "BEHIND"
  | "BLOCKED"
  | "CLEAN"
  | "DIRTY"
  | "DRAFT"
  | "HAS_HOOKS"
  | "UNKNOWN"
  | "UNSTABLE";

export function mergeStateStatus(repo: RepoRecord, p: PullRecord, mergeable: Mergeable): MergeStateStatus {
  if (mergeable === "UNKNOWN") return "UNKNOWN";
  if (mergeable === "CONFLICTING") return "DIRTY";
  if (p.draft) return "DRAFT";
  const decision = reviewDecision(repo, p.number);
  const reviewsOk = !(repo.protection?.requiredReviews ?? 0) || decision === "APPROVED";
  if (!requiredChecksPass(repo, p.headSha) || !reviewsOk) return "BLOCKED";
  const rollup = rollupState(repo, p.headSha);
  if (rollup !== null && rollup !== "SUCCESS") return "UNSTABLE";
  return "CLEAN";
}
