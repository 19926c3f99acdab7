import type { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAKE_GITHUB_TOKEN, type FakeGitHub, startFakeGitHub } from "../../src/index.js";
import { responseSchema, shapeProblems } from "./openapi-shape.js";
import { pushBranch } from "./push-helper.js";
import { octokitFor } from "./quiet-octokit.js";

let gh: FakeGitHub;
let octokit: Octokit;
const ids = { issue: 0, pr: 0, merged: 0, run: 0, sha: "", reviewComment: 0, comment: 0 };

beforeAll(async () => {
  gh = await startFakeGitHub({ tokens: { [FAKE_GITHUB_TOKEN]: { login: "acme" } }, lazyMergeable: false });
  await gh.createRepo("acme/app", { protection: { requiredChecks: ["ci"] } });
  octokit = octokitFor(gh.url, FAKE_GITHUB_TOKEN);
  ids.issue = gh.createIssue("acme/app", {
    title: "bug",
    labels: ["bug"],
    assignees: ["acme"],
    milestone: "v1",
  });
  ids.sha = await pushBranch(gh.url, FAKE_GITHUB_TOKEN, "acme/app", "feat", { "f.txt": "f\n" });
  ids.pr = gh.openPullRequest("acme/app", { head: "feat", title: "Feat", author: "dev" });
  await pushBranch(gh.url, FAKE_GITHUB_TOKEN, "acme/app", "other", { "o.txt": "o\n" });
  ids.merged = gh.openPullRequest("acme/app", { head: "other", title: "Other" });
  ids.run = gh.setCheckRun("acme/app", ids.sha, {
    name: "ci",
    status: "completed",
    conclusion: "failure",
    log: "x",
  });
  gh.setStatus("acme/app", ids.sha, { context: "lint", state: "success" });
  gh.addReview("acme/app", ids.pr, { author: "carol", state: "COMMENTED", body: "hm" });
  ids.reviewComment = gh.addReviewComment("acme/app", ids.pr, {
    author: "carol",
    body: "nit",
    path: "f.txt",
    line: 1,
  }).id;
  const comment = await octokit.rest.issues.createComment({ ...o, issue_number: ids.issue, body: "first" });
  ids.comment = comment.data.id;
});
afterAll(() => gh.close());

