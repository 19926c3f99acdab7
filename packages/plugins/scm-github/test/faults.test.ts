import { afterEach, describe, expect, it } from "vitest";
import { manualClock } from "@ao/testkit";
import { engineWithGitHub } from "./engine-harness.js";
import { type GitHubFixture, githubFixture, headOf } from "./helpers.js";

let f: GitHubFixture;
afterEach(async () => {
  await f?.cleanup();
});

/** Push the fixture's branch and open its PR; returns the PR number. */
async function opened(): Promise<number> {
  await f.plugin.push(f.project, f.workspace);
  const pr = await f.plugin.openPR(f.project, {
    branch: f.workspace.branch,
    base: "main",
    title: "T",
    body: "Closes #1",
  });
  return pr.number;
}

const graphql = { method: "POST", path: /^\/graphql$/ };

describe("scm-github under GitHub's failures", () => {
  it("a 5xx or a timeout mid-run is retried: the observation arrives, once", async () => {
    f = await githubFixture({ requestTimeout: "1500ms" });
    const pr = await opened();
    f.fake.setCheckRun(f.repoName, headOf(f.fake, f.repoName, pr), {
      name: "ci",
      status: "completed",
      conclusion: "success",
    });
    // Warm up the fake's GraphQL schema, so only the injected timeout is slow.
    await f.plugin.observe(f.project, [pr]);
    f.fake.resetRequests();
    f.fake.inject({ kind: "5xx", match: graphql });
    f.fake.inject({ kind: "timeout", match: graphql });
    const map = await f.plugin.observe(f.project, [pr]);
    expect(map.get(pr)).toMatchObject({ number: pr, ci: "passed", state: "open" });
    const calls = f.fake.requests.filter((r) => r.path === "/graphql");
    expect(calls.map((r) => r.status)).toEqual([502, -1, 200]);
  });

  it("a create that fails with a 5xx is not repeated (no duplicate PR), and a retry by the engine adopts nothing twice", async () => {
    f = await githubFixture();
    await f.plugin.push(f.project, f.workspace);
    f.fake.inject({ kind: "5xx", match: { method: "POST", path: /\/pulls$/ } });
    await expect(
      f.plugin.openPR(f.project, { branch: f.workspace.branch, base: "main", title: "T", body: "" }),
    ).rejects.toBeTruthy();
    expect(f.fake.repoState(f.repoName).pulls).toHaveLength(0);
    // The engine retries the effect: one PR, and a third call adopts it instead of opening another.
    const pr = await f.plugin.openPR(f.project, {
      branch: f.workspace.branch,
      base: "main",
      title: "T",
      body: "",
    });
    const again = await f.plugin.openPR(f.project, {
      branch: f.workspace.branch,
      base: "main",
      title: "T",
      body: "",
    });
    expect(again.number).toBe(pr.number);
    expect(f.fake.repoState(f.repoName).pulls).toHaveLength(1);
  });

  it("a 429 with Retry-After and a secondary limit are sat out, then the call succeeds", async () => {
    f = await githubFixture();
    const pr = await opened();
    f.fake.inject({ kind: "429", match: graphql, retryAfterSeconds: 1 });
    f.fake.inject({
      kind: "secondary",
      match: { method: "GET", path: /\/pulls\/\d+$/ },
      retryAfterSeconds: 1,
    });
    expect((await f.plugin.observe(f.project, [pr])).get(pr)?.state).toBe("open");
    expect((await f.plugin.getPR(f.project, pr)).number).toBe(pr);
    expect(f.fake.requests.filter((r) => r.status === 429 || r.status === 403)).toHaveLength(2);
  });

  it("a long Retry-After becomes GITHUB_RATE_LIMITED with its reset time, and nothing is sent until then", async () => {
    f = await githubFixture();
    const pr = await opened();
    f.fake.inject({ kind: "429", match: graphql, retryAfterSeconds: 3600 });
    const err = (await f.plugin.observe(f.project, [pr]).catch((e) => e)) as {
      code?: string;
      hint?: string;
      message: string;
    };
    expect(err.code).toBe("GITHUB_RATE_LIMITED");
    expect(err.hint).toBeTruthy();
    const sent = f.fake.requests.length;
    await expect(f.plugin.observe(f.project, [pr])).rejects.toMatchObject({ code: "GITHUB_RATE_LIMITED" });
    expect(f.fake.requests.length).toBe(sent);
    // REST (core) has its own budget and is not blocked by GraphQL's.
    expect((await f.plugin.getPR(f.project, pr)).number).toBe(pr);
  });

  it("a PR GitHub cannot resolve is left out and the others are still observed", async () => {
    f = await githubFixture();
    const pr = await opened();
    const map = await f.plugin.observe(f.project, [pr, 999]);
    expect([...map.keys()]).toEqual([pr]);
  });

  it("UNKNOWN mergeability is 'not yet', never a conflict", async () => {
    f = await githubFixture();
    const pr = await opened();
    f.fake.inject({ kind: "unknown-mergeable" });
    const st = (await f.plugin.observe(f.project, [pr])).get(pr);
    expect(st).toMatchObject({ mergeable: null, conflict: false });
  });
});

describe("the engine under GitHub's limits", () => {
  it("a long rate limit mid-run never crashes a tick; the observation arrives after the reset, once", async () => {
    f = await githubFixture();
    const clock = manualClock(Date.now());
    const e = await engineWithGitHub(f, clock);
    try {
      const pr = await opened();
      const head = headOf(f.fake, f.repoName, pr);
      e.pushBranch(f.workspace.branch, head);
      const session = await e.engine.claimPr("app", pr);
      f.fake.setCheckRun(f.repoName, head, {
        name: "ci",
        status: "completed",
        conclusion: "failure",
        log: "boom",
      });
      f.fake.inject({ kind: "429", match: graphql, retryAfterSeconds: 3600 });
      const before = e.engine.session(session.id)?.facts.pr?.ci;
      await e.engine.tick();
      expect(e.engine.session(session.id)?.facts.pr?.ci).toBe(before);
      // Until the reset, ticks send nothing to GitHub's GraphQL API and change nothing.
      const sent = f.fake.requests.filter((r) => r.path === "/graphql").length;
      await e.engine.tick();
      expect(f.fake.requests.filter((r) => r.path === "/graphql").length).toBe(sent);
      clock.advance(3_601_000);
      await e.engine.tick();
      expect(e.engine.session(session.id)?.facts.pr?.ci).toBe("failed");
      // The failure was reacted to once: one ci-failed message, however many ticks saw it.
      await e.engine.tick();
      const events = e.engine.session(session.id)?.facts.attempts["ci-failed"];
      expect(events).toBe(1);
    } finally {
      await e.close();
    }
  });
});
