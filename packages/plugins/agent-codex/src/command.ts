import { type AgentLaunchContext, type AgentPermissions, fenceData } from "@ao/core";

/**
 * Each ao permissions mode as Codex's flags (docs/agents.md has the table).
 * `workspace-write` lets Codex edit the worktree and run commands in its
 * sandbox; `full` drops approvals and the sandbox altogether.
 */
export const PERMISSION_FLAGS: Record<AgentPermissions, readonly string[]> = {
  ask: ["--ask-for-approval", "untrusted", "--sandbox", "workspace-write"],
  edits: ["--ask-for-approval", "on-request", "--sandbox", "workspace-write"],
  auto: ["--ask-for-approval", "never", "--sandbox", "workspace-write"],
  full: ["--dangerously-bypass-approvals-and-sandbox"],
};

/** Whether a mode runs Codex in its `workspace-write` sandbox (writes outside the workspace are blocked). */
export const sandboxesWrites = (permissions: AgentPermissions) =>
  PERMISSION_FLAGS[permissions].includes("workspace-write");

export interface CommandSettings {
  model?: string | undefined;
  extraArgs: readonly string[];
  /**
   * Directories outside the workspace the sandbox must let Codex write (the
   * worktree's shared git dir, or a commit fails): `--add-dir`, in the
   * sandboxed modes only.
   */
  writableDirs?: readonly string[];
}

/** ao's instructions and the project's rules (repository text: fenced as data). */
export function developerInstructions(context: AgentLaunchContext): string {
  const parts = [
    `You work for ao on session ${context.sessionId}. Commit your work on the current branch; ao pushes and opens the pull request.`,
  ];
  if (context.rules?.trim()) parts.push(`The project's rules:\n${fenceData("project rules", context.rules)}`);
  return parts.join("\n\n");
}

/**
 * A TOML basic string for a `-c key=value` override. JSON's string escapes
 * are TOML's, except that TOML has no `\/` (JSON.stringify never writes it).
 */
export function tomlString(text: string): string {
  return JSON.stringify(text);
}

/**
 * argv for `codex`: `codex resume <id>` when the native session is known,
 * then permissions (with the extra writable dirs), model, the instructions (`-c developer_instructions=…`,
 * added to Codex's own prompt and AGENTS.md), no update check, extra args,
 * and the prompt as the last argument. A resume without a known id starts
 * fresh on the handoff summary.
 */
export function codexCommand(context: AgentLaunchContext, settings: CommandSettings): string[] {
  const resume = context.resume;
  const argv = ["codex"];
  if (resume?.agentSessionId) argv.push("resume", resume.agentSessionId);
  argv.push(...PERMISSION_FLAGS[context.permissions]);
  if (sandboxesWrites(context.permissions))
    for (const dir of settings.writableDirs ?? []) argv.push("--add-dir", dir);
  if (settings.model) argv.push("--model", settings.model);
  argv.push("-c", `developer_instructions=${tomlString(developerInstructions(context))}`);
  argv.push("-c", "check_for_update_on_startup=false");
  argv.push(...settings.extraArgs);
  const prompt = resume
    ? resume.agentSessionId
      ? "Continue where you left off."
      : `${context.prompt}\n\n${fenceData("handoff from the previous run", resume.handoff)}`
    : context.prompt;
  argv.push("--", prompt);
  return argv;
}
