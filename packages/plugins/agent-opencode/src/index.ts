import { type ActivityObservation, definePlugin } from "@ao/core";
import { weighActivity } from "@ao/plugin-kit/agent-files";
import { configContent, opencodeCommand, RULES_FILE, rulesText } from "./command.js";
import { OPTIONS, PLUGIN } from "./options.js";
import { readScreen } from "./screen.js";
import {
  defaultDataDir,
  findSession,
  messageActivity,
  messageIds,
  messageText,
  readMessage,
} from "./storage.js";
import { addUsage, cursorFor, cursorSession } from "./usage.js";

export type { OpenCodeOptions } from "./options.js";
export { configContent, PERMISSION_MODES, RULES_FILE } from "./command.js";

/**
 * The variables of ao's environment OpenCode needs: the providers' keys it
 * reads (by name only: their values never leave the environment), and where
 * its config and data are.
 */
export const OPENCODE_ENV = [
  "ANTHROPIC_API_KEY",
  "OPENAI_API_KEY",
  "GEMINI_API_KEY",
  "GOOGLE_GENERATIVE_AI_API_KEY",
  "OPENROUTER_API_KEY",
  "GROQ_API_KEY",
  "XAI_API_KEY",
  "OPENCODE_CONFIG",
  "XDG_CONFIG_HOME",
  "XDG_DATA_HOME",
  "HTTPS_PROXY",
  "NO_PROXY",
] as const;

/**
 * `@ao/agent-opencode`: runs OpenCode's TUI on the prompt in the session's
 * worktree, with permissions and ao's instructions file laid over the user's
 * config, and reads activity, tokens and cost from OpenCode's session storage.
 */
export default definePlugin({
  slot: "agent",
  name: PLUGIN,
  options: OPTIONS,
  create(options) {
    const dataOf = (home: string) => options.dataDir ?? defaultDataDir(home);
    return {
      passEnv: [...OPENCODE_ENV],
      binary: () => ({ command: "opencode", install: "npm install -g opencode-ai" }),
      launch(context) {
        return {
          command: opencodeCommand(context, options),
          env: { OPENCODE_CONFIG_CONTENT: configContent(context.permissions) },
          files: [{ path: RULES_FILE, content: rulesText(context) }],
        };
      },
      detectActivity(input): Promise<ActivityObservation> {
        const data = dataOf(input.files.home);
        return weighActivity({
          alive: input.alive,
          binary: "opencode",
          // Permission questions and provider errors are not stored as messages: the screen is their source.
          screen: readScreen(input.output, input.now),
          native: async () => {
            const id = await findSession(input.files, data, input.cwd, input.agentSessionId);
            if (!id) return null;
            const last = (await messageIds(input.files, data, id)).at(-1);
            const message = last ? await readMessage(input.files, data, id, last) : null;
            return { reading: message ? messageActivity(message) : null, agentSessionId: id };
          },
          nativeRecord: "stored message",
          lastOutputAt: input.lastOutputAt,
          now: input.now,
          idleAfter: options.idleAfter,
        });
      },
      async sessionInfo(input) {
        const data = dataOf(input.files.home);
        const known = input.agentSessionId ?? cursorSession(input.cursor);
        const id = await findSession(input.files, data, input.cwd, known);
        if (!id) return null;
        const cursor = await addUsage(input.files, data, id, cursorFor(input.cursor, id));
        let summary = "";
        for (const messageId of (await messageIds(input.files, data, id)).reverse()) {
          const message = await readMessage(input.files, data, id, messageId);
          if (message?.role !== "assistant") continue;
          summary = (await messageText(input.files, data, messageId)).replace(/\s+/g, " ").trim();
          if (summary) break;
        }
        return {
          info: {
            agentSessionId: id,
            usage: cursor.usage,
            ...(cursor.costUsd > 0 ? { costUsd: cursor.costUsd } : {}),
            ...(summary ? { summary: summary.slice(0, 300) } : {}),
          },
          cursor,
        };
      },
    };
  },
});
