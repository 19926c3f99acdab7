import { type AgentLaunchContext, type AgentPermissions, fenceData } from "@ao/core";

/** ao's rule for the session: a rules file of its own, applied to every request. */
export const RULES_FILE = ".cursor/rules/ao.mdc";
/** The CLI's project permissions file. */
export const PERMISSIONS_FILE = ".cursor/cli.json";

/**
 * Each ao permissions mode as Cursor's (docs/agents.md has the table).
 * `auto` and `full` are `--force` (run commands unless denied): the CLI has
 * no sandbox ao could keep. `ask` and `edits` leave commands to the CLI's
 * question and say in `.cursor/cli.json` what needs no question.
 */
export const PERMISSION_MODES: Record<AgentPermissions, { force: boolean; allow: string[] | null }> = {
  ask: { force: false, allow: ["Read(**)"] },
  edits: { force: false, allow: ["Read(**)", "Write(**)"] },
  auto: { force: true, allow: null },
  full: { force: true, allow: null },
};

/** ao's rule file: `alwaysApply`, its note and the project's rules (repository text: fenced as data). */
export function rulesText(context: AgentLaunchContext): string {
  const parts = [
    "---\ndescription: ao's instructions for this session\nalwaysApply: true\n---",
    `You work for ao on session ${context.sessionId}. Commit your work on the current branch; ao pushes and opens the pull request.`,
  ];
  if (context.rules?.trim())
    parts.push(`The project's rules:\n\n${fenceData("project rules", context.rules)}`);
  return `${parts.join("\n\n")}\n`;
}

/**
 * The user's `.cursor/cli.json` with ao's allow list in place of theirs
 * (their deny list and other keys kept). A file that is not a JSON object
 * is replaced: the engine keeps the user's copy and puts it back at cleanup.
 */
export function mergePermissions(existing: string | null, allow: readonly string[]): string {
  let config: Record<string, unknown> = {};
  try {
    const parsed = existing ? (JSON.parse(existing) as unknown) : null;
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed))
      config = parsed as Record<string, unknown>;
  } catch {
    // not JSON: replaced for the session, restored at cleanup
  }
  const own = (config.permissions ?? {}) as { deny?: unknown };
  const deny = Array.isArray(own.deny) ? own.deny : [];
  return `${JSON.stringify({ ...config, permissions: { allow: [...allow], deny } }, null, 2)}\n`;
}

/** What a resumed chat is told first. */
export const CONTINUE = "Continue where you left off.";

/**
 * argv for the interactive `cursor-agent` with the prompt as its argument,
 * after `--` so a prompt starting with a dash is no flag. A resume with a
 * known chat id reopens it (`--resume <chatId>`); without one it starts over
 * on the prompt and the fenced handoff.
 */
export function cursorCommand(
  context: AgentLaunchContext,
  settings: { model?: string | undefined; extraArgs: readonly string[] },
): string[] {
  const argv = ["cursor-agent"];
  if (settings.model) argv.push("--model", settings.model);
  if (PERMISSION_MODES[context.permissions].force) argv.push("--force");
  const resume = context.resume;
  let prompt = context.prompt;
  if (resume?.agentSessionId) {
    argv.push("--resume", resume.agentSessionId);
    prompt = CONTINUE;
  } else if (resume)
    prompt = `${context.prompt}\n\n${fenceData("handoff from the previous run", resume.handoff)}`;
  argv.push(...settings.extraArgs, "--", prompt);
  return argv;
}
