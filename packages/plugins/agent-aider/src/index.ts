import { type ActivityObservation, definePlugin } from "@ao/core";
import { weighActivity } from "@ao/plugin-kit/agent-files";
import { aiderCommand, CONVENTIONS_FILE, conventions } from "./command.js";
import { HISTORY_FILE, INPUT_HISTORY_FILE, historyActivity, isInfoCursor, readInfo } from "./history.js";
import { OPTIONS, PLUGIN } from "./options.js";
import { readScreen } from "./screen.js";

export type { AiderOptions } from "./options.js";
export { CONVENTIONS_FILE, PERMISSION_FLAGS } from "./command.js";
export { parseTokensLine } from "./history.js";

/** Aider's files in the workspace that must never reach a commit. */
const OWN_FILES = [HISTORY_FILE, INPUT_HISTORY_FILE];

/**
 * The variables of ao's environment aider needs: the providers' keys it
 * reads (by name only: their values never leave the environment) and its
 * own settings.
 */
export const AIDER_ENV = [
  "ANTHROPIC_API_KEY",
  "OPENAI_API_KEY",
  "OPENAI_API_BASE",
  "GEMINI_API_KEY",
  "DEEPSEEK_API_KEY",
  "OPENROUTER_API_KEY",
  "AIDER_MODEL",
  "HTTPS_PROXY",
  "NO_PROXY",
] as const;

/**
 * `@ao/agent-aider`: runs `aider` in the session's worktree on the task, then
 * keeps the chat open for ao's messages; reads activity, tokens and cost from
 * its chat history file.
 */
export default definePlugin({
  slot: "agent",
  name: PLUGIN,
  options: OPTIONS,
  create(options) {
    return {
      passEnv: [...AIDER_ENV],
      binary: () => ({ command: "aider", install: "python -m pip install aider-install && aider-install" }),
      launch(context) {
        return {
          command: aiderCommand(context, { model: options.model, extraArgs: options.extraArgs }),
          env: {},
          files: [
            // Aider has no system-prompt flag: the rules go in a file it reads with `--read`.
            { path: CONVENTIONS_FILE, content: conventions(context) },
            // Aider's own logs, kept as they are: declared so the engine keeps them out of git
            // (`--no-gitignore` stops aider from editing .gitignore, which the PR would carry).
            ...OWN_FILES.map((path) => ({ path, content: (existing: string | null) => existing ?? "" })),
          ],
        };
      },
      detectActivity(input): Promise<ActivityObservation> {
        return weighActivity({
          alive: input.alive,
          binary: "aider",
          screen: readScreen(input.output, input.now),
          native: async () => {
            const reading = await historyActivity(input.files, HISTORY_FILE);
            return reading ? { reading } : null;
          },
          nativeRecord: "chat-history line",
          lastOutputAt: input.lastOutputAt,
          now: input.now,
          idleAfter: options.idleAfter,
        });
      },
      async sessionInfo(input) {
        const previous = isInfoCursor(input.cursor) ? input.cursor : null;
        const cursor = await readInfo(input.files, HISTORY_FILE, previous);
        if (!cursor) return null;
        return {
          info: {
            usage: cursor.usage,
            // Aider's own figure (from its model metadata): it wins over ao's price table.
            ...(cursor.usage.length ? { costUsd: cursor.costUsd } : {}),
            ...(cursor.summary ? { summary: cursor.summary } : {}),
          },
          cursor,
        };
      },
    };
  },
});
