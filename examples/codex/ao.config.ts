import { defineConfig } from "@ao/cli";

// Codex CLI as the agent of every session. Install the CLI with `npm install -g @openai/codex`
// and log in once (or export OPENAI_API_KEY).
// How the plugin maps permissions, handles trust and computes cost: docs/agents.md.
export default defineConfig({
  defaults: {
    runtime: "tmux",
    agent: ["codex", { model: "gpt-5-codex", extraArgs: ["-c", "model_reasoning_effort=high"] }],
    workspace: "worktree",
    tracker: "local",
    scm: "local",
    notifiers: ["desktop"],
    // No approvals, inside Codex's workspace-write sandbox (`-a never -s workspace-write`).
    agentPermissions: "auto",
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
