import type { ProjectRef, ScmPlugin, SessionSnapshot } from "@ao/core";

/** What the demo's human reviewer did, for the timeline. */
export type ReviewerAction = { session: string; pr: number; did: "requested changes" | "approved" };

/**
 * The demo's human: reviews PRs through the local SCM as a person would with
 * `ao review`. The multiply PR gets a change request once CI is green, then an
 * approval once the agent has pushed a fix; the subtract PR is approved only
 * after it has conflicted with the merged multiply PR and been rebased; the
 * divide PR never gets a review (its CI never passes).
 */
export class DemoReviewer {
  private requestedAt = new Map<string, string | null>();
  private approved = new Set<string>();
  private conflicted = new Set<string>();
  private busy = false;

  constructor(
    private readonly scm: ScmPlugin,
    private readonly project: ProjectRef,
    private readonly onAction: (action: ReviewerAction) => void,
  ) {}

  /** Look at every session and act where a reviewer would. */
  async consider(sessions: SessionSnapshot[]): Promise<void> {
    if (this.busy || !this.scm.review) return;
    this.busy = true;
    try {
      const multiplyMerged = sessions.some((s) => s.issue === "multiply" && s.state === "merged");
      for (const s of sessions) {
        const pr = s.facts.pr;
        if (!pr || pr.state !== "open" || this.approved.has(s.id)) continue;
        if (s.state === "merge_conflict") this.conflicted.add(s.id);
        if (s.issue === "multiply") await this.multiply(s, pr.number, pr.ci, pr.headSha);
        if (
          s.issue === "subtract" &&
          multiplyMerged &&
          this.conflicted.has(s.id) &&
          s.state === "review_pending"
        ) {
          await this.act(s, pr.number, "approve", "Rebased cleanly; thanks!");
        }
      }
    } finally {
      this.busy = false;
    }
  }

  private async multiply(s: SessionSnapshot, pr: number, ci: string, head: string | null): Promise<void> {
    if (!this.requestedAt.has(s.id)) {
      if (s.state !== "review_pending") return;
      this.requestedAt.set(s.id, head);
      await this.act(s, pr, "request_changes", "Please document multiply with a doc comment.");
      return;
    }
    if (ci === "passed" && head !== this.requestedAt.get(s.id)) {
      await this.act(s, pr, "approve", "Looks good now.");
    }
  }

  private async act(s: SessionSnapshot, pr: number, decision: "approve" | "request_changes", body: string) {
    if (decision === "approve") this.approved.add(s.id);
    await this.scm.review?.(this.project, pr, { decision, body, author: "demo-reviewer" });
    this.onAction({ session: s.id, pr, did: decision === "approve" ? "approved" : "requested changes" });
  }
}
