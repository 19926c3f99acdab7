import type { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAKE_GITHUB_TOKEN, type FakeGitHub, startFakeGitHub } from "../../src/index.js";
import { pushBranch } from "./push-helper.js";
import { octokitFor } from "./quiet-octokit.js";

// biome-ignore lint/suspicious/noExplicitAny: GraphQL answers are checked field by field below
type Json = any;

let gh: FakeGitHub;
let octokit: Octokit;
let pr: number;
let head: string;

const PR_FIELDS = `
  number headRefOid headRefName baseRefName isCrossRepository state isDraft mergeable mergeStateStatus reviewDecision
  statusCheckRollup { state contexts(first: 20) { nodes {
    ... on CheckRun { name status conclusion detailsUrl databaseId }
    ... on StatusContext { context state } } } }
  commits(last: 1) { nodes { commit { oid statusCheckRollup { state } } } }
  latestReviews(first: 10) { nodes { author { login } state } }
  reviewThreads(first: 20) { nodes { id isResolved isOutdated path line
    comments(first: 10) { nodes { databaseId author { login } authorAssociation body createdAt url } } } }`;

beforeAll(async () => {
  gh = await startFakeGitHub({ tokens: { [FAKE_GITHUB_TOKEN]: { login: "ao-bot" } }, lazyMergeable: false });
  await gh.createRepo("acme/app", {
    protection: { requiredChecks: ["ci"], requiredReviews: 1 },
    mergeQueue: true,
  });
  octokit = octokitFor(gh.url, FAKE_GITHUB_TOKEN);
  head = await pushBranch(gh.url, FAKE_GITHUB_TOKEN, "acme/app", "feat", { "f.txt": "f\n" });
  pr = gh.openPullRequest("acme/app", { head: "feat", title: "Feat", draft: true, body: "Fixes #99" });
});
afterAll(() => gh.close());

