import type { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAKE_GITHUB_TOKEN, type FakeGitHub, startFakeGitHub } from "../../src/index.js";
import { pushBranch } from "./push-helper.js";
import { octokitFor } from "./quiet-octokit.js";

let gh: FakeGitHub;
let octokit: Octokit;
const o = { owner: "acme", repo: "app" };

beforeAll(async () => {
  gh = await startFakeGitHub({ tokens: { [FAKE_GITHUB_TOKEN]: { login: "ao-bot", scopes: ["repo"] } } });
  await gh.createRepo("acme/app");
  octokit = octokitFor(gh.url, FAKE_GITHUB_TOKEN);
});
afterAll(() => gh.close());

describe("fake GitHub faults and limits", () => {
  it("fails the next matching requests as injected, in order", async () => {
    gh.inject({ kind: "secondary", match: { path: /\/issues$/ }, retryAfterSeconds: 17 });
    gh.inject({ kind: "429", match: { method: "GET" }, retryAfterSeconds: 5 });
    gh.inject({ kind: "5xx", times: 1 });
    const secondary = await failure(octokit.rest.issues.listForRepo(o));
    expect(secondary.status).toBe(403);
    expect(secondary.response.headers["retry-after"]).toBe("17");
    expect(secondary.response.data.message).toMatch(/secondary rate limit/);
    const tooMany = await failure(octokit.rest.repos.get(o));
    expect(tooMany.status).toBe(429);
    expect(tooMany.response.headers["retry-after"]).toBe("5");
    await expect(octokit.rest.repos.get(o)).rejects.toMatchObject({ status: 502 });
    const ok = await octokit.rest.repos.get(o);
    expect(ok.headers["x-oauth-scopes"]).toBe("repo");
  });

  it("holds the socket on a timeout fault until the client gives up", async () => {
    gh.inject({ kind: "timeout", match: { path: /\/pulls$/ } });
    const abort = new AbortController();
    const pending = octokit.rest.pulls.list({ ...o, request: { signal: abort.signal } });
    await expect.poll(() => gh.requests.some((r) => r.path.endsWith("/pulls") && r.status === -1)).toBe(true);
    abort.abort();
    await expect(pending).rejects.toThrow();
  });

  it("spends the primary budget, answers 403 when it is gone and RATE_LIMITED on GraphQL", async () => {
    const gh2 = await startFakeGitHub({ rateLimit: 2 });
    try {
      await gh2.createRepo("acme/app");
      const client = octokitFor(gh2.url, FAKE_GITHUB_TOKEN);
      const first = await client.rest.repos.get(o);
      expect(first.headers["x-ratelimit-remaining"]).toBe("1");
      await client.rest.repos.get(o);
      const over = await failure(client.rest.repos.get(o));
      expect(over.status).toBe(403);
      expect(over.response.headers["x-ratelimit-remaining"]).toBe("0");
      const free = await client.request("GET /rate_limit");
      expect(free.data.resources.core.remaining).toBe(0);
      await client.graphql("{ viewer { login } }");
      await client.graphql("{ viewer { login } }");
      await expect(client.graphql("{ viewer { login } }")).rejects.toMatchObject({
        errors: [{ type: "RATE_LIMITED" }],
      });
    } finally {
      await gh2.close();
    }
  });

  it("answers UNKNOWN mergeability on the first read after a push, and when injected", async () => {
    await pushBranch(gh.url, FAKE_GITHUB_TOKEN, "acme/app", "feat", { "f.txt": "f\n" });
    const pr = gh.openPullRequest("acme/app", { head: "feat", title: "Feat" });
    const query = `{ repository(owner: "acme", name: "app") { pullRequest(number: ${pr}) { mergeable } } }`;
    const read = async () =>
      (await octokit.graphql<{ repository: { pullRequest: { mergeable: string } } }>(query)).repository
        .pullRequest.mergeable;
    expect([await read(), await read()]).toEqual(["UNKNOWN", "MERGEABLE"]);
    gh.inject({ kind: "unknown-mergeable" });
    expect([await read(), await read()]).toEqual(["UNKNOWN", "MERGEABLE"]);
    await pushBranch(gh.url, FAKE_GITHUB_TOKEN, "acme/app", "feat", { "f.txt": "g\n" });
    expect([await read(), await read()]).toEqual(["UNKNOWN", "MERGEABLE"]);
  });

  it("enforces an opt-in write secondary limit per minute of the injected clock", async () => {
    let now = Date.parse("2026-01-01T00:00:00Z");
    const limited = await startFakeGitHub({ secondaryWritesPerMinute: 2, clock: () => now });
    try {
      await limited.createRepo("acme/app");
      const client = octokitFor(limited.url, FAKE_GITHUB_TOKEN);
      await client.rest.issues.create({ ...o, title: "1" });
      now += 10_000;
      await client.rest.issues.create({ ...o, title: "2" });
      const third = await failure(client.rest.issues.create({ ...o, title: "3" }));
      expect(third.status).toBe(403);
      expect(third.response.headers["retry-after"]).toBe("50");
      expect(third.response.data.message).toMatch(/secondary rate limit/);
      await expect(client.rest.repos.get(o)).resolves.toMatchObject({ status: 200 });
      now += 50_000;
      await expect(client.rest.issues.create({ ...o, title: "3" })).resolves.toMatchObject({ status: 201 });
    } finally {
      await limited.close();
    }
  });

  it("starts a new primary window when the injected clock passes the reset time", async () => {
    let now = Date.parse("2026-01-01T00:00:00Z");
    const timed = await startFakeGitHub({ rateLimit: 1, clock: () => now });
    try {
      await timed.createRepo("acme/app");
      const client = octokitFor(timed.url, FAKE_GITHUB_TOKEN);
      const first = await client.rest.repos.get(o);
      expect(first.headers["x-ratelimit-reset"]).toBe(String(Date.parse("2026-01-01T01:00:00Z") / 1000));
      await expect(client.rest.repos.get(o)).rejects.toMatchObject({ status: 403 });
      now += 3_600_000;
      await expect(client.rest.repos.get(o)).resolves.toMatchObject({ status: 200 });
    } finally {
      await timed.close();
    }
  });
});

interface Failure {
  status: number;
  response: { headers: Record<string, string>; data: { message: string } };
}

/** The RequestError of a request that must fail. */
async function failure(request: Promise<unknown>): Promise<Failure> {
  try {
    await request;
  } catch (error) {
    return error as Failure;
  }
  throw new Error("expected the request to fail");
}
