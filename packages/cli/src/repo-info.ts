import { execFile } from "node:child_process";
import { basename } from "node:path";
import { promisify } from "node:util";
import { docsUrl, slugify } from "@ao/core";
import { AGENT_CLIS, type AgentChoice } from "./agent-clis.js";

const exec = promisify(execFile);

/** What `ao init` and `ao start <path|url>` infer from a repository. */
export interface RepoInfo {
  /** The project id (from the folder or repo name). */
  id: string;
  /** The `repo` key: `owner/name` for GitHub/GitLab, else the remote's path/URL. */
  repo: string;
  kind: "github" | "gitlab" | "local";
  defaultBranch: string;
  remote: string | null;
}

async function git(cwd: string, args: string[]): Promise<string | null> {
  try {
    return (await exec("git", args, { cwd, timeout: 10_000 })).stdout.trim() || null;
  } catch {
    return null;
  }
}

/**
 * A repository with no remote gets a local bare one (the scm-local remote):
 * created, added as `origin`, and the default branch pushed when it has commits.
 */
export async function createLocalRemote(top: string, info: RepoInfo, bare: string): Promise<void> {
  await exec("git", ["init", "-q", "--bare", "-b", info.defaultBranch, bare]);
  await exec("git", ["remote", "add", "origin", bare], { cwd: top });
  if (await git(top, ["rev-parse", "--verify", "-q", "HEAD"])) {
    await exec("git", ["push", "-q", "-u", "origin", info.defaultBranch], { cwd: top });
  }
}

/** GitHub/GitLab `owner/name` from a remote URL (https or scp-like ssh), else null. */
export function parseHostedRemote(url: string): { kind: "github" | "gitlab"; repo: string } | null {
  const match = /^(?:https?:\/\/|ssh:\/\/)?(?:[^@/]+@)?(github\.com|gitlab\.com)[:/](.+?)(?:\.git)?\/?$/.exec(
    url.trim(),
  );
  if (!match) return null;
  return { kind: match[1] === "github.com" ? "github" : "gitlab", repo: match[2] as string };
}

/** Inspect the repository at `dir` (it must be a git work tree). */
export async function repoInfo(dir: string): Promise<RepoInfo | null> {
  const top = await git(dir, ["rev-parse", "--show-toplevel"]);
  if (!top) return null;
  const remote = await git(top, ["remote", "get-url", "origin"]);
  const head = (await git(top, ["symbolic-ref", "--short", "refs/remotes/origin/HEAD"]))?.replace(
    /^origin\//,
    "",
  );
  const branch = head ?? (await git(top, ["symbolic-ref", "--short", "HEAD"])) ?? "main";
  const hosted = remote ? parseHostedRemote(remote) : null;
  const name = hosted ? (hosted.repo.split("/").at(-1) as string) : basename(top);
  return {
    id: slugify(name) || "app",
    repo: hosted?.repo ?? remote ?? `${process.env.AO_HOME || "~/.ao"}/remotes/${slugify(name) || "app"}.git`,
    kind: hosted?.kind ?? "local",
    defaultBranch: branch,
    remote,
  };
}

/** The text of a default ao.config.ts for a repository, with the agent `ao init` chose. */
export function configTemplate(info: RepoInfo, path: string, agent: AgentChoice): string {
  const plugins =
    info.kind === "local"
      ? `    // Offline: issues are Markdown files, the remote is a bare repository (scm-local).
    tracker: "local",
    scm: "local",`
      : `    tracker: "${info.kind}",
    scm: "${info.kind}",`;
  const token = info.kind === "github" ? "GITHUB_TOKEN" : info.kind === "gitlab" ? "GITLAB_TOKEN" : null;
  return `import { defineConfig } from "@ao/cli";

// Written by \`ao init\`. Every key is described in ${docsUrl("configuration.md")}
export default defineConfig({
  defaults: {
    runtime: "tmux",
${agentLines(agent)}
    workspace: "worktree",
${plugins}
    notifiers: ["desktop"],
  },
  projects: {
    ${JSON.stringify(info.id)}: {
      repo: ${JSON.stringify(info.repo)},
      path: ${JSON.stringify(path)},
      defaultBranch: ${JSON.stringify(info.defaultBranch)},${token ? `\n      // The ${info.kind} plugins read their token from $${token}.` : ""}
    },
  },
  intake: { auto: false, labels: ["agent"], maxConcurrent: 3 },
  pollInterval: "30s",
  server: { port: 3000, host: "127.0.0.1" },
});
`;
}

/** The `agent:` line and the comment that says how to switch. */
function agentLines(agent: AgentChoice): string {
  const others = AGENT_CLIS.filter((c) => c !== agent.cli)
    .map((c) => c.binary)
    .join(", ");
  const found = agent.found
    ? `    // ${agent.cli.label}, found on PATH by \`ao init\`.`
    : `    // ${agent.cli.label} is not installed yet: ${agent.cli.install}`;
  const lines = agent.cli.plugin
    ? [
        found,
        `    // Its plugin (@ao/agent-${agent.cli.plugin}) handles trust prompts, activity, cost and resume;`,
        "    // `agentPermissions` (ask, edits, auto, full) sets how much it may do without asking.",
        `    // Other agents: ${others}; see ${docsUrl("agents.md")}.`,
      ]
    : [
        found,
        "    // The `command` agent runs any CLI on the prompt in $AO_PROMPT_FILE and types",
        `    // follow-ups into it. To switch, change \`run\` (ao knows ${others}),`,
        `    // and see ${docsUrl("configuration.md")} for the agent's options.`,
      ];
  if (agent.cli.note) lines.push(`    // Note: ${agent.cli.note}.`);
  lines.push(`    agent: ${agent.source},`);
  return lines.join("\n");
}
