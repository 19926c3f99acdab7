import { definePlugin } from "@ao/core";
import { OutputActivity } from "./activity.js";
import { OPTIONS, PLUGIN, parseOptions } from "./options.js";

export type { CommandAgentOptions } from "./options.js";

/**
 * Encode a message as one JSON line. JSON escapes newlines; U+2028/2029 are
 * escaped too so no line-splitting reader can cut the object.
 */
export function jsonlMessage(text: string): string {
  return JSON.stringify({ type: "message", text })
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/**
 * `@ao/agent-command`: any agent CLI. It starts with the prompt in the file
 * named by `AO_PROMPT_FILE`, gets follow-up messages on stdin, and is idle
 * after `idleAfter` without output.
 */
export default definePlugin({
  slot: "agent",
  name: PLUGIN,
  options: OPTIONS,
  create(raw) {
    const settings = parseOptions(raw);
    const activity = new OutputActivity(settings.idleAfterMs, settings.waitingPattern);
    return {
      ...(settings.passEnv.length > 0 ? { passEnv: [...settings.passEnv] } : {}),
      binary() {
        if (!settings.binary) return null;
        return { command: settings.binary, ...(settings.install ? { install: settings.install } : {}) };
      },
      launch(context) {
        return {
          command: [...settings.argv],
          env: {
            ...settings.env,
            AO_PROMPT_FILE: context.promptFile,
            AO_AGENT_PERMISSIONS: context.permissions,
            ...(context.resume ? { AO_RESUME: "1" } : {}),
            ...(context.resume?.agentSessionId
              ? { AO_RESUME_SESSION_ID: context.resume.agentSessionId }
              : {}),
          },
        };
      },
      formatMessage(text) {
        return settings.messageFormat === "jsonl" ? jsonlMessage(text) : text;
      },
      async detectActivity(input) {
        return activity.observe(input);
      },
    };
  },
});
