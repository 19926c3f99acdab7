import { defineConfig } from "@ao/cli";

// Claude Code as the agent of every session. Install the CLI with
// `npm install -g @anthropic-ai/claude-code` and log in once (or export ANTHROPIC_API_KEY).
// How the plugin maps permissions, handles trust and computes cost: docs/agents.md.
export default defineConfig({
  defaults: {
    runtime: "tmux",
    agent: ["claude-code", { model: "sonnet" }],
    workspace: "worktree",
    tracker: "local",
    scm: "local",
    notifiers: ["desktop"],
    // Edits and commands without asking, under Claude Code's own guard (`--permission-mode auto`).
    agentPermissions: "auto",
    agentRules: "Run `npm test` before every commit. Keep commits small.",
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
