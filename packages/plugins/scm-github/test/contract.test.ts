import { scmContract } from "@ao/plugin-kit";
import { githubFixture, headOf } from "./helpers.js";

scmContract({
  name: "@ao/scm-github",
  async setup() {
    // With a webhook secret, so the contract's webhook check runs too.
    process.env.AO_TEST_CONTRACT_HOOK = "contract-secret";
    const f = await githubFixture({ webhookSecretEnv: "AO_TEST_CONTRACT_HOOK" });
    const { fake, repoName } = f;
    return {
      plugin: f.plugin,
      project: f.project,
      workspaceWithCommits: f.workspace,
      settleTimeoutMs: 5_000,
      drive: {
        async ciPassed(pr) {
          fake.setCheckRun(repoName, headOf(fake, repoName, pr), {
            name: "test",
            status: "completed",
            conclusion: "success",
            app: "github-actions",
          });
        },
        async ciFailed(pr, log) {
          fake.setCheckRun(repoName, headOf(fake, repoName, pr), {
            name: "test",
            status: "completed",
            conclusion: "failure",
            log: `step 1\n${log}\n`,
            app: "github-actions",
          });
        },
        async approve(pr) {
          fake.setPermission(repoName, "reviewer", "write");
          fake.addReview(repoName, pr, {
            author: "reviewer",
            state: "APPROVED",
            commitId: headOf(fake, repoName, pr),
          });
        },
        async requestChanges(pr, body) {
          fake.setPermission(repoName, "reviewer", "write");
          fake.addReview(repoName, pr, { author: "reviewer", state: "CHANGES_REQUESTED", body });
        },
      },
      cleanup: () => f.cleanup(),
    };
  },
});
