import { readJournal } from "@ao/engine";
import { waitFor } from "@ao/plugin-kit";
import { afterEach, describe, expect, it } from "vitest";
import { type EngineWithGitHub, engineWithGitHub } from "./engine-harness.js";
import { type GitHubFixture, githubFixture, headOf } from "./helpers.js";

let f: GitHubFixture;
let e: EngineWithGitHub;
const SECRET = "It's a Secret to Everybody";

afterEach(async () => {
  await e?.close();
  await f?.cleanup();
  delete process.env.AO_TEST_GH_HOOK_SECRET;
});

/** A fake GitHub whose repo hook points at the engine, and a session that claimed the fixture's PR. */
async function setup() {
  process.env.AO_TEST_GH_HOOK_SECRET = SECRET;
  f = await githubFixture({ webhookSecretEnv: "AO_TEST_GH_HOOK_SECRET" });
  e = await engineWithGitHub(f);
  await f.plugin.push(f.project, f.workspace);
  const pr = await f.plugin.openPR(f.project, {
    branch: f.workspace.branch,
    base: "main",
    title: "T",
    body: "",
  });
  e.pushBranch(pr.branch, pr.headSha as string);
  const session = await e.engine.claimPr("app", pr.number);
  f.fake.setHook(f.repoName, { url: e.hookUrl, secret: SECRET, events: ["*"] });
  f.fake.resetRequests();
  return { pr: pr.number, id: session.id };
}

const facts = (id: string) => e.engine.session(id)?.facts.pr;
const deliveries = async () =>
  (await readJournal(`${e.home}/projects/app`))
    .filter((r) => r.kind === "delivery")
    .map((r) => (r.kind === "delivery" ? r.id : ""));

describe("webhooks into the engine", () => {
  it("a check run completing moves CI through the fake's own signed delivery, and a redelivery changes nothing", async () => {
    const { pr, id } = await setup();
    f.fake.setCheckRun(f.repoName, headOf(f.fake, f.repoName, pr), {
      name: "ci",
      status: "completed",
      conclusion: "failure",
      app: "github-actions",
      log: "boom",
    });
    await f.fake.hooksIdle();
    await waitFor(async () => facts(id)?.ci === "failed", {
      timeoutMs: 5_000,
      what: "ci failed from the webhook",
    });
    const before = await deliveries();
    const sent = f.fake.deliveries.at(-1);
    expect(sent?.status).toBe(200);
    await f.fake.redeliver(sent?.deliveryId as string);
    expect(await deliveries()).toEqual(before);
    expect(e.refused).toEqual([]);
  });

  it("a forged signature is refused with nothing recorded", async () => {
    const { pr, id } = await setup();
    const payload = f.fake.payloads.pullRequest(f.repoName, pr, "closed");
    const res = await f.fake.deliver(
      e.hookUrl,
      "pull_request",
      { ...payload, pull_request: { ...(payload as { pull_request: object }).pull_request, merged: true } },
      { secret: SECRET, forgeSignature: true },
    );
    expect(res.status).toBe(401);
    expect(e.refused).toEqual(["WEBHOOK_SIGNATURE_INVALID"]);
    expect(await deliveries()).toEqual([]);
    expect(facts(id)?.state).toBe("open");
  });

  it("an oversized body is refused before any work; an unknown event is accepted and does nothing", async () => {
    const { id } = await setup();
    const big = await f.fake.deliver(
      e.hookUrl,
      "pull_request",
      { repository: { full_name: f.repoName }, pad: "x".repeat(6 * 1024 * 1024) },
      { secret: SECRET },
    );
    expect(big.status).toBe(401);
    expect(e.refused).toEqual(["WEBHOOK_TOO_LARGE"]);
    const sent = f.fake.requests.length;
    const odd = await f.fake.deliver(
      e.hookUrl,
      "fork",
      { repository: { full_name: f.repoName }, forkee: {} },
      { secret: SECRET },
    );
    expect(odd.status).toBe(200);
    expect(JSON.parse(odd.body)).toEqual({ events: 0 });
    expect(f.fake.requests.length).toBe(sent);
    expect(facts(id)?.state).toBe("open");
  });

  it("a delivery for another repository does not move this project's PR of the same number", async () => {
    const { pr, id } = await setup();
    await f.fake.createRepo("other/thing");
    const payload = f.fake.payloads.pullRequest(f.repoName, pr, "closed") as Record<string, unknown>;
    const foreign = {
      ...payload,
      repository: {
        ...(payload.repository as object),
        full_name: "other/thing",
        name: "thing",
        owner: { login: "other" },
      },
      pull_request: { ...(payload.pull_request as object), merged: true },
    };
    const res = await f.fake.deliver(e.hookUrl, "pull_request", foreign, {
      secret: SECRET,
      deliveryId: "foreign-1",
    });
    expect(res.status).toBe(200);
    expect(e.mapped.at(-1)).toMatchObject({ type: "pr_merged", repo: "other/thing", pr });
    expect(facts(id)?.state).toBe("open");
  });

  it("a push after approval is not merged: the approval was for the old head", async () => {
    const { pr, id } = await setup();
    const first = headOf(f.fake, f.repoName, pr);
    f.fake.setCheckRun(f.repoName, first, { name: "ci", status: "completed", conclusion: "success" });
    f.fake.setPermission(f.repoName, "reviewer", "write");
    f.fake.addReview(f.repoName, pr, { author: "reviewer", state: "APPROVED", commitId: first });
    await f.fake.hooksIdle();
    await waitFor(async () => e.engine.session(id)?.state === "mergeable", {
      timeoutMs: 5_000,
      what: "mergeable",
    });

    // The agent (or anyone) pushes after the approval.
    await f.commit("late.txt", "late change\n");
    const { headSha } = await f.plugin.push(f.project, f.workspace);
    await f.fake.hooksIdle();
    await waitFor(async () => facts(id)?.headSha === headSha, {
      timeoutMs: 5_000,
      what: "the new head from the webhook",
    });
    expect(facts(id)?.review).not.toBe("approved");
    await expect(e.engine.merge(id)).rejects.toMatchObject({ code: "NOT_MERGEABLE" });
    // Straight to the plugin with the approved head: GitHub's sha guard refuses too.
    await expect(f.plugin.merge(f.project, pr, { sha: first })).rejects.toMatchObject({ code: "HEAD_MOVED" });
    expect(f.fake.repoState(f.repoName).pulls.find((p) => p.number === pr)?.merged).toBe(false);
    // Observation agrees: the approval on the old head does not count for the new one.
    expect((await f.plugin.observe(f.project, [pr])).get(pr)?.review).toBe("pending");
  });
});
