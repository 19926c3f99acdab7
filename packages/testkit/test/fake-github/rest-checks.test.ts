import type { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAKE_GITHUB_TOKEN, type FakeGitHub, startFakeGitHub } from "../../src/index.js";
import { pushBranch } from "./push-helper.js";
import { octokitFor } from "./quiet-octokit.js";

let gh: FakeGitHub;
let octokit: Octokit;
let head: string;
let pr: number;
const o = { owner: "acme", repo: "app" };

beforeAll(async () => {
  gh = await startFakeGitHub({ tokens: { [FAKE_GITHUB_TOKEN]: { login: "acme" } } });
  await gh.createRepo("acme/app", { protection: { requiredChecks: ["test"], requiredReviews: 1 } });
  await gh.createRepo("acme/open");
  octokit = octokitFor(gh.url, FAKE_GITHUB_TOKEN);
  head = await pushBranch(gh.url, FAKE_GITHUB_TOKEN, "acme/app", "feat", { "f.txt": "f\n" });
  pr = gh.openPullRequest("acme/app", { head: "feat", title: "Feat", author: "dev" });
});
afterAll(() => gh.close());

describe("fake GitHub REST: checks, statuses, jobs, reviews, protection", () => {
  it("lists the latest check runs of a ref and serves a failed job's log through a 302", async () => {
    gh.setCheckRun("acme/app", head, { name: "test", status: "in_progress" });
    const id = gh.setCheckRun("acme/app", head, {
      name: "test",
      status: "completed",
      conclusion: "failure",
      log: "FAIL src/a.test.ts\n",
    });
    const runs = await octokit.rest.checks.listForRef({ ...o, ref: "feat" });
    expect(runs.data.total_count).toBe(1);
    expect(runs.data.check_runs[0]).toMatchObject({
      id,
      name: "test",
      status: "completed",
      conclusion: "failure",
    });
    expect(runs.data.check_runs[0]?.pull_requests.map((p) => p.number)).toEqual([pr]);
    const job = await octokit.rest.actions.getJobForWorkflowRun({ ...o, job_id: id });
    expect(job.data.check_run_url).toContain(`/check-runs/${id}`);
    const log = await octokit.rest.actions.downloadJobLogsForWorkflowRun({ ...o, job_id: id });
    expect(log.data).toBe("FAIL src/a.test.ts\n");
    expect(gh.requests.some((r) => r.path.endsWith(`/actions/jobs/${id}/logs`) && r.status === 302)).toBe(
      true,
    );
  });

  it("combines commit statuses", async () => {
    gh.setStatus("acme/app", head, { context: "lint", state: "pending" });
    gh.setStatus("acme/app", head, { context: "lint", state: "success" });
    gh.setStatus("acme/app", head, { context: "deploy", state: "error" });
    const combined = await octokit.rest.repos.getCombinedStatusForRef({ ...o, ref: head });
    expect(combined.data.state).toBe("failure");
    expect(combined.data.statuses.map((s) => `${s.context}:${s.state}`).sort()).toEqual([
      "deploy:error",
      "lint:success",
    ]);
  });

  it("creates and lists reviews and review comment threads", async () => {
    await expect(
      octokit.rest.pulls.createReview({ ...o, pull_number: pr, event: "APPROVE" }),
    ).resolves.toMatchObject({ status: 200 });
    const reviews = await octokit.rest.pulls.listReviews({ ...o, pull_number: pr });
    expect(reviews.data.map((r) => `${r.user?.login}:${r.state}`)).toEqual(["acme:APPROVED"]);
    const c = await octokit.rest.pulls.createReviewComment({
      ...o,
      pull_number: pr,
      body: "why?",
      path: "f.txt",
      line: 1,
      commit_id: head,
    });
    await octokit.rest.pulls.createReplyForReviewComment({
      ...o,
      pull_number: pr,
      comment_id: c.data.id,
      body: "because",
    });
    const comments = await octokit.rest.pulls.listReviewComments({ ...o, pull_number: pr });
    expect(comments.data.map((x) => [x.body, x.in_reply_to_id ?? null])).toEqual([
      ["why?", null],
      ["because", c.data.id],
    ]);
    expect(gh.repoState("acme/app").threads).toHaveLength(1);
  });

  it("reads branch protection, and answers 404 where there is none", async () => {
    const branch = await octokit.rest.repos.getBranch({ ...o, branch: "main" });
    expect(branch.data.protected).toBe(true);
    expect(branch.data.protection.required_status_checks?.contexts).toEqual(["test"]);
    const p = await octokit.rest.repos.getBranchProtection({ ...o, branch: "main" });
    expect(p.data.required_status_checks?.contexts).toEqual(["test"]);
    expect(p.data.required_pull_request_reviews?.required_approving_review_count).toBe(1);
    await expect(
      octokit.rest.repos.getBranchProtection({ owner: "acme", repo: "open", branch: "main" }),
    ).rejects.toMatchObject({
      status: 404,
      message: expect.stringContaining("Branch not protected"),
    });
  });
});
