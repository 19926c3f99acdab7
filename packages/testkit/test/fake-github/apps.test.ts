import { generateKeyPairSync } from "node:crypto";
import { createAppAuth } from "@octokit/auth-app";
import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeGitHub, startFakeGitHub } from "../../src/index.js";
import { pushBranch } from "./push-helper.js";

const silent = { debug() {}, info() {}, warn() {}, error() {} };
let gh: FakeGitHub;
let now = Date.now();

beforeAll(async () => {
  gh = await startFakeGitHub({ clock: () => now });
  await gh.createRepo("acme/app");
});
afterAll(() => gh.close());

describe("fake GitHub Apps", () => {
  it("mints installation tokens from a JWT signed with the app's key, acting as <slug>[bot], for an hour", async () => {
    const app = gh.createApp({ slug: "ao-app" });
    const octokit = new Octokit({
      baseUrl: gh.url,
      log: silent,
      authStrategy: createAppAuth,
      auth: { appId: app.appId, privateKey: app.privateKey, installationId: app.installationId },
    });
    const created = await octokit.rest.issues.create({ owner: "acme", repo: "app", title: "from the app" });
    expect(created.data.user?.login).toBe("ao-app[bot]");
    expect(
      gh.requests.find((r) => r.path === `/app/installations/${app.installationId}/access_tokens`)?.status,
    ).toBe(201);

    const { token } = (await octokit.auth({ type: "installation" })) as { token: string };
    const sha = await pushBranch(gh.url, token, "acme/app", "from-app", { "a.txt": "a\n" });
    expect(gh.repoState("acme/app").refs["from-app"]).toBe(sha);

    now += 3_600_000 + 1;
    const stale = new Octokit({ baseUrl: gh.url, log: silent, auth: token });
    await expect(stale.rest.repos.get({ owner: "acme", repo: "app" })).rejects.toMatchObject({ status: 401 });
    expect(JSON.stringify(gh.requests)).not.toContain(token);
    // Public repos clone anonymously, as on GitHub; a push needs a live token.
    await expect(pushBranch(gh.url, token, "acme/app", "late", { "b.txt": "b\n" })).rejects.toThrow();
  });

  it("refuses a JWT signed with another key", async () => {
    const app = gh.createApp({ slug: "other" });
    const wrongKey = generateKeyPairSync("rsa", { modulusLength: 2048 })
      .privateKey.export({ type: "pkcs1", format: "pem" })
      .toString();
    const octokit = new Octokit({
      baseUrl: gh.url,
      log: silent,
      authStrategy: createAppAuth,
      auth: { appId: app.appId, privateKey: wrongKey, installationId: app.installationId },
    });
    await expect(octokit.rest.repos.get({ owner: "acme", repo: "app" })).rejects.toMatchObject({
      status: 401,
    });
  });
});
