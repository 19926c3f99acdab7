import { defineConfig } from "@ao/cli";

// Aider as the agent of every session. Install it with
// `python -m pip install aider-install && aider-install`, and export the key of your model's
// provider (ANTHROPIC_API_KEY for `sonnet`) before `ao start`: aider has no login of its own.
// How the plugin maps permissions, passes the rules and computes cost: docs/agents.md.
export default defineConfig({
  defaults: {
    runtime: "tmux",
    agent: ["aider", { model: "sonnet" }],
    workspace: "worktree",
    tracker: "local",
    scm: "local",
    notifiers: ["desktop"],
    // `--yes-always`: aider's questions are answered yes, except shell commands (it declines those).
    agentPermissions: "auto",
    // Passed to aider in a conventions file it reads with `--read`.
    agentRulesFile: "CONTRIBUTING.md",
  },
  projects: {
    app: {
      repo: "./remote.git",
      path: ".",
      defaultBranch: "main",
    },
  },
  intake: { auto: false, labels: ["agent"], maxConcurrent: 2 },
});
