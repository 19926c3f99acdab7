import { AoError, errors, type PrStatus } from "@ao/core";
import { PLUGIN } from "./options.js";
import { branchHeads, commitMerge, mergeTree } from "./repo.js";
import type { PrRecord, PrStore } from "./store.js";

export interface MergeRequest {
  method: "merge" | "squash";
  /** The head that was approved and green: the merge is refused when the branch is elsewhere. */
  sha: string;
  /** Merge even when not approved or CI is not green (a conflict still refuses: there is no tree to commit). */
  force: boolean;
  /** The PR's status as just observed. */
  status: PrStatus | null;
  now: number;
}

function refuse(number: number, reasons: string[], hint?: string): AoError {
  return new AoError({
    code: "MERGE_REFUSED",
    message: `${PLUGIN}: refusing to merge PR #${number}: ${reasons.join("; ")}.`,
    ...(hint ? { hint } : {}),
  });
}

/**
 * Land a PR on its base branch inside the bare repository, without a working
 * copy: `merge-tree --write-tree`, `commit-tree`, then `update-ref` guarded by
 * the old value so a concurrent merge is never overwritten. The caller holds
 * the repository's merge lock, so two merges never race for the base ref.
 */
export async function mergePr(
  store: PrStore,
  repo: string,
  number: number,
  request: MergeRequest,
): Promise<PrRecord> {
  return store.update(
    number,
    async (record) => {
      if (record.state !== "open") throw refuse(number, [`it is already ${record.state}`]);
      const heads = await branchHeads(repo);
      const baseSha = heads.get(record.base);
      const headSha = heads.get(record.branch);
      if (!baseSha || !headSha)
        throw refuse(number, [`branch ${baseSha ? record.branch : record.base} is missing on the remote`]);
      // Checked under the locks: a push after approval is never merged unreviewed.
      if (headSha !== request.sha) throw errors.headMoved(number, request.sha, headSha);
      const status = request.status;
      if (!request.force && status) {
        const reasons: string[] = [];
        if (status.review !== "approved") reasons.push(`it is not approved (review: ${status.review})`);
        if (status.ci === "failed" || status.ci === "pending") reasons.push(`CI is ${status.ci}`);
        if (reasons.length > 0)
          throw refuse(number, reasons, "Approve it and let CI pass, or merge with force.");
      }
      const tree = await mergeTree(repo, baseSha, headSha);
      if (tree === null) {
        throw refuse(
          number,
          [`it conflicts with ${record.base}`],
          `Rebase ${record.branch} on ${record.base} and push.`,
        );
      }
      const message =
        request.method === "merge"
          ? `Merge pull request #${number} from ${record.branch}\n\n${record.title}`
          : `${record.title} (#${number})\n\n${record.body}`;
      const mergedSha = await commitMerge(repo, {
        base: record.base,
        baseSha,
        headSha,
        tree,
        method: request.method,
        message,
      });
      record.state = "merged";
      record.headSha = headSha;
      record.mergedSha = mergedSha;
      record.mergedAt = request.now;
      return true;
    },
    request.now,
  );
}
