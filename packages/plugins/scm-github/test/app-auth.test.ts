import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import scmGitHub from "../src/index.js";
import { type GitHubFixture, githubFixture } from "./helpers.js";

let f: GitHubFixture;
afterEach(async () => {
  await f?.cleanup();
});

describe("GitHub App authentication", () => {
  it("pushes and opens the PR as the App's installation, its token minted from the key file", async () => {
    f = await githubFixture();
    const app = f.fake.createApp({ slug: "ao-app" });
    f.fake.setPermission(f.repoName, "ao-app[bot]", "write");
    const keyFile = join(f.project.dataDir, "..", "app.pem");
    await writeFile(keyFile, app.privateKey, { mode: 0o600 });
    const plugin = scmGitHub({
      baseUrl: f.fake.url,
      appId: String(app.appId),
      appPrivateKeyFile: keyFile,
      appInstallationId: app.installationId,
    });
    const { headSha } = await plugin.push(f.project, f.workspace);
    expect(await plugin.remoteHead(f.project, f.workspace.branch)).toBe(headSha);
    const pr = await plugin.openPR(f.project, {
      branch: f.workspace.branch,
      base: "main",
      title: "By the App",
      body: "",
    });
    expect(f.fake.repoState(f.repoName).issues.find((i) => i.number === pr.number)?.author).toBe(
      "ao-app[bot]",
    );
    expect(f.fake.requests.some((r) => r.path.startsWith("/app/installations/"))).toBe(true);
    expect(JSON.stringify(f.fake.requests)).not.toContain(app.privateKey.slice(40, 80));
  });

  it("a half-configured App is refused at once, naming the missing option", () => {
    expect(() => scmGitHub({ appId: "1", appInstallationId: 2 })).toThrow(/appPrivateKeyFile/);
  });
});
