import type { Octokit } from "@octokit/rest";
import { octokitFor } from "./quiet-octokit.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { FAKE_GITHUB_TOKEN, type FakeGitHub, git, startFakeGitHub, tempDir } from "../../src/index.js";
import { pushBranch } from "./push-helper.js";

let gh: FakeGitHub;
let octokit: Octokit;
let bareDir: string;
const o = { owner: "acme", repo: "app" };

beforeAll(async () => {
  gh = await startFakeGitHub();
  bareDir = (await gh.createRepo("acme/app")).bareDir;
  octokit = octokitFor(gh.url, FAKE_GITHUB_TOKEN);
});
afterAll(() => gh.close());

describe("fake GitHub REST: pull requests over real git", () => {
  it("creates a PR from a pushed branch, follows pushes, and merges with sha checks", async () => {
    const first = await pushBranch(gh.url, FAKE_GITHUB_TOKEN, "acme/app", "feat-1", { "a.txt": "one\n" });
    const created = await octokit.rest.pulls.create({
      ...o,
      head: "feat-1",
      base: "main",
      title: "Add a",
      draft: true,
    });
    expect(created.data.head.sha).toBe(first);
    expect(created.data.draft).toBe(true);
    const n = created.data.number;

    // PRs are issues too, as on GitHub.
    const issues = await octokit.rest.issues.listForRepo(o);
    expect(issues.data.find((i) => i.number === n)?.pull_request?.url).toContain(`/pulls/${n}`);

    const second = await pushBranch(gh.url, FAKE_GITHUB_TOKEN, "acme/app", "feat-1", { "a.txt": "two\n" });
    const lazy = await octokit.rest.pulls.get({ ...o, pull_number: n });
    expect(lazy.data.head.sha).toBe(second);
    expect(lazy.data.mergeable).toBeNull();
    const known = await octokit.rest.pulls.get({ ...o, pull_number: n });
    expect(known.data.mergeable).toBe(true);

    const byHead = await octokit.rest.pulls.list({ ...o, head: "acme:feat-1" });
    expect(byHead.data.map((p) => p.number)).toEqual([n]);
    expect((await octokit.rest.pulls.list({ ...o, head: "acme:other" })).data).toEqual([]);

    await expect(octokit.rest.pulls.merge({ ...o, pull_number: n, sha: second })).rejects.toMatchObject({
      status: 405,
    });
    // REST cannot undraft (GitHub ignores `draft` on update); GraphQL can.
    await octokit.request("PATCH /repos/{owner}/{repo}/pulls/{pull_number}", {
      ...o,
      pull_number: n,
      draft: false,
    });
    expect((await octokit.rest.pulls.get({ ...o, pull_number: n })).data.draft).toBe(true);
    await octokit.graphql(
      "mutation($id: ID!) { markPullRequestReadyForReview(input: {pullRequestId: $id}) { clientMutationId } }",
      {
        id: created.data.node_id,
      },
    );
    await expect(octokit.rest.pulls.merge({ ...o, pull_number: n, sha: first })).rejects.toMatchObject({
      status: 409,
    });
    const merged = await octokit.rest.pulls.merge({
      ...o,
      pull_number: n,
      sha: second,
      merge_method: "squash",
    });
    expect(merged.data.merged).toBe(true);
    expect(gh.repoState("acme/app").refs.main).toBe(merged.data.sha);
    const after = await octokit.rest.pulls.get({ ...o, pull_number: n });
    expect(after.data.merged).toBe(true);
    expect(after.data.state).toBe("closed");
    const events = gh.events.filter((e) => e.subject.pull === n).map((e) => `${e.event}.${e.action}`);
    expect(events).toEqual([
      "pull_request.opened",
      "pull_request.synchronize",
      "pull_request.ready_for_review",
      "pull_request.closed",
    ]);
  });

  it("says why a test's PR cannot be opened", () => {
    expect(() => gh.openPullRequest("acme/app", { head: "no-such-branch", title: "x" })).toThrow(
      "fake GitHub: cannot open a PR from no-such-branch in acme/app: head no-such-branch does not exist",
    );
  });

  it("answers 405 for a conflicting PR and reports it unmergeable", async () => {
    await pushBranch(gh.url, FAKE_GITHUB_TOKEN, "acme/app", "left", { "c.txt": "left\n" });
    await pushBranch(gh.url, FAKE_GITHUB_TOKEN, "acme/app", "right", { "c.txt": "right\n" });
    const left = gh.openPullRequest("acme/app", { head: "left", title: "left" });
    const right = gh.openPullRequest("acme/app", { head: "right", title: "right" });
    gh.setMergeable("acme/app", left, "MERGEABLE");
    await octokit.rest.pulls.merge({ ...o, pull_number: left });
    await octokit.rest.pulls.get({ ...o, pull_number: right });
    const got = await octokit.rest.pulls.get({ ...o, pull_number: right });
    expect(got.data.mergeable).toBe(false);
    expect(got.data.mergeable_state).toBe("dirty");
    await expect(octokit.rest.pulls.merge({ ...o, pull_number: right })).rejects.toMatchObject({
      status: 405,
    });
  });

  it("sees pushes made straight into the bare repository, and answers 400 to a torn body", async () => {
    const before = await octokit.rest.repos.getBranch({ ...o, branch: "main" });
    const dir = await tempDir("ao-fake-gh-direct-");
    try {
      await git(dir.path, ["clone", "--quiet", bareDir, "w"]);
      const w = join(dir.path, "w");
      await writeFile(join(w, "direct.txt"), "d\n");
      await git(w, ["add", "-A"]);
      await git(w, ["commit", "--quiet", "-m", "direct"]);
      await git(w, ["push", "--quiet", "origin", "HEAD:main"]);
      const sha = await git(w, ["rev-parse", "HEAD"]);
      const after = await octokit.rest.repos.getBranch({ ...o, branch: "main" });
      expect(after.data.commit.sha).toBe(sha);
      expect(after.data.commit.sha).not.toBe(before.data.commit.sha);
    } finally {
      await dir.cleanup();
    }
    const torn = await fetch(`${gh.url}/repos/acme/app/issues`, {
      method: "POST",
      headers: { authorization: `token ${FAKE_GITHUB_TOKEN}`, "content-type": "application/json" },
      body: '{"title": "half',
    });
    expect(torn.status).toBe(400);
    expect(((await torn.json()) as { message: string }).message).toBe("Problems parsing JSON");
  });

  it("refuses a push with a read-only token and a clone with a bad one", async () => {
    const reader = await startFakeGitHub({
      tokens: { tr: { login: "reader" }, tw: { login: "acme" } },
      defaultPermission: "read",
    });
    try {
      const { bareDir } = await reader.createRepo("acme/r");
      await expect(pushBranch(reader.url, "tr", "acme/r", "x", { "x.txt": "x\n" })).rejects.toThrow(
        /denied|403/,
      );
      await expect(pushBranch(reader.url, "bad", "acme/r", "x", { "x.txt": "x\n" })).rejects.toThrow();
      const sha = await pushBranch(reader.url, "tw", "acme/r", "x", { "x.txt": "x\n" });
      expect(await git(bareDir, ["rev-parse", "refs/heads/x"])).toBe(sha);
      const perm = await octokitFor(reader.url, "tr").rest.repos.getCollaboratorPermissionLevel({
        owner: "acme",
        repo: "r",
        username: "reader",
      });
      expect(perm.data.permission).toBe("read");
    } finally {
      await reader.close();
    }
  });
});
