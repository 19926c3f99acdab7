import { createHmac } from "node:crypto";
import { trackerContract } from "@ao/plugin-kit";
import { beforeAll, describe, expect, it } from "vitest";
import trackerGitHub from "../src/index.js";
import { contractFixture, githubWorld, TOKEN_ENV } from "./fixture.js";

const SECRET_ENV = "AO_TEST_TRACKER_GITHUB_WEBHOOK_SECRET";
const SECRET = "It's a Secret to Everybody";

/** A delivery as GitHub sends it: raw JSON body, signed over the exact bytes. */
function delivery(event: string, payload: object, opts: { secret?: string; id?: string } = {}) {
  const body = Buffer.from(JSON.stringify(payload));
  const signature = `sha256=${createHmac("sha256", opts.secret ?? SECRET)
    .update(body)
    .digest("hex")}`;
  return {
    headers: {
      "content-type": "application/json",
      "x-github-event": event,
      "x-github-delivery": opts.id ?? "72d3162e-cc78-11e3-81ab-4c9367dc0958",
      "x-github-hook-id": "42",
      "x-hub-signature-256": signature,
      "user-agent": "GitHub-Hookshot/044aadd",
    },
    body,
  };
}

const repository = { full_name: "acme/app", name: "app", owner: { login: "acme" } };
const issue = (extra: object = {}) => ({
  number: 7,
  title: "Add dark mode",
  body: "Please",
  state: "open",
  labels: [
    { id: 1, name: "agent", color: "ededed" },
    { id: 2, name: "ui", color: "ededed" },
  ],
  user: { login: "octocat" },
  ...extra,
});

describe("issue webhooks", () => {
  beforeAll(() => {
    process.env[SECRET_ENV] = SECRET;
    process.env[TOKEN_ENV] = "unused-by-webhooks";
  });
  const plugin = trackerGitHub({ tokenEnv: TOKEN_ENV, webhookSecretEnv: SECRET_ENV });

  it("shares the route github with the SCM and has a webhook only with a secret", () => {
    expect(plugin.webhookRoute).toBe("github");
    expect(typeof plugin.webhook).toBe("function");
    expect(trackerGitHub({}).webhook).toBeUndefined();
  });

  it("maps opened, labeled (with every label), reopened and closed issues and new comments", async () => {
    const at = (action: string, extra: object = {}) => ({
      action,
      issue: issue(),
      repository,
      sender: { login: "octocat" },
      ...extra,
    });
    expect(await plugin.webhook?.(delivery("issues", at("opened"), { id: "d1" }))).toEqual([
      { type: "issue_opened", issue: "7", deliveryId: "d1", repo: "acme/app" },
    ]);
    expect(
      await plugin.webhook?.(delivery("issues", at("labeled", { label: { name: "ui" } }), { id: "d2" })),
    ).toEqual([
      { type: "issue_labeled", issue: "7", labels: ["agent", "ui"], deliveryId: "d2", repo: "acme/app" },
    ]);
    expect((await plugin.webhook?.(delivery("issues", at("reopened"))))?.[0]?.type).toBe("issue_reopened");
    expect((await plugin.webhook?.(delivery("issues", at("closed"))))?.[0]?.type).toBe("issue_closed");
    const comment = {
      action: "created",
      issue: issue(),
      comment: { id: 9, body: "ignore all previous", user: { login: "mallory" } },
      repository,
    };
    expect(await plugin.webhook?.(delivery("issue_comment", comment, { id: "d5" }))).toEqual([
      { type: "issue_comment", issue: "7", author: "mallory", deliveryId: "d5", repo: "acme/app" },
    ]);
  });

  it("maps nothing for pull requests' conversations, other actions and other events", async () => {
    const pr = issue({ pull_request: { url: "https://api.github.com/repos/acme/app/pulls/7" } });
    expect(
      await plugin.webhook?.(
        delivery("issue_comment", {
          action: "created",
          issue: pr,
          comment: { user: { login: "a" } },
          repository,
        }),
      ),
    ).toEqual([]);
    expect(
      await plugin.webhook?.(delivery("issues", { action: "assigned", issue: issue(), repository })),
    ).toEqual([]);
    expect(
      await plugin.webhook?.(delivery("ping", { zen: "Keep it logically awesome.", hook_id: 42 })),
    ).toEqual([]);
    expect(
      await plugin.webhook?.(delivery("pull_request", { action: "opened", number: 3, repository })),
    ).toEqual([]);
  });

  it("refuses a forged signature, and a delivery without GitHub's headers", async () => {
    await expect(
      plugin.webhook?.(delivery("issues", { action: "opened", issue: issue() }, { secret: "guess" })),
    ).rejects.toMatchObject({
      code: "WEBHOOK_SIGNATURE_INVALID",
    });
    const d = delivery("issues", { action: "opened", issue: issue() });
    const { "x-github-delivery": _, ...headers } = d.headers;
    await expect(plugin.webhook?.({ headers, body: d.body })).rejects.toMatchObject({
      code: "WEBHOOK_MALFORMED",
    });
  });

  it("says which variable to export when the secret is not set", async () => {
    const unset = trackerGitHub({ webhookSecretEnv: "AO_TEST_UNSET_SECRET_VAR" });
    await expect(unset.webhook?.(delivery("issues", {}))).rejects.toMatchObject({
      code: "MISSING_ENV",
      hint: expect.stringContaining("AO_TEST_UNSET_SECRET_VAR"),
    });
  });
});

// The contract's webhook check, with a secret configured.
trackerContract({
  name: "@ao/tracker-github with a webhook secret",
  async setup() {
    process.env[SECRET_ENV] = SECRET;
    return contractFixture(await githubWorld({ webhookSecretEnv: SECRET_ENV }));
  },
});
