import { AoError, definePlugin } from "@ao/core";
import { OPTIONS, PLUGIN, parseOptions } from "./options.js";
import { GitHubScm } from "./scm.js";

export type { ScmGitHubOptions } from "./options.js";
export { type DeliveryPlan, planDelivery, statusEvents } from "./webhook-events.js";
export { observeQuery, prStatusOf, type GqlPullRequest } from "./pr-status.js";

/**
 * `@ao/scm-github`: GitHub pull requests, checks and reviews through
 * Octokit (@ao/github-client): pushes over git with the token through
 * GIT_ASKPASS, one GraphQL query per repository per tick for every open PR,
 * verified webhooks when a secret is configured.
 */
export default definePlugin({
  slot: "scm",
  name: PLUGIN,
  options: OPTIONS,
  create(options) {
    const settings = parseOptions(options);
    const scm = new GitHubScm(settings);
    const secretEnv = settings.webhookSecretEnv;
    return {
      // Shared with @ao/tracker-github: one repository webhook URL, /webhooks/github, feeds both.
      webhookRoute: "github",
      setup: (host) => scm.setup(host),
      push: (project, workspace) => scm.push(project, workspace),
      remoteHead: (project, branch) => scm.remoteHead(project, branch),
      openPR: (project, opts) => scm.openPR(project, opts),
      findPR: (project, branch) => scm.findPR(project, branch),
      getPR: (project, number) => scm.getPR(project, number),
      observe: (project, numbers) => scm.observe(project, numbers),
      ciFailureLog: (project, number, maxBytes) => scm.ciFailureLog(project, number, maxBytes),
      reviewComments: (project, number) => scm.reviewComments(project, number),
      review: (project, number, action) => scm.review(project, number, action),
      merge: (project, number, opts) => scm.merge(project, number, opts),
      budget: () => scm.budget(),
      // Only with a secret: an unverified delivery is never accepted.
      ...(secretEnv
        ? {
            webhook: (request) => {
              // Read at each delivery, never kept on the plugin object (which the host may inspect).
              const secret = process.env[secretEnv];
              if (!secret)
                return Promise.reject(
                  new AoError({
                    code: "MISSING_ENV",
                    message: `${PLUGIN}: the webhook secret variable ${secretEnv} is not set.`,
                    hint: `Export ${secretEnv} with the secret of the repository's webhook.`,
                  }),
                );
              return scm.webhook(request, secret);
            },
          }
        : {}),
    };
  },
});
