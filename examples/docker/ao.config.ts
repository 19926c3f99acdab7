import { defineConfig } from "@ao/cli";

// Every session in its own container. Build the image first:
//   docker build -t ao-agent:latest examples/docker
// `ao doctor` checks that Docker answers, that you may use its socket and that the image exists.
// What is mounted, how secrets reach the agent and why git credentials stay on the host:
// docs/runtimes.md.
export default defineConfig({
  defaults: {
    runtime: [
      "docker",
      {
        image: "ao-agent:latest",
        cpus: 2,
        memoryMb: 4096,
        // The container has no network (network "none"); ao's egress proxy on the host lets the
        // agent reach these hosts and nothing else (HTTPS_PROXY in its env; the image needs node).
        // Without egress the agent reaches no host at all, and `ao doctor` warns.
        egress: {
          allow: ["api.anthropic.com:443", "registry.npmjs.org:443", "github.com:443", "*.github.com:443"],
        },
      },
    ],
    agent: "claude-code",
    // A worktree's git directory is mounted too (the agent can write the main repository's
    // refs and hooks); "clone" keeps each session's git entirely inside its own checkout.
    workspace: "clone",
    tracker: "local",
    scm: "local",
    notifiers: ["desktop"],
    agentPermissions: "auto",
    // The agent's API key: passed into the container's env file, never into its spec.
    agentEnv: ["ANTHROPIC_API_KEY"],
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
