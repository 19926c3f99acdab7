import { generateKeyPairSync } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expectAoError } from "@ao/plugin-kit";
import { startFakeGitHub, tempDir } from "@ao/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { createGitHubClient } from "../src/index.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

describe("against the fake GitHub", () => {
  it("a repeated GET is conditional: 304 answers from the cache and costs no budget", async () => {
    const token = `ghp_etag${process.pid}${Date.now()}`;
    const fake = await startFakeGitHub({ tokens: { [token]: { login: "ao-bot" } } });
    cleanups.push(() => fake.close());
    await fake.createRepo("acme/app");
    fake.createIssue("acme/app", { title: "One" });
    const gh = await createGitHubClient({
      baseUrl: fake.url,
      auth: { kind: "token", env: { GITHUB_TOKEN: token } },
    });
    const a = await gh.rest.issues.listForRepo({ owner: "acme", repo: "app" });
    const remaining = gh.budget().find((b) => b.resource === "core")?.remaining;
    const b = await gh.rest.issues.listForRepo({ owner: "acme", repo: "app" });
    expect(b.data).toEqual(a.data);
    expect(fake.requests.map((r) => [r.status, r.conditional ?? false])).toEqual([
      [200, false],
      [304, true],
    ]);
    expect(gh.budget().find((x) => x.resource === "core")?.remaining).toBe(remaining);
    // A change makes the next read a full answer again.
    fake.createIssue("acme/app", { title: "Two" });
    const c = await gh.rest.issues.listForRepo({ owner: "acme", repo: "app" });
    expect(c.data).toHaveLength(2);
  });

  it("an unknown token is GitHub's 401, never retried", async () => {
    const fake = await startFakeGitHub();
    cleanups.push(() => fake.close());
    const gh = await createGitHubClient({
      baseUrl: fake.url,
      auth: { kind: "token", env: { GITHUB_TOKEN: "ghp_nobodyKnowsThisOne" } },
    });
    await expect(gh.rest.users.getAuthenticated()).rejects.toMatchObject({ status: 401 });
    expect(fake.requests).toHaveLength(1);
  });
});

describe("GitHub App auth", () => {
  it("reads the private key file, keys the budget by installation, and explains an unreadable key", async () => {
    const dir = await tempDir("ao-gh-app-");
    cleanups.push(() => dir.cleanup());
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const file = join(dir.path, "app.pem");
    await writeFile(file, privateKey.export({ type: "pkcs1", format: "pem" }));
    const a = await createGitHubClient({
      auth: { kind: "app", appId: 1, privateKeyFile: file, installationId: 7 },
    });
    const b = await createGitHubClient({
      auth: { kind: "app", appId: 1, privateKeyFile: file, installationId: 8 },
    });
    expect(a.credentialKey).not.toBe(b.credentialKey);
    expect(a.credentialKey).not.toContain("BEGIN");
    const err = await expectAoError(
      createGitHubClient({
        auth: { kind: "app", appId: 1, privateKeyFile: join(dir.path, "missing.pem"), installationId: 7 },
      }),
      "GITHUB_AUTH_MISSING",
    );
    expect(err.message).toContain("missing.pem");
  });
});