describe("fake GitHub GraphQL", () => {
  it("answers the SCM's batched PR query with aliases, checks, reviews and threads", async () => {
    gh.setCheckRun("acme/app", head, { name: "ci", status: "completed", conclusion: "failure", log: "boom" });
    gh.setStatus("acme/app", head, { context: "lint", state: "success" });
    gh.addReview("acme/app", pr, { author: "carol", state: "CHANGES_REQUESTED" });
    const { threadId } = gh.addReviewComment("acme/app", pr, {
      author: "carol",
      body: "fix this",
      path: "f.txt",
      line: 1,
    });
    const res = await octokit.graphql<Record<string, { pullRequest: Record<string, unknown> | null }>>(
      `query Batch { pr0: repository(owner: "acme", name: "app") { pullRequest(number: ${pr}) { ${PR_FIELDS} } }
        rateLimit { cost remaining resetAt limit used } }`,
    );
    const p = res.pr0?.pullRequest as Json;
    expect(p.headRefOid).toBe(head);
    expect(p.state).toBe("OPEN");
    expect(p.isDraft).toBe(true);
    expect(p.mergeable).toBe("MERGEABLE");
    expect(p.mergeStateStatus).toBe("DRAFT");
    expect(p.reviewDecision).toBe("CHANGES_REQUESTED");
    expect(p.statusCheckRollup.state).toBe("FAILURE");
    expect(p.statusCheckRollup.contexts.nodes).toEqual([
      expect.objectContaining({ name: "ci", status: "COMPLETED", conclusion: "FAILURE" }),
      { context: "lint", state: "SUCCESS" },
    ]);
    expect(p.commits.nodes[0].commit.oid).toBe(head);
    expect(p.reviewThreads.nodes[0]).toMatchObject({
      id: threadId,
      isResolved: false,
      path: "f.txt",
      line: 1,
    });
    expect(p.reviewThreads.nodes[0].comments.nodes[0].author.login).toBe("carol");
    expect((res as Json).rateLimit.cost).toBe(1);
    expect(gh.requests.at(-1)?.graphqlOperation).toBe("Batch");
  });

  it("keeps partial data and reports a missing PR as NOT_FOUND, like GitHub", async () => {
    const error = await octokit
      .graphql<Json>(`{ a: repository(owner: "acme", name: "app") { pullRequest(number: ${pr}) { number } }
        b: repository(owner: "acme", name: "app") { pullRequest(number: 999) { number } } }`)
      .catch((e: unknown) => e as { errors: Array<{ type: string; path: string[] }>; data: Json });
    expect(error.errors[0]).toMatchObject({ type: "NOT_FOUND", path: ["b", "pullRequest"] });
    expect(error.data.a.pullRequest.number).toBe(pr);
    expect(error.data.b.pullRequest).toBeNull();
  });

  it("rejects a field GitHub's schema does not have, and a connection without first/last", async () => {
    const bad = await octokit
      .graphql<Json>(`{ repository(owner: "acme", name: "app") { nope } }`)
      .catch((e: unknown) => e as Json);
    expect(bad.errors[0].message).toBe("Field 'nope' doesn't exist on type 'Repository'");
    expect(bad.errors[0].extensions.code).toBe("undefinedField");
    expect(bad.errors[0].path).toEqual(["query", "repository", "nope"]);
    const unbounded = await octokit
      .graphql<Json>(
        `{ repository(owner: "acme", name: "app") { pullRequests(states: OPEN) { nodes { number } } } }`,
      )
      .catch((e: unknown) => e as Json);
    expect(unbounded.errors[0].type).toBe("MISSING_PAGINATION_BOUNDARIES");
  });

  it("prices a query with GitHub's formula and charges the graphql budget by it", async () => {
    const heavy = `query Heavy { repository(owner: "acme", name: "app") { pullRequests(first: 100, states: OPEN) { nodes {
      reviewThreads(first: 50) { nodes { comments(first: 10) { nodes { body } } } } } } }
      rateLimit { cost used remaining } }`;
    const res = await octokit.request("POST /graphql", { query: heavy });
    const data = res.data as { data: { rateLimit: { cost: number; used: number; remaining: number } } };
    // 1 + 100 + 100*50 connection requests = 5101 → 51 points.
    expect(data.data.rateLimit.cost).toBe(51);
    expect(res.headers["x-ratelimit-resource"]).toBe("graphql");
    expect(Number(res.headers["x-ratelimit-used"])).toBe(data.data.rateLimit.used);
    expect(Number(res.headers["x-ratelimit-remaining"])).toBe(data.data.rateLimit.remaining);
  });

  it("pages open PRs and runs the ready, resolve, enqueue and merge mutations", async () => {
    const list = await octokit.graphql<Json>(
      `query($after: String) { repository(owner: "acme", name: "app") {
        pullRequests(states: OPEN, first: 1, after: $after, orderBy: {field: UPDATED_AT, direction: DESC}) {
          nodes { id number headRefOid } pageInfo { hasNextPage endCursor } } } }`,
      { after: null },
    );
    const node = list.repository.pullRequests.nodes[0];
    expect(node.number).toBe(pr);
    const byId = await octokit.graphql<Json>(
      "query($id: ID!) { node(id: $id) { ... on PullRequest { number headRefName } } }",
      {
        id: node.id,
      },
    );
    expect(byId.node).toEqual({ number: pr, headRefName: "feat" });
    expect(list.repository.pullRequests.pageInfo.hasNextPage).toBe(false);

    await octokit.graphql<Json>(
      `mutation($id: ID!) { markPullRequestReadyForReview(input: {pullRequestId: $id}) { pullRequest { isDraft } } }`,
      { id: node.id },
    );
    const thread = gh.repoState("acme/app").threads[0]?.id;
    await octokit.graphql<Json>(
      `mutation($id: ID!) { resolveReviewThread(input: {threadId: $id}) { thread { isResolved } } }`,
      { id: thread },
    );
    expect(gh.repoState("acme/app").threads[0]?.resolved).toBe(true);

    const blocked = await octokit
      .graphql<Json>(
        `mutation($id: ID!, $oid: GitObjectID!) { mergePullRequest(input: {pullRequestId: $id, expectedHeadOid: $oid}) { pullRequest { state } } }`,
        { id: node.id, oid: head },
      )
      .catch((e: unknown) => e as Json);
    expect(blocked.errors[0].type).toBe("UNPROCESSABLE");

    const queue = await octokit.graphql<Json>(
      `{ repository(owner: "acme", name: "app") { main: mergeQueue(branch: "main") { id } other: mergeQueue(branch: "feat") { id } } }`,
    );
    expect(queue.repository.main.id).toBeTruthy();
    expect(queue.repository.other).toBeNull();
    const queued = await octokit.graphql<Json>(
      `mutation($id: ID!) { enqueuePullRequest(input: {pullRequestId: $id}) { mergeQueueEntry { state pullRequest { isInMergeQueue } } } }`,
      { id: node.id },
    );
    expect(queued.enqueuePullRequest.mergeQueueEntry.pullRequest.isInMergeQueue).toBe(true);

    // The queue drops a PR that cannot merge yet (checks failing, changes requested).
    expect(await gh.advanceMergeQueue("acme/app")).toEqual({ merged: [], removed: [pr] });
    gh.setCheckRun("acme/app", head, { name: "ci", status: "completed", conclusion: "success" });
    gh.addReview("acme/app", pr, { author: "carol", state: "APPROVED" });
    const stale = await octokit
      .graphql<Json>(
        `mutation($id: ID!) { mergePullRequest(input: {pullRequestId: $id, expectedHeadOid: "${"0".repeat(40)}"}) { pullRequest { state } } }`,
        { id: node.id },
      )
      .catch((e: unknown) => e as Json);
    expect(stale.errors[0].message).toMatch(/Head branch was modified/);
    const merged = await octokit.graphql<Json>(
      `mutation($id: ID!, $oid: GitObjectID!) { mergePullRequest(input: {pullRequestId: $id, expectedHeadOid: $oid}) { pullRequest { state merged } } }`,
      { id: node.id, oid: head },
    );
    expect(merged.mergePullRequest.pullRequest).toEqual({ state: "MERGED", merged: true });
  });
});

describe("fake GitHub merge queue", () => {
  it("merges queued PRs whose checks pass, in order", async () => {
    const q = await startFakeGitHub({ lazyMergeable: false });
    try {
      await q.createRepo("acme/q", { mergeQueue: true, protection: { requiredChecks: ["ci"] } });
      const client = octokitFor(q.url, FAKE_GITHUB_TOKEN);
      const sha = await pushBranch(q.url, FAKE_GITHUB_TOKEN, "acme/q", "one", { "one.txt": "1\n" });
      const n = q.openPullRequest("acme/q", { head: "one", title: "One" });
      q.setCheckRun("acme/q", sha, { name: "ci", status: "completed", conclusion: "success" });
      const id = (await client.rest.pulls.get({ owner: "acme", repo: "q", pull_number: n })).data.node_id;
      await client.graphql(
        "mutation($id: ID!) { enqueuePullRequest(input: {pullRequestId: $id}) { clientMutationId } }",
        { id },
      );
      expect(await q.advanceMergeQueue("acme/q")).toEqual({ merged: [n], removed: [] });
      const pull = (await client.rest.pulls.get({ owner: "acme", repo: "q", pull_number: n })).data;
      expect(pull.merged).toBe(true);
      expect(pull.merged_by?.login).toBe("github-merge-queue[bot]");
    } finally {
      await q.close();
    }
  });
});
