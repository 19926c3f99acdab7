import { createHmac } from "node:crypto";
import { type Server, createServer } from "node:http";
import examples from "@octokit/webhooks-examples";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAKE_GITHUB_TOKEN, type FakeGitHub, startFakeGitHub } from "../../src/index.js";
import { responseSchema, shapeProblems } from "./openapi-shape.js";
import { pushBranch } from "./push-helper.js";
import { octokitFor } from "./quiet-octokit.js";

interface Received {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

let gh: FakeGitHub;
let receiver: Server;
let target: string;
const received: Received[] = [];
const SECRET = "hook-secret-for-tests";

beforeAll(async () => {
  gh = await startFakeGitHub();
  await gh.createRepo("acme/app");
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(202).end("accepted");
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  const addr = receiver.address();
  target = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}/hooks`;
});
afterAll(async () => {
  await gh.close();
  await new Promise((r) => receiver.close(r));
});

function exampleKeys(event: string, action?: string): Set<string> {
  const e = (examples as unknown as Array<{ name: string; examples: Array<Record<string, unknown>> }>).find(
    (x) => x.name === event,
  );
  const ex = e?.examples.find((p) => action === undefined || p.action === action);
  if (!ex) throw new Error(`no example for ${event}.${action}`);
  return new Set(Object.keys(ex));
}

describe("fake GitHub webhooks", () => {
  it("signs deliveries like GitHub (documented test vector) and can forge a bad signature", async () => {
    const vector = createHmac("sha256", "It's a Secret to Everybody").update("Hello, World!").digest("hex");
    expect(vector).toBe("757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
    const payload = { zen: "Keep it logically awesome.", hook_id: 1 };
    const ok = await gh.deliver(target, "ping", payload, { secret: SECRET, deliveryId: "d-1" });
    expect(ok.status).toBe(202);
    const got = received.at(-1);
    const expected = `sha256=${createHmac("sha256", SECRET)
      .update(got?.body ?? "")
      .digest("hex")}`;
    expect(got?.headers["x-hub-signature-256"]).toBe(expected);
    expect(got?.headers["x-github-event"]).toBe("ping");
    expect(got?.headers["x-github-delivery"]).toBe("d-1");
    expect(got?.headers["user-agent"]).toMatch(/^GitHub-Hookshot\//);
    await gh.deliver(target, "ping", payload, { secret: SECRET, forgeSignature: true });
    expect(received.at(-1)?.headers["x-hub-signature-256"]).not.toBe(expected);
  });

  it("delivers pushes, PR, review, check and issue events from a configured hook", async () => {
    received.length = 0;
    gh.setHook("acme/app", { url: target, secret: SECRET, events: ["*"] });
    const sha = await pushBranch(gh.url, FAKE_GITHUB_TOKEN, "acme/app", "feat", { "f.txt": "f\n" });
    const pr = gh.openPullRequest("acme/app", { head: "feat", title: "Feat" });
    gh.addReview("acme/app", pr, { author: "carol", state: "APPROVED" });
    const { threadId } = gh.addReviewComment("acme/app", pr, {
      author: "carol",
      body: "nit",
      path: "f.txt",
      line: 1,
    });
    gh.resolveThread("acme/app", threadId);
    gh.setCheckRun("acme/app", sha, { name: "ci", status: "completed", conclusion: "success" });
    gh.setStatus("acme/app", sha, { context: "lint", state: "success" });
    const issue = gh.createIssue("acme/app", { title: "bug", labels: ["ao"] });
    gh.closeIssue("acme/app", issue);
    await gh.hooksIdle();
    const kinds = gh.deliveries.map((d) => `${d.event}.${(d.payload as { action?: string }).action ?? ""}`);
    expect(kinds).toEqual([
      "push.",
      "pull_request.opened",
      "pull_request_review.submitted",
      "pull_request_review_comment.created",
      "pull_request_review_thread.resolved",
      "check_run.created",
      "check_run.completed",
      "status.",
      "issues.opened",
      "issues.labeled",
      "issues.closed",
    ]);
    expect(gh.deliveries.every((d) => d.status === 202)).toBe(true);
    const review = gh.deliveries[2]?.payload as { review: { state: string } };
    expect(review.review.state).toBe("approved");
    for (const r of received) {
      expect(r.headers["x-hub-signature-256"]).toBe(
        `sha256=${createHmac("sha256", SECRET).update(r.body).digest("hex")}`,
      );
    }
    expect(JSON.stringify(gh.deliveries)).not.toContain(SECRET);
    expect(JSON.stringify(gh.events)).not.toContain(SECRET);
    const again = await gh.redeliver(gh.deliveries[0]?.deliveryId ?? "");
    expect(again.deliveryId).toBe(gh.deliveries[0]?.deliveryId);
    gh.setHook("acme/app", null);
  });

  it("builds payloads with the top-level keys of GitHub's examples", async () => {
    const pr = gh.repoState("acme/app").pulls[0]?.number ?? 0;
    const issue = gh.repoState("acme/app").issues.find((i) => !i.isPull)?.number ?? 0;
    const optional = new Set(["installation", "organization", "enterprise", "changes"]);
    const check = (ours: object, event: string, action?: string) => {
      const keys = new Set(Object.keys(ours));
      for (const k of exampleKeys(event, action))
        if (!optional.has(k)) expect(keys, `${event}: ${k}`).toContain(k);
    };
    check(gh.payloads.pullRequest("acme/app", pr, "opened"), "pull_request", "opened");
    check(gh.payloads.issues("acme/app", issue, "opened"), "issues", "opened");
    const run = gh.repoState("acme/app").checkRuns[0]?.id ?? 0;
    check(gh.payloads.checkRun("acme/app", run, "completed"), "check_run", "completed");
    const prKeys = Object.keys(gh.payloads.pullRequest("acme/app", pr, "opened").pull_request as object);
    const e = (
      examples as unknown as Array<{
        name: string;
        examples: Array<{ action?: string; pull_request?: object }>;
      }>
    ).find((x) => x.name === "pull_request");
    const examplePr = Object.keys(e?.examples.find((x) => x.action === "opened")?.pull_request ?? {});
    for (const k of examplePr) expect(prKeys, `pull_request.${k}`).toContain(k);
  });

  it("sends pull_request.synchronize with the old and new head on a push to a PR's branch", async () => {
    gh.setHook("acme/app", { url: target, secret: SECRET, events: ["pull_request"] });
    const untouched = gh.addReviewComment("acme/app", 1, {
      author: "carol",
      body: "elsewhere",
      path: "README.md",
      line: 1,
    });
    const before = gh.repoState("acme/app").refs.feat ?? "";
    const after = await pushBranch(gh.url, FAKE_GITHUB_TOKEN, "acme/app", "feat", { "f.txt": "g\n" });
    await gh.hooksIdle();
    const d = gh.deliveries.at(-1);
    expect(d?.event).toBe("pull_request");
    expect(d?.payload).toMatchObject({ action: "synchronize", before, after });
    // The push changed f.txt: its thread is outdated now, the README one is not.
    const threads = gh.repoState("acme/app").threads;
    expect(threads.find((t) => t.path === "f.txt")?.outdated).toBe(true);
    expect(threads.find((t) => t.id === untouched.threadId)?.outdated).toBe(false);
    for (const k of exampleKeys("pull_request", "synchronize")) {
      if (k !== "installation") expect(Object.keys(d?.payload ?? {})).toContain(k);
    }
    gh.setHook("acme/app", null);
  });

  it("lists a hook's deliveries over REST and redelivers one with the same GUID", async () => {
    // Hooks are an admin's business on GitHub.
    gh.setPermission("acme/app", "ao-bot", "admin");
    gh.setHook("acme/app", { url: target, secret: SECRET, events: ["issues"] });
    gh.createIssue("acme/app", { title: "missed" });
    await gh.hooksIdle();
    const client = octokitFor(gh.url, FAKE_GITHUB_TOKEN);
    const o = { owner: "acme", repo: "app" };
    const hooks = await client.rest.repos.listWebhooks(o);
    expect(JSON.stringify(hooks.data)).not.toContain(SECRET);
    expect(shapeProblems(responseSchema("GET", "/repos/{owner}/{repo}/hooks", 200), hooks.data)).toEqual([]);
    const hookId = hooks.data[0]?.id ?? 0;
    const list = await client.rest.repos.listWebhookDeliveries({ ...o, hook_id: hookId });
    expect(
      shapeProblems(
        responseSchema("GET", "/repos/{owner}/{repo}/hooks/{hook_id}/deliveries", 200),
        list.data,
      ),
    ).toEqual([]);
    const first = list.data[0];
    expect(first).toMatchObject({ event: "issues", action: "opened", status_code: 202, redelivery: false });
    const again = await client.rest.repos.redeliverWebhookDelivery({
      ...o,
      hook_id: hookId,
      delivery_id: first?.id ?? 0,
    });
    expect(again.status).toBe(202);
    const after = await client.rest.repos.listWebhookDeliveries({ ...o, hook_id: hookId });
    expect(after.data[0]).toMatchObject({ guid: first?.guid, redelivery: true });
    expect(received.at(-1)?.headers["x-github-delivery"]).toBe(first?.guid);
    gh.setHook("acme/app", null);
  });
});
