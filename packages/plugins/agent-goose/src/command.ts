import { type AgentLaunchContext, type AgentPermissions, fenceData } from "@ao/core";

/** Goose's project instructions file: ao adds its section to the user's, and the engine restores theirs at cleanup. */
export const HINTS_FILE = ".goosehints";

/**
 * Each ao permissions mode as Goose's `GOOSE_MODE` (docs/agents.md has the
 * table). Goose has no sandbox and no "edits only" mode: `smart_approve`
 * (it asks before what it judges risky) is the nearest to `edits`, and `full`
 * is `auto`, as there is nothing more to lift.
 */
export const PERMISSION_MODES: Record<AgentPermissions, string> = {
  ask: "approve",
  edits: "smart_approve",
  auto: "auto",
  full: "auto",
};

/** The name ao gives the Goose session of an ao session, so it can resume it by name. */
export const gooseSessionName = (sessionId: string) => `ao-${sessionId}`;

const MARK_START = "<!-- ao: session instructions (removed when the session ends) -->";
const MARK_END = "<!-- ao: end -->";

/** ao's section of `.goosehints`: its note and the project's rules (repository text: fenced as data). */
export function hintsSection(context: AgentLaunchContext): string {
  const parts = [
    MARK_START,
    `You work for ao on session ${context.sessionId}. Commit your work on the current branch; ao pushes and opens the pull request.`,
  ];
  if (context.rules?.trim())
    parts.push(`The project's rules:\n\n${fenceData("project rules", context.rules)}`);
  parts.push(MARK_END);
  return `${parts.join("\n\n")}\n`;
}

/** The user's hints with ao's section after them (an earlier ao section is replaced, not repeated). */
export function mergeHints(existing: string | null, section: string): string {
  let own = existing ?? "";
  const start = own.indexOf(MARK_START);
  const end = own.indexOf(MARK_END);
  if (start !== -1 && end > start) own = own.slice(0, start) + own.slice(end + MARK_END.length);
  own = own.trimEnd();
  return own ? `${own}\n\n${section}` : section;
}

export interface CommandSettings {
  extraArgs: readonly string[];
}

/**
 * argv for `goose run … -s`: it runs the first message, then stays in the
 * interactive session for ao's messages. A fresh start reads the prompt file
 * (`-i`); a resume with a known session resumes it by name (`-r -n`); a resume
 * without one starts a new session on the prompt and the fenced handoff.
 */
export function gooseCommand(context: AgentLaunchContext, settings: CommandSettings): string[] {
  const argv = ["goose", "run", "--name", gooseSessionName(context.sessionId)];
  const resume = context.resume;
  if (resume?.agentSessionId) argv.push("--resume", "--text", "Continue where you left off.");
  else if (resume)
    argv.push("--text", `${context.prompt}\n\n${fenceData("handoff from the previous run", resume.handoff)}`);
  else argv.push("--instructions", context.promptFile);
  argv.push("--interactive", ...settings.extraArgs);
  return argv;
}

/** The environment that carries the permissions mode and, when set, the provider and model. */
export function gooseEnv(
  permissions: AgentPermissions,
  settings: { provider?: string | undefined; model?: string | undefined },
): Record<string, string> {
  return {
    GOOSE_MODE: PERMISSION_MODES[permissions],
    ...(settings.provider ? { GOOSE_PROVIDER: settings.provider } : {}),
    ...(settings.model ? { GOOSE_MODEL: settings.model } : {}),
  };
}
