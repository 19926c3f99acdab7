import { type AgentLaunchContext, type AgentPermissions, fenceData } from "@ao/core";

/**
 * ao's instructions for the session: a file of its own (git-ignored and
 * removed by the engine at cleanup), named in OpenCode's `instructions`, so
 * the project's own AGENTS.md is never edited and cannot be committed with
 * ao's text in it.
 */
export const RULES_FILE = ".ao-opencode-rules.md";

type Rule = "allow" | "ask" | "deny";

/**
 * Each ao permissions mode as OpenCode's `permission` config (docs/agents.md
 * has the table). OpenCode has no sandbox: `auto` still asks before touching
 * files outside the workspace, `full` does not.
 */
export const PERMISSION_MODES: Record<AgentPermissions, Record<string, Rule>> = {
  ask: { edit: "ask", bash: "ask", webfetch: "ask", external_directory: "ask" },
  edits: { edit: "allow", bash: "ask", webfetch: "ask", external_directory: "ask" },
  auto: { edit: "allow", bash: "allow", webfetch: "allow", external_directory: "ask" },
  full: { edit: "allow", bash: "allow", webfetch: "allow", external_directory: "allow", doom_loop: "allow" },
};

/** The text of ao's rules file: its note and the project's rules (repository text: fenced as data). */
export function rulesText(context: AgentLaunchContext): string {
  const parts = [
    `You work for ao on session ${context.sessionId}. Commit your work on the current branch; ao pushes and opens the pull request.`,
  ];
  if (context.rules?.trim())
    parts.push(`The project's rules:\n\n${fenceData("project rules", context.rules)}`);
  return `${parts.join("\n\n")}\n`;
}

/**
 * The config ao lays over the user's (OpenCode merges `OPENCODE_CONFIG_CONTENT`
 * into the config it loads): the permissions and ao's instructions file.
 */
export function configContent(permissions: AgentPermissions): string {
  return JSON.stringify({
    $schema: "https://opencode.ai/config.json",
    permission: PERMISSION_MODES[permissions],
    instructions: [RULES_FILE],
  });
}

export interface CommandSettings {
  model?: string | undefined;
  agent?: string | undefined;
  extraArgs: readonly string[];
}

/** What a resumed session is told first. */
export const CONTINUE = "Continue where you left off.";

/**
 * argv for OpenCode's TUI with the first message given by `--prompt`. A
 * resume with a known OpenCode session reopens it (`--session`); without one
 * it starts over on the prompt and the fenced handoff.
 */
export function opencodeCommand(context: AgentLaunchContext, settings: CommandSettings): string[] {
  const argv = ["opencode"];
  if (settings.model) argv.push("--model", settings.model);
  if (settings.agent) argv.push("--agent", settings.agent);
  const resume = context.resume;
  let prompt = context.prompt;
  if (resume?.agentSessionId) {
    argv.push("--session", resume.agentSessionId);
    prompt = CONTINUE;
  } else if (resume)
    prompt = `${context.prompt}\n\n${fenceData("handoff from the previous run", resume.handoff)}`;
  argv.push(...settings.extraArgs, "--prompt", prompt);
  return argv;
}
