import { defineConfig } from "@ao/cli";

// Goose as the agent of every session. Install it (https://block.github.io/goose/docs/getting-started/installation)
// and run `goose configure` once: Goose keeps the provider's key itself.
// How the plugin maps permissions, writes .goosehints and reads Goose's session store: docs/agents.md.
export default defineConfig({
  defaults: {
    runtime: "tmux",
    agent: ["goose", { provider: "anthropic", model: "claude-sonnet-4-5" }],
    workspace: "worktree",
    tracker: "local",
    scm: "local",
    notifiers: ["desktop"],
    // GOOSE_MODE=auto: Goose calls its tools without asking (it has no sandbox).
    agentPermissions: "auto",
    // Added to the workspace's .goosehints for the session, after the project's own hints.
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
