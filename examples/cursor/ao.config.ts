import { defineConfig } from "@ao/cli";

// Cursor's agent CLI (`cursor-agent`) for every session. Install it
// (`curl https://cursor.com/install -fsS | bash`) and run `cursor-agent login` once, or export
// CURSOR_API_KEY before `ao start`. Its first run in each new worktree asks whether to trust the
// workspace: answer with `ao send <session> y`. How the plugin maps permissions: docs/agents.md.
export default defineConfig({
  defaults: {
    runtime: "tmux",
    agent: ["cursor", { model: "sonnet-4.5" }],
    workspace: "worktree",
    tracker: "local",
    scm: "local",
    notifiers: ["desktop"],
    // --force: commands run without asking (the CLI has no sandbox).
    agentPermissions: "auto",
    // Written to .cursor/rules/ao.mdc (alwaysApply) for the session.
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
