import { type ActivityObservation, definePlugin } from "@ao/core";
import { weighActivity } from "@ao/plugin-kit/agent-files";
import {
  cursorCommand,
  mergePermissions,
  PERMISSION_MODES,
  PERMISSIONS_FILE,
  RULES_FILE,
  rulesText,
} from "./command.js";
import { OPTIONS, PLUGIN } from "./options.js";
import { chatIdOnScreen, readScreen } from "./screen.js";

export type { CursorOptions } from "./options.js";
export { mergePermissions, PERMISSION_MODES } from "./command.js";

/** The variables of ao's environment `cursor-agent` needs (by name only: values never leave the environment). */
export const CURSOR_ENV = ["CURSOR_API_KEY", "XDG_CONFIG_HOME", "HTTPS_PROXY", "NO_PROXY"] as const;

/**
 * `@ao/agent-cursor`: runs the interactive `cursor-agent` on the prompt in
 * the session's worktree, with ao's rule in `.cursor/rules/ao.mdc`. Cursor
 * writes no documented session files: activity is read from the screen and
 * the process; tokens and cost are not recorded.
 */
export default definePlugin({
  slot: "agent",
  name: PLUGIN,
  options: OPTIONS,
  create(options) {
    return {
      passEnv: [...CURSOR_ENV],
      binary: () => ({ command: "cursor-agent", install: "curl https://cursor.com/install -fsS | bash" }),
      launch(context) {
        const { allow } = PERMISSION_MODES[context.permissions];
        return {
          command: cursorCommand(context, options),
          env: {},
          files: [
            { path: RULES_FILE, content: rulesText(context) },
            ...(allow
              ? [
                  {
                    path: PERMISSIONS_FILE,
                    content: (existing: string | null) => mergePermissions(existing, allow),
                  },
                ]
              : []),
          ],
        };
      },
      detectActivity(input): Promise<ActivityObservation> {
        const chatId = input.agentSessionId ?? chatIdOnScreen(input.output);
        return weighActivity({
          alive: input.alive,
          binary: "cursor-agent",
          screen: readScreen(input.output, input.now),
          // No session file to read; the chat id, once printed, is what resume needs.
          native: async () => (chatId ? { reading: null, agentSessionId: chatId } : null),
          nativeRecord: "chat record",
          lastOutputAt: input.lastOutputAt,
          now: input.now,
          idleAfter: options.idleAfter,
        });
      },
    };
  },
});
