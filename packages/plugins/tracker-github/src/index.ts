import { AoError, definePlugin, type PluginHost, type ProjectRef } from "@ao/core";
import { createGitHubClient, type GitHubClient } from "@ao/github-client";
import { githubBranchName } from "./branch.js";
import { fetchIssue, listIssues, toIssue } from "./issues.js";
import { IssueMarks } from "./marks.js";
import { OPTIONS, PLUGIN, parseOptions } from "./options.js";
import { githubIssuePrompt } from "./prompt.js";
import { repoName } from "./repo-name.js";
import { trackerEvents } from "./webhook.js";

export type { TrackerGitHubOptions } from "./options.js";
export { trackerEvents } from "./webhook.js";

/**
 * `@ao/tracker-github`: GitHub issues through Octokit (@ao/github-client, so
 * listing is conditional and draws on the token's shared rate budget). Intake
 * filters by labels, state, assignee and milestone; pull requests are never
 * issues. With a webhook secret, issue deliveries on `/webhooks/github`
 * (shared with the GitHub SCM) drive intake without waiting for a poll.
 */
export default definePlugin({
  slot: "tracker",
  name: PLUGIN,
  options: OPTIONS,
  create(options) {
    const settings = parseOptions(options);
    let host: PluginHost | undefined;
    let client: Promise<GitHubClient> | undefined;
    // Made on first use: resolving the token may run `gh auth token`, which `ao plugins` should not.
    const gh = () => {
      client ??= createGitHubClient({
        auth: settings.auth,
        ...(settings.baseUrl ? { baseUrl: settings.baseUrl } : {}),
        ...(host ? { now: () => host?.now() ?? Date.now() } : {}),
        // A token from `gh auth token` is in no variable the host masks by name: tell it.
        onSecret: (value) => host?.secret?.(value),
      }).catch((error) => {
        client = undefined;
        throw error;
      });
      return client;
    };
    const marks = new IssueMarks(settings, gh);
    const branchName = (issue: { id: string; title: string }) =>
      githubBranchName(settings.branchPrefix, issue.id, issue.title);
    const secretEnv = settings.webhookSecretEnv;
    return {
      filters: ["labels", "state", "limit", "assignee", "milestone"] as const,
      webhookRoute: "github",
      setup(h) {
        host = h;
      },
      async getIssue(project, id) {
        return toIssue(await fetchIssue(await gh(), repoName(project), id));
      },
      async listIssues(project, filter) {
        return listIssues(await gh(), repoName(project), filter);
      },
      branchName,
      prompt: (issue, project: ProjectRef) => githubIssuePrompt(issue, project, branchName(issue)),
      markInProgress: (project, issue) => marks.markInProgress(repoName(project), issue),
      release: (project, issue) => marks.release(repoName(project), issue),
      markDone: (project, issue) => marks.markDone(repoName(project), issue),
      comment: (project, issue, body) => marks.comment(repoName(project), issue, body),
      // Only with a secret: an unverified delivery is never accepted.
      ...(secretEnv
        ? {
            webhook: async (request) => {
              // Read at each delivery, never kept on the plugin object (which the host may inspect).
              const secret = process.env[secretEnv];
              if (!secret)
                throw new AoError({
                  code: "MISSING_ENV",
                  message: `${PLUGIN}: the webhook secret variable ${secretEnv} is not set.`,
                  hint: `Export ${secretEnv} with the secret of the repository's webhook.`,
                });
              return trackerEvents(request, secret);
            },
          }
        : {}),
    };
  },
});
