import { defineConfig } from "@ao/cli";

// OpenCode as the agent of every session. Install it (`npm install -g opencode-ai`) and run
// `opencode auth login` once, or export your provider's key: OpenCode keeps the key itself.
// How the plugin maps permissions, writes ao's instructions and reads OpenCode's storage: docs/agents.md.
export default defineConfig({
  defaults: {
    runtime: "tmux",
    agent: ["opencode", { model: "anthropic/claude-sonnet-4-5" }],
    workspace: "worktree",
    tracker: "local",
    scm: "local",
    notifiers: ["desktop"],
    // OpenCode's `permission` config: edits, commands and web fetches without asking; files
    // outside the workspace still ask (OpenCode has no sandbox).
    agentPermissions: "auto",
    // Written to .ao-opencode-rules.md, which OpenCode reads through `instructions`; your AGENTS.md stays as it is.
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
