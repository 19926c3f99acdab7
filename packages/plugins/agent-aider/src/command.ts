import { type AgentLaunchContext, type AgentPermissions, fenceData } from "@ao/core";

/** The conventions file ao writes into the workspace and passes with `--read` (read-only for aider). */
export const CONVENTIONS_FILE = ".ao-aider-conventions.md";

/**
 * Each ao permissions mode as aider's flags (docs/agents.md has the table).
 * Aider has no sandbox and no per-tool approval: it edits the files in its
 * chat without asking, and asks before adding files, creating files or
 * running a shell command. `--yes-always` answers those questions yes, except
 * the shell commands, which need an explicit yes (aider answers them no).
 */
export const PERMISSION_FLAGS: Record<AgentPermissions, readonly string[]> = {
  ask: [],
  edits: [],
  auto: ["--yes-always"],
  full: ["--yes-always"],
};

/**
 * Flags for every aider ao starts: no `.gitignore` edit (the PR would carry it),
 * no update check or release notes (they ask questions nobody answers), plain
 * output (the screen is read), and the conventions file.
 */
const BASE_FLAGS = [
  "--no-gitignore",
  "--no-check-update",
  "--no-show-release-notes",
  "--no-pretty",
  "--read",
  CONVENTIONS_FILE,
] as const;

export interface CommandSettings {
  model?: string | undefined;
  extraArgs: readonly string[];
}

/** The conventions file: ao's note and the project's rules (repository text: fenced as data). */
export function conventions(context: AgentLaunchContext): string {
  const parts = [
    "# Conventions for this session",
    `You work for ao on session ${context.sessionId}. Commit your work on the current branch; ao pushes and opens the pull request.`,
  ];
  if (context.rules?.trim())
    parts.push(`The project's rules:\n\n${fenceData("project rules", context.rules)}`);
  return `${parts.join("\n\n")}\n`;
}

/**
 * The script that runs aider twice: one message (the task from its file, or
 * the resume note) and then the chat, restoring the history the first run
 * wrote, so the same conversation takes ao's follow-up messages. Aider has no
 * flag for "send this first, then keep chatting": `--message` exits after its
 * reply. The chat starts whatever the first run's exit status was, so a
 * failed reply still leaves a chat for a human. Arguments: the message flag,
 * its value, whether the first run restores the history, then aider's flags.
 */
export const SCRIPT =
  'm="$1"; v="$2"; r="$3"; shift 3; aider "$@" "$r" "$m" "$v"; exec aider "$@" --restore-chat-history';

/**
 * argv: `sh -c <script> aider <message flag> <message> <restore flag> <flags…>`.
 * A fresh start sends the prompt file with `--message-file`; a resume
 * restores the chat history (aider has no session ids) and sends the fenced
 * handoff with `--message`.
 */
export function aiderCommand(context: AgentLaunchContext, settings: CommandSettings): string[] {
  const flags = [...PERMISSION_FLAGS[context.permissions], ...BASE_FLAGS];
  if (settings.model) flags.push("--model", settings.model);
  flags.push(...settings.extraArgs);
  const resume = context.resume;
  const first = resume
    ? [
        "--message",
        `Continue where you left off on: ${context.prompt}\n\n${fenceData("handoff from the previous run", resume.handoff)}`,
        "--restore-chat-history",
      ]
    : ["--message-file", context.promptFile, "--no-restore-chat-history"];
  return ["sh", "-c", SCRIPT, "aider", ...first, ...flags];
}
