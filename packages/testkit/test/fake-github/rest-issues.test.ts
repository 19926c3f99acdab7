import type { Octokit } from "@octokit/rest";
import { octokitFor } from "./quiet-octokit.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAKE_GITHUB_TOKEN, type FakeGitHub, startFakeGitHub } from "../../src/index.js";

let gh: FakeGitHub;
let octokit: Octokit;

beforeAll(async () => {
  gh = await startFakeGitHub();
  await gh.createRepo("acme/app");
  octokit = octokitFor(gh.url, FAKE_GITHUB_TOKEN);
});
afterAll(() => gh.close());

describe("fake GitHub REST: issues", () => {
  it("creates, filters and pages issues, with pull requests among them", async () => {
    gh.createIssue("acme/app", {
      title: "bug one",
      labels: ["bug", "ao"],
      assignees: ["alice"],
      milestone: "v1",
    });
    gh.createIssue("acme/app", { title: "bug two", labels: ["bug"] });
    gh.createIssue("acme/app", { title: "closed", labels: ["bug", "ao"], state: "closed" });
    const created = await octokit.rest.issues.create({
      owner: "acme",
      repo: "app",
      title: "via api",
      labels: ["ao"],
    });
    expect(created.status).toBe(201);
    expect(created.data.user?.login).toBe("ao-bot");

    const bugs = await octokit.rest.issues.listForRepo({ owner: "acme", repo: "app", labels: "bug,ao" });
    expect(bugs.data.map((i) => i.title)).toEqual(["bug one"]);
    const all = await octokit.rest.issues.listForRepo({
      owner: "acme",
      repo: "app",
      labels: "bug",
      state: "all",
    });
    expect(all.data.map((i) => i.title).sort()).toEqual(["bug one", "bug two", "closed"]);
    const alice = await octokit.rest.issues.listForRepo({ owner: "acme", repo: "app", assignee: "alice" });
    expect(alice.data.map((i) => i.title)).toEqual(["bug one"]);
    const v1 = await octokit.rest.issues.listForRepo({ owner: "acme", repo: "app", milestone: "1" });
    expect(v1.data.map((i) => i.milestone?.title)).toEqual(["v1"]);

    for (let n = 0; n < 5; n++) gh.createIssue("acme/app", { title: `page ${n}` });
    const paged = await octokit.paginate(octokit.rest.issues.listForRepo, {
      owner: "acme",
      repo: "app",
      per_page: 2,
    });
    expect(paged).toHaveLength(8);
    const first = await octokit.rest.issues.listForRepo({ owner: "acme", repo: "app", per_page: 2 });
    expect(first.headers.link).toContain('rel="next"');
  });

  it("labels, assigns, comments, closes and reopens", async () => {
    const n = gh.createIssue("acme/app", { title: "to work on" });
    const o = { owner: "acme", repo: "app", issue_number: n };
    await octokit.rest.issues.addLabels({ ...o, labels: ["ao:claimed"] });
    await octokit.rest.issues.addAssignees({ ...o, assignees: ["ao-bot"] });
    await octokit.rest.issues.createComment({ ...o, body: "working on it" });
    await octokit.rest.issues.removeLabel({ ...o, name: "ao:claimed" });
    await octokit.rest.issues.update({ ...o, state: "closed" });
    let got = await octokit.rest.issues.get(o);
    expect(got.data.state).toBe("closed");
    expect(got.data.state_reason).toBe("completed");
    expect(got.data.labels).toEqual([]);
    expect(got.data.assignees?.map((a) => a.login)).toEqual(["ao-bot"]);
    expect(got.data.comments).toBe(1);
    await octokit.rest.issues.update({ ...o, state: "open" });
    got = await octokit.rest.issues.get(o);
    expect(got.data.state).toBe("open");
    const comments = await octokit.rest.issues.listComments(o);
    expect(comments.data.map((c) => c.body)).toEqual(["working on it"]);
    const kinds = gh.events.filter((e) => e.subject.issue === n).map((e) => `${e.event}.${e.action}`);
    expect(kinds).toEqual([
      "issues.opened",
      "issues.labeled",
      "issues.assigned",
      "issue_comment.created",
      "issues.unlabeled",
      "issues.closed",
      "issues.reopened",
    ]);
  });

  it("answers 401 for an unknown token, 404 for a private repo the user cannot see, 422 for a bad body", async () => {
    const bad = octokitFor(gh.url, "nope");
    await expect(bad.rest.issues.listForRepo({ owner: "acme", repo: "app" })).rejects.toMatchObject({
      status: 401,
    });
    await gh.createRepo("acme/secret", { private: true });
    gh.setPermission("acme/secret", "ao-bot", "none");
    await expect(octokit.rest.issues.listForRepo({ owner: "acme", repo: "secret" })).rejects.toMatchObject({
      status: 404,
    });
    const anon = octokitFor(gh.url);
    await expect(anon.rest.issues.listForRepo({ owner: "acme", repo: "secret" })).rejects.toMatchObject({
      status: 404,
    });
    await expect(
      octokit.request("POST /repos/{owner}/{repo}/issues", {
        owner: "acme",
        repo: "app",
        title: 42 as unknown as string,
      }),
    ).rejects.toMatchObject({ status: 422 });
    const logged = gh.requests.find((r) => r.status === 401);
    expect(logged?.token).toBeNull();
    expect(JSON.stringify(gh.requests)).not.toContain(FAKE_GITHUB_TOKEN);
  });

  it("sends rate-limit headers, ETags and free 304s", async () => {
    const o = { owner: "acme", repo: "app" };
    const first = await octokit.rest.issues.listForRepo(o);
    expect(first.headers["x-ratelimit-resource"]).toBe("core");
    const remaining = Number(first.headers["x-ratelimit-remaining"]);
    const etag = first.headers.etag;
    expect(etag).toBeTruthy();
    await expect(
      octokit.rest.issues.listForRepo({ ...o, headers: { "if-none-match": etag } }),
    ).rejects.toMatchObject({ status: 304 });
    const again = await octokit.rest.issues.listForRepo(o);
    expect(Number(again.headers["x-ratelimit-remaining"])).toBe(remaining - 1);
    expect(gh.requests.some((r) => r.status === 304 && r.conditional)).toBe(true);
  });
});
