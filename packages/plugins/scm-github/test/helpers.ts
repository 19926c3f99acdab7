import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ProjectRef, ScmPlugin } from "@ao/core";
import { type FakeGitHub, git, startFakeGitHub, tempDir, testHost, testProject } from "@ao/testkit";
import scmGitHub, { type ScmGitHubOptions } from "../src/index.js";

let counter = 0;

export interface GitHubFixture {
  fake: FakeGitHub;
  plugin: ScmPlugin;
  project: ProjectRef;
  repoName: string;
  /** The fake's bare repository behind `repoName` (push to it directly to act as someone else). */
  bareDir: string;
  tokenEnv: string;
  token: string;
  workspace: { path: string; branch: string };
  /** Commit a file in the workspace; returns the new head. */
  commit(file: string, text: string): Promise<string>;
  cleanup(): Promise<void>;
}

/** A fake GitHub with one repository, a local clone on a session branch with one commit, and the plugin. */
export async function githubFixture(
  options: ScmGitHubOptions = {},
  fakeOptions: Parameters<typeof startFakeGitHub>[0] = {},
  repoOptions: Parameters<FakeGitHub["createRepo"]>[1] = {},
): Promise<GitHubFixture> {
  const n = ++counter;
  // A token per fixture: rate budgets are shared process-wide per token, as they are on GitHub.
  const token = `ghp_scmTest${process.pid}x${n}x${Date.now()}`;
  const fake = await startFakeGitHub({ tokens: { [token]: { login: "ao-bot" } }, ...fakeOptions });
  const dir = await tempDir("ao-scm-github-");
  const repoName = "acme/app";
  const { bareDir } = await fake.createRepo(repoName, repoOptions);
  const path = join(dir.path, "clone");
  await git(dir.path, ["clone", "--quiet", bareDir, path]);
  await git(path, ["config", "user.email", "dev@example.com"]);
  await git(path, ["config", "user.name", "Dev"]);
  const branch = `ao/contract-${n}`;
  await git(path, ["checkout", "--quiet", "-b", branch]);
  await writeFile(join(path, "change.txt"), `a change ${n}\n`);
  await git(path, ["add", "change.txt"]);
  await git(path, ["commit", "--quiet", "-m", "A change"]);
  // The token reaches the plugin only through the named variable.
  const tokenEnv = `AO_TEST_GITHUB_TOKEN_${process.pid}_${n}`;
  process.env[tokenEnv] = token;
  const plugin = scmGitHub({ baseUrl: fake.url, tokenEnv, ...options });
  await plugin.setup?.(testHost(dir.path));
  const project: ProjectRef = testProject({
    id: "app",
    repo: repoName,
    path,
    dataDir: join(dir.path, "data"),
  });
  return {
    fake,
    plugin,
    project,
    repoName,
    bareDir,
    tokenEnv,
    token,
    workspace: { path, branch },
    async commit(file: string, text: string) {
      await writeFile(join(path, file), text);
      await git(path, ["add", file]);
      await git(path, ["commit", "--quiet", "-m", `Change ${file}`]);
      return git(path, ["rev-parse", "HEAD"]);
    },
    async cleanup() {
      delete process.env[tokenEnv];
      await plugin.dispose?.();
      await fake.close();
      await dir.cleanup();
    },
  };
}

/** The head of a PR as the fake sees it. */
export function headOf(fake: FakeGitHub, repo: string, pr: number): string {
  const p = fake.repoState(repo).pulls.find((x) => x.number === pr);
  if (!p) throw new Error(`no PR #${pr}`);
  return p.headSha as string;
}
