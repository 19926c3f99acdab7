import type { PluginHost, ProjectRef, TrackerPlugin } from "@ao/core";
import { FAKE_GITHUB_TOKEN, type FakeGitHub, startFakeGitHub, testProject } from "@ao/testkit";
import trackerGitHub, { type TrackerGitHubOptions } from "../src/index.js";

/** The env var the tests' plugins read their token from (never a real token). */
export const TOKEN_ENV = "AO_TEST_TRACKER_GITHUB_TOKEN";

/** A fake GitHub with one repo, and a tracker-github pointed at it. */
export interface GitHubWorld {
  fake: FakeGitHub;
  plugin: TrackerPlugin;
  project: ProjectRef;
  /** What the plugin logged through its host. */
  logs: string[];
  repo: string;
  bareDir: string;
}

export async function githubWorld(
  options: TrackerGitHubOptions = {},
  repo = "acme/app",
): Promise<GitHubWorld> {
  process.env[TOKEN_ENV] = FAKE_GITHUB_TOKEN;
  const fake: FakeGitHub = await startFakeGitHub();
  const { bareDir } = await fake.createRepo(repo);
  const plugin = trackerGitHub({ tokenEnv: TOKEN_ENV, baseUrl: fake.url, ...options });
  const logs: string[] = [];
  const log = (m: string, d?: Record<string, unknown>) => void logs.push(`${m} ${JSON.stringify(d ?? {})}`);
  const host: PluginHost = {
    home: "/nonexistent-home",
    now: () => Date.now(),
    log: { debug: log, info: log, warn: log, error: log },
  };
  await plugin.setup?.(host);
  const project = testProject({ id: "app", repo });
  return { fake, plugin, project, logs, repo, bareDir };
}

/** The contract fixture over a world: `seed` creates issues in the fake as a human would. */
export function contractFixture(world: GitHubWorld) {
  const { fake, plugin, project, repo } = world;
  return {
    plugin,
    project,
    async seed(
      issues: Array<{
        title: string;
        body: string;
        labels: string[];
        state?: "open" | "closed";
        assignee?: string;
        milestone?: string;
      }>,
    ) {
      const seeded = [];
      for (const s of issues) {
        const n = fake.createIssue(repo, {
          title: s.title,
          body: s.body,
          labels: s.labels,
          ...(s.assignee ? { assignees: [s.assignee] } : {}),
          ...(s.milestone ? { milestone: s.milestone } : {}),
          ...(s.state ? { state: s.state } : {}),
        });
        seeded.push(await plugin.getIssue(project, String(n)));
      }
      return seeded;
    },
    cleanup: () => fake.close(),
  };
}
