import { defineConfig } from "@ao/cli";

// A GitHub project: issues labelled "agent" in milestone v2 become sessions, each one's PR is
// squash-merged once CI is green and a reviewer approved. Set-up (token, App, webhook):
// docs/github.md. Nothing secret is written here: the plugins read the values of the variables
// they are named.
const github = {
  // A fine-grained token for acme/app (Metadata read; Contents, Issues, Pull requests read and
  // write; Checks, Actions, Commit statuses read). Unset: `gh auth token` when gh is logged in.
  tokenEnv: "GITHUB_TOKEN",
  // The secret of the repository's webhook (payload URL https://ao.example.com/webhooks/github).
  webhookSecretEnv: "AO_GITHUB_WEBHOOK_SECRET",
};

export default defineConfig({
  defaults: {
    runtime: "tmux",
    agent: "claude-code",
    workspace: "worktree",
    tracker: ["github", { ...github, inProgress: "both", inProgressLabel: "ao: in progress" }],
    scm: ["github", { ...github, mergeMethod: "squash" }],
    notifiers: ["desktop"],
  },
  projects: {
    app: { repo: "acme/app", path: "~/code/app", defaultBranch: "main" },
  },
  // Intake by label and milestone; a delivery of `issues.labeled` starts it without waiting.
  intake: { auto: true, labels: ["agent"], milestone: "v2", maxConcurrent: 3 },
  // With the webhook on, GitHub is asked only every 10 minutes (a resync for missed deliveries).
  webhooks: { resync: "10m" },
  pollInterval: "30s",
  server: { port: 3000, host: "127.0.0.1", publicUrl: "https://ao.example.com" },
});