const o = { owner: "acme", repo: "app" };
type Case = [method: string, template: string, params: () => Record<string, unknown>, status: number];
const CASES: Case[] = [
  ["GET", "/user", () => ({}), 200],
  ["GET", "/rate_limit", () => ({}), 200],
  ["GET", "/repos/{owner}/{repo}", () => o, 200],
  [
    "GET",
    "/repos/{owner}/{repo}/collaborators/{username}/permission",
    () => ({ ...o, username: "acme" }),
    200,
  ],
  ["GET", "/repos/{owner}/{repo}/issues", () => ({ ...o, state: "all" }), 200],
  ["POST", "/repos/{owner}/{repo}/issues", () => ({ ...o, title: "new", labels: ["x"] }), 201],
  ["GET", "/repos/{owner}/{repo}/issues/{issue_number}", () => ({ ...o, issue_number: ids.issue }), 200],
  [
    "PATCH",
    "/repos/{owner}/{repo}/issues/{issue_number}",
    () => ({ ...o, issue_number: ids.issue, title: "bug!" }),
    200,
  ],
  [
    "POST",
    "/repos/{owner}/{repo}/issues/{issue_number}/comments",
    () => ({ ...o, issue_number: ids.issue, body: "hi" }),
    201,
  ],
  [
    "GET",
    "/repos/{owner}/{repo}/issues/{issue_number}/comments",
    () => ({ ...o, issue_number: ids.issue }),
    200,
  ],
  [
    "POST",
    "/repos/{owner}/{repo}/issues/{issue_number}/labels",
    () => ({ ...o, issue_number: ids.issue, labels: ["ao"] }),
    200,
  ],
  [
    "POST",
    "/repos/{owner}/{repo}/issues/{issue_number}/assignees",
    () => ({ ...o, issue_number: ids.issue, assignees: ["dev"] }),
    201,
  ],
  ["GET", "/repos/{owner}/{repo}/labels", () => o, 200],
  ["POST", "/repos/{owner}/{repo}/labels", () => ({ ...o, name: "new-label", color: "00ff00" }), 201],
  [
    "PUT",
    "/repos/{owner}/{repo}/issues/{issue_number}/labels",
    () => ({ ...o, issue_number: ids.issue, labels: ["bug", "ao"] }),
    200,
  ],
  [
    "DELETE",
    "/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}",
    () => ({ ...o, issue_number: ids.issue, name: "ao" }),
    200,
  ],
  [
    "DELETE",
    "/repos/{owner}/{repo}/issues/{issue_number}/assignees",
    () => ({ ...o, issue_number: ids.issue, assignees: ["dev"] }),
    200,
  ],
  [
    "PATCH",
    "/repos/{owner}/{repo}/issues/comments/{comment_id}",
    () => ({ ...o, comment_id: ids.comment, body: "edited" }),
    200,
  ],
  ["GET", "/repos/{owner}/{repo}/pulls/comments", () => o, 200],
  [
    "POST",
    "/repos/{owner}/{repo}/pulls/{pull_number}/comments/{comment_id}/replies",
    () => ({ ...o, pull_number: ids.pr, comment_id: ids.reviewComment, body: "ok" }),
    201,
  ],
  [
    "GET",
    "/repos/{owner}/{repo}/check-runs/{check_run_id}/annotations",
    () => ({ ...o, check_run_id: ids.run }),
    200,
  ],
  [
    "POST",
    "/repos/{owner}/{repo}/statuses/{sha}",
    () => ({ ...o, sha: ids.sha, state: "pending", context: "deploy" }),
    201,
  ],
  ["GET", "/repos/{owner}/{repo}/actions/runs", () => ({ ...o, head_sha: ids.sha }), 200],
  ["GET", "/repos/{owner}/{repo}/pulls", () => ({ ...o, state: "all" }), 200],
  ["GET", "/repos/{owner}/{repo}/pulls/{pull_number}", () => ({ ...o, pull_number: ids.pr }), 200],
  [
    "PATCH",
    "/repos/{owner}/{repo}/pulls/{pull_number}",
    () => ({ ...o, pull_number: ids.pr, body: "b" }),
    200,
  ],
  ["GET", "/repos/{owner}/{repo}/pulls/{pull_number}/reviews", () => ({ ...o, pull_number: ids.pr }), 200],
  [
    "POST",
    "/repos/{owner}/{repo}/pulls/{pull_number}/reviews",
    () => ({ ...o, pull_number: ids.pr, event: "APPROVE" }),
    200,
  ],
  ["GET", "/repos/{owner}/{repo}/pulls/{pull_number}/comments", () => ({ ...o, pull_number: ids.pr }), 200],
  [
    "POST",
    "/repos/{owner}/{repo}/pulls/{pull_number}/comments",
    () => ({ ...o, pull_number: ids.pr, body: "c", path: "f.txt", line: 1, commit_id: ids.sha }),
    201,
  ],
  ["GET", "/repos/{owner}/{repo}/commits/{ref}/check-runs", () => ({ ...o, ref: ids.sha }), 200],
  ["GET", "/repos/{owner}/{repo}/check-runs/{check_run_id}", () => ({ ...o, check_run_id: ids.run }), 200],
  ["GET", "/repos/{owner}/{repo}/commits/{ref}/status", () => ({ ...o, ref: ids.sha }), 200],
  ["GET", "/repos/{owner}/{repo}/commits/{ref}/statuses", () => ({ ...o, ref: ids.sha }), 200],
  ["GET", "/repos/{owner}/{repo}/actions/jobs/{job_id}", () => ({ ...o, job_id: ids.run }), 200],
  ["GET", "/repos/{owner}/{repo}/actions/runs/{run_id}/jobs", () => ({ ...o, run_id: ids.run }), 200],
  ["GET", "/repos/{owner}/{repo}/branches/{branch}", () => ({ ...o, branch: "main" }), 200],
  ["GET", "/repos/{owner}/{repo}/commits/{ref}", () => ({ ...o, ref: ids.sha }), 200],
  ["GET", "/repos/{owner}/{repo}/branches/{branch}/protection", () => ({ ...o, branch: "main" }), 200],
  [
    "POST",
    "/repos/{owner}/{repo}/pulls",
    () => ({ ...o, head: "feat", base: "other", title: "stacked" }),
    201,
  ],
  ["PUT", "/repos/{owner}/{repo}/pulls/{pull_number}/merge", () => ({ ...o, pull_number: ids.merged }), 200],
];

describe("fake GitHub answers in the shapes of GitHub's OpenAPI description", () => {
  it.each(CASES)("%s %s", async (method, template, params, status) => {
    if (template.endsWith("/merge"))
      gh.setCheckRun("acme/app", gh.repoState("acme/app").refs.other ?? "", {
        name: "ci",
        status: "completed",
        conclusion: "success",
      });
    const res = await octokit.request(`${method} ${template}`, params());
    expect(res.status).toBe(status);
    expect(shapeProblems(responseSchema(method, template, status), res.data)).toEqual([]);
  });

  it("the checker itself catches an undeclared key and a missing required key", () => {
    const schema = responseSchema("GET", "/repos/{owner}/{repo}/labels", 200);
    const label = { id: 1, node_id: "x", url: "u", name: "n", description: null, color: "c", default: false };
    expect(shapeProblems(schema, [label])).toEqual([]);
    expect(shapeProblems(schema, [{ ...label, invented: 1 }])).toEqual([
      "$[0].invented: not in GitHub's schema",
    ]);
    const { color: _c, ...missing } = label;
    expect(shapeProblems(schema, [missing])).toEqual(["$[0].color: required but missing"]);
  });
});
