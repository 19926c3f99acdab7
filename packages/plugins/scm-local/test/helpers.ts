import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { PrStatus, ProjectRef, ScmPlugin } from "@ao/core";
import { type GitRepo, gitRepo, type TempDir, tempDir, testProject } from "@ao/testkit";

export interface Fixture {
  repo: GitRepo;
  data: TempDir;
  project: ProjectRef;
  cleanup(): Promise<void>;
}

/** A real repository with a bare origin, and a fresh dataDir for scm-local. */
export async function fixture(): Promise<Fixture> {
  const repo = await gitRepo();
  const data = await tempDir("ao-scm-data-");
  const project = testProject({ repo: repo.remote, path: repo.path, dataDir: data.path });
  return {
    repo,
    data,
    project,
    cleanup: async () => {
      await data.cleanup();
      await repo.cleanup();
    },
  };
}

/** Make a branch from main with `files` committed, and push it through the plugin. */
export async function branchWith(
  f: Fixture,
  scm: ScmPlugin,
  branch: string,
  files: Record<string, string>,
  message = `work on ${branch}`,
): Promise<string> {
  await f.repo.git(["checkout", "--quiet", "-B", branch, "main"]);
  await commitFiles(f, files, message);
  const { headSha } = await scm.push(f.project, { path: f.repo.path, branch });
  await f.repo.git(["checkout", "--quiet", "main"]);
  return headSha;
}

export async function commitFiles(f: Fixture, files: Record<string, string>, message: string): Promise<void> {
  for (const [name, content] of Object.entries(files)) await writeFile(join(f.repo.path, name), content);
  await f.repo.git(["add", "--all"]);
  await f.repo.git(["commit", "--quiet", "-m", message]);
}

/** Observe until CI for the PR is no longer pending. */
export async function waitForCi(
  scm: ScmPlugin,
  project: ProjectRef,
  pr: number,
  ms = 20_000,
): Promise<PrStatus> {
  const deadline = Date.now() + ms;
  for (;;) {
    const status = (await scm.observe(project, [pr])).get(pr);
    if (!status) throw new Error(`PR #${pr} not observed`);
    if (status.ci !== "pending") return status;
    if (Date.now() > deadline) throw new Error(`CI of PR #${pr} still pending after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Files of the fixture's test that fail. */
export const BROKEN_ADD = { "src/add.js": "export function add(a, b) {\n  return a - b;\n}\n" };
