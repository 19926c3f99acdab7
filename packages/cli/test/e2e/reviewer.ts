import type { LocalScmState, PrRecord } from "@ao/scm-local";
import type { StatusSession } from "./daemon.js";

/**
 * The demo's human reviewer with the rules of src/demo/reviewer.ts, but kept
 * stateless: everything it remembers is read back from scm-local's PR records
 * (the head a change request was made on, the first head CI ran on), so it
 * acts the same whether or not the daemon has just been killed.
 * Returns what it did, for the test's log.
 */
export async function reviewOnce(scm: LocalScmState, sessions: StatusSession[]): Promise<string[]> {
  const prs = await scm.list();
  const did: string[] = [];
  const issueOf = (pr: PrRecord) => sessions.find((s) => s.branch === pr.branch)?.issue ?? null;
  const stateOf = (pr: PrRecord) => sessions.find((s) => s.branch === pr.branch)?.state ?? null;
  const multiplyMerged = prs.some((pr) => issueOf(pr) === "multiply" && pr.state === "merged");
  for (const pr of prs) {
    if (pr.state !== "open" || pr.reviews.some((r) => r.decision === "approve")) continue;
    const greenHead = pr.ciRuns.some((run) => run.sha === pr.headSha && run.status === "passed");
    const requested = pr.reviews.find((r) => r.decision === "request_changes");
    const issue = issueOf(pr);
    if (issue === "multiply") {
      if (!requested && stateOf(pr) === "review_pending") {
        await scm.review(pr.number, {
          decision: "request_changes",
          body: "Please document multiply with a doc comment.",
          author: "demo-reviewer",
        });
        did.push(`requested changes on PR #${pr.number}`);
      } else if (requested && pr.headSha !== requested.headSha && greenHead) {
        await scm.review(pr.number, {
          decision: "approve",
          body: "Looks good now.",
          author: "demo-reviewer",
        });
        did.push(`approved PR #${pr.number}`);
      }
    }
    // Approved only once it has been rebased onto the merged multiply (its head moved) and is green again.
    const rebased = pr.ciRuns.length > 0 && pr.headSha !== pr.ciRuns[0]?.sha;
    if (issue === "subtract" && multiplyMerged && rebased && greenHead && stateOf(pr) === "review_pending") {
      await scm.review(pr.number, {
        decision: "approve",
        body: "Rebased cleanly; thanks!",
        author: "demo-reviewer",
      });
      did.push(`approved PR #${pr.number}`);
    }
  }
  return did;
}
