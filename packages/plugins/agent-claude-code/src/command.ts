import { type AgentLaunchContext, type AgentPermissions, fenceData } from "@ao/core";

/** Each ao permissions mode as Claude Code's flags (docs/agents.md has the table). */
export const PERMISSION_FLAGS: Record<AgentPermissions, readonly string[]> = {
  ask: ["--permission-mode", "default"],
  edits: ["--permission-mode", "acceptEdits"],
  auto: ["--permission-mode", "auto"],
  full: ["--dangerously-skip-permissions"],
};

export interface CommandSettings {
  model?: string | undefined;
  extraArgs: readonly string[];
}

/** Why the agent runs, and the project's rules (repository text: fenced as data). */
export function systemPrompt(context: AgentLaunchContext): string {
  const parts = [
    `You work for ao on session ${context.sessionId}. Commit your work on the current branch; ao pushes and opens the pull request.`,
  ];
  if (context.rules?.trim()) parts.push(`The project's rules:\n${fenceData("project rules", context.rules)}`);
  return parts.join("\n\n");
}

/**
 * argv for `claude`: permissions, model, the appended system prompt, resume by
 * native id (`--resume <id>`), extra args, then the prompt as the last
 * argument (interactive mode starts on it). A resume without a known id starts
 * fresh on the handoff summary.
 */
export function claudeCommand(context: AgentLaunchContext, settings: CommandSettings): string[] {
  const argv = ["claude", ...PERMISSION_FLAGS[context.permissions]];
  if (settings.model) argv.push("--model", settings.model);
  argv.push("--append-system-prompt", systemPrompt(context));
  const resume = context.resume;
  if (resume?.agentSessionId) argv.push("--resume", resume.agentSessionId);
  argv.push(...settings.extraArgs);
  const prompt = resume
    ? resume.agentSessionId
      ? "Continue where you left off."
      : `${context.prompt}\n\n${fenceData("handoff from the previous run", resume.handoff)}`
    : context.prompt;
  // `--` keeps a prompt that starts with "-" from being read as a flag.
  argv.push("--", prompt);
  return argv;
}
