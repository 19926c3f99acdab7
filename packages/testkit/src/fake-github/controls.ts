import type { FakeContext } from "./context.js";
import type { HttpError } from "./http.js";
import { mergeBranch, mergeTree, readRefSync } from "./git-ops.js";
import { createIssueRecord, setIssueState } from "./rest-issues.js";
import { markMerged, mergePull, openPull } from "./rest-pulls.js";
import { nodeId } from "./state.js";
import type {
  CheckRunInput,
  IssueInput,
  Mergeable,
  PullInput,
  ReviewCommentInput,
  ReviewInput,
  StatusInput,
} from "./types.js";

/** The test-facing setters of the fake (what a human or CI would do on github.com). */
export function controls(ctx: FakeContext) {
  const w = ctx.world;
  return {
    createIssue(repoName: string, i: IssueInput): number {
      const repo = w.repo(repoName);
      const issue = createIssueRecord(ctx, repo, {
        title: i.title,
        body: i.body ?? null,
        labels: i.labels,
        assignees: i.assignees,
        milestone: i.milestone ? w.milestone(repo, i.milestone).number : null,
        author: i.author ?? repo.owner,
      });
      ctx.emit(repo, "issues", "opened", { issue: issue.number, sender: issue.author });
      // GitHub follows "opened" with one "labeled" per label the issue was created with.
      for (const label of issue.labels)
        ctx.emit(repo, "issues", "labeled", { issue: issue.number, label, sender: issue.author });
      if (i.state === "closed") setIssueState(ctx, repo, issue, "closed", issue.author);
      return issue.number;
    },

    closeIssue(repoName: string, n: number): void {
      const repo = w.repo(repoName);
      const issue = w.issue(repo, n);
      if (issue.state !== "closed") setIssueState(ctx, repo, issue, "closed", repo.owner);
    },

    openPullRequest(repoName: string, p: PullInput): number {
      const repo = w.repo(repoName);
      // The test may have pushed straight into the bare repo a moment ago.
      for (const b of [p.head, p.base ?? repo.defaultBranch]) {
        const sha = readRefSync(repo.bareDir, b);
        if (sha) repo.refs.set(b, sha);
      }
      try {
        return openPull(ctx, repo, { ...p, author: p.author ?? repo.owner }).number;
      } catch (error) {
        // Say why in the test's own words rather than GitHub's bare "Validation Failed".
        const detail = (error as HttpError).extra?.errors as Array<{ message?: string }> | undefined;
        throw new Error(
          `fake GitHub: cannot open a PR from ${p.head} in ${repoName}: ${detail?.[0]?.message ?? (error as Error).message}`,
        );
      }
    },

    setCheckRun(repoName: string, sha: string, c: CheckRunInput): number {
      const repo = w.repo(repoName);
      const now = w.now();
      let run = repo.checkRuns.find((r) => r.sha === sha && r.name === c.name);
      const created = !run;
      if (!run) {
        run = {
          id: w.newId(),
          sha,
          name: c.name,
          status: c.status,
          conclusion: null,
          log: null,
          app: c.app ?? "github-actions",
          detailsUrl: null,
          title: null,
          summary: null,
          startedAt: now,
          completedAt: null,
        };
        repo.checkRuns.push(run);
      }
      run.status = c.status;
      run.conclusion = c.status === "completed" ? (c.conclusion ?? "success") : null;
      run.completedAt = c.status === "completed" ? now : null;
      run.log = c.log ?? run.log;
      run.detailsUrl = c.detailsUrl ?? `${ctx.url}/${repo.fullName}/actions/runs/${run.id}/job/${run.id}`;
      run.title = c.title ?? run.title;
      run.summary = c.summary ?? run.summary;
      const action = created ? "created" : c.status === "completed" ? "completed" : "rerequested";
      ctx.emit(repo, "check_run", action, { checkRun: run.id });
      if (created && c.status === "completed") ctx.emit(repo, "check_run", "completed", { checkRun: run.id });
      return run.id;
    },

    setStatus(repoName: string, sha: string, s: StatusInput): void {
      const repo = w.repo(repoName);
      const now = w.now();
      const id = w.newId();
      repo.statuses.push({
        id,
        sha,
        context: s.context,
        state: s.state,
        description: s.description ?? null,
        targetUrl: s.targetUrl ?? null,
        createdAt: now,
        updatedAt: now,
      });
      ctx.emit(repo, "status", null, { status: id });
    },

    addReview(repoName: string, pr: number, r: ReviewInput): number {
      const repo = w.repo(repoName);
      const p = w.pull(repo, pr);
      const id = w.newId();
      repo.reviews.push({
        id,
        pull: pr,
        author: r.author,
        state: r.state,
        body: r.body ?? "",
        commitId: r.commitId ?? p.headSha,
        submittedAt: w.now(),
      });
      ctx.emit(repo, "pull_request_review", "submitted", { pull: pr, review: id, sender: r.author });
      return id;
    },

    addReviewComment(repoName: string, pr: number, c: ReviewCommentInput): { id: number; threadId: string } {
      const repo = w.repo(repoName);
      const p = w.pull(repo, pr);
      const now = w.now();
      const id = w.newId();
      const parent =
        c.inReplyTo === undefined ? undefined : repo.reviewComments.find((x) => x.id === c.inReplyTo);
      if (c.inReplyTo !== undefined && !parent)
        throw new Error(`fake GitHub: no review comment ${c.inReplyTo} to reply to`);
      const threadId = parent?.threadId ?? nodeId("PRRT", w.newId());
      const path = parent?.path ?? c.path ?? "README.md";
      const line = parent ? parent.line : (c.line ?? null);
      repo.reviewComments.push({
        id,
        pull: pr,
        threadId,
        author: c.author,
        body: c.body,
        path,
        line,
        inReplyTo: parent?.id ?? null,
        commitId: p.headSha,
        createdAt: now,
        updatedAt: now,
      });
      const thread = repo.threads.get(threadId) ?? {
        id: threadId,
        pull: pr,
        path,
        line,
        resolved: false,
        outdated: false,
        comments: [],
      };
      thread.comments.push(id);
      repo.threads.set(threadId, thread);
      ctx.emit(repo, "pull_request_review_comment", "created", {
        pull: pr,
        reviewComment: id,
        sender: c.author,
      });
      return { id, threadId };
    },

    resolveThread(repoName: string, threadId: string): void {
      const repo = w.repo(repoName);
      const t = repo.threads.get(threadId);
      if (!t) throw new Error(`fake GitHub: no review thread ${threadId} in ${repoName}`);
      t.resolved = true;
      ctx.emit(repo, "pull_request_review_thread", "resolved", { pull: t.pull, thread: t.id });
    },

    markOutdated(repoName: string, threadId: string): void {
      const repo = w.repo(repoName);
      const t = repo.threads.get(threadId);
      if (!t) throw new Error(`fake GitHub: no review thread ${threadId} in ${repoName}`);
      t.outdated = true;
    },

    setMergeable(repoName: string, pr: number, m: Mergeable | null): void {
      w.pull(w.repo(repoName), pr).mergeableOverride = m;
    },

    /** Merge as if someone pressed the button on the website (real git merge when it is clean). */
    async mergeExternally(repoName: string, pr: number): Promise<void> {
      const repo = w.repo(repoName);
      await ctx.syncRefs(repo);
      const p = w.pull(repo, pr);
      const baseSha = repo.refs.get(p.base);
      let sha: string | null = null;
      if (baseSha && (await mergeTree(repo.bareDir, baseSha, p.headSha)).clean) {
        sha = await mergeBranch(repo.bareDir, p.base, p.headSha, {
          method: "merge",
          message: `Merge pull request #${pr}`,
        });
      }
      markMerged(ctx, repo, p, repo.owner, sha);
      await ctx.syncRefs(repo);
    },

    /**
     * Run the merge queue once, in queue order: a PR that still merges (checks,
     * reviews, no conflict) is merged by `github-merge-queue[bot]`, any other
     * leaves the queue. Resolves with the merged and the removed numbers.
     */
    async advanceMergeQueue(repoName: string): Promise<{ merged: number[]; removed: number[] }> {
      const repo = w.repo(repoName);
      await ctx.syncRefs(repo);
      const merged: number[] = [];
      const removed: number[] = [];
      for (const p of [...repo.pulls.values()].filter((x) => x.inMergeQueue)) {
        try {
          await mergePull(ctx, repo, p, { sha: p.headSha, actor: "github-merge-queue[bot]" });
          merged.push(p.number);
        } catch {
          p.inMergeQueue = false;
          removed.push(p.number);
        }
      }
      return { merged, removed };
    },

    closePullRequest(repoName: string, pr: number): void {
      const repo = w.repo(repoName);
      w.pull(repo, pr);
      const issue = w.issue(repo, pr);
      if (issue.state !== "closed") setIssueState(ctx, repo, issue, "closed", repo.owner);
    },
  };
}
