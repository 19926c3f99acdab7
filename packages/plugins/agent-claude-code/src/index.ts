import { type ActivityObservation, definePlugin } from "@ao/core";
import { claudeCommand } from "./command.js";
import { isTailCursor, weighActivity } from "@ao/plugin-kit/agent-files";
import { OPTIONS, PLUGIN } from "./options.js";
import { claudeConfigDir, claudeGlobalConfig, transcriptDir } from "./paths.js";
import { mergeReportHooks } from "./report-hooks.js";
import { readScreen } from "./screen.js";
import { findTranscript, type InfoCursor, readInfo, transcriptActivity } from "./transcript.js";
import { setTrust } from "./trust.js";

export type { ClaudeCodeOptions } from "./options.js";
export { PERMISSION_FLAGS } from "./command.js";
export { mergeReportHooks } from "./report-hooks.js";
export { parseClaudeReset } from "./screen.js";
export { projectSlug } from "./paths.js";

/** The variables of ao's environment Claude Code needs: its keys and where its config lives. */
export const CLAUDE_ENV = [
  "ANTHROPIC_API_KEY",
  "ANTHROPIC_AUTH_TOKEN",
  "ANTHROPIC_BASE_URL",
  "ANTHROPIC_MODEL",
  "CLAUDE_CONFIG_DIR",
  "CLAUDE_CODE_USE_BEDROCK",
  "CLAUDE_CODE_USE_VERTEX",
  "AWS_PROFILE",
  "AWS_REGION",
  "GOOGLE_APPLICATION_CREDENTIALS",
  "CLOUD_ML_REGION",
  "ANTHROPIC_VERTEX_PROJECT_ID",
  "HTTPS_PROXY",
  "NO_PROXY",
] as const;

/**
 * `@ao/agent-claude-code`: runs the `claude` CLI interactively in the
 * session's worktree, pre-accepts its trust prompt, reports through hooks,
 * and reads activity, tokens and its session id from its JSONL transcripts.
 */
export default definePlugin({
  slot: "agent",
  name: PLUGIN,
  options: OPTIONS,
  create(options) {
    const dirOf = (home: string) => claudeConfigDir(home, options.configDir);
    return {
      passEnv: [...CLAUDE_ENV],
      binary: () => ({ command: "claude", install: "npm install -g @anthropic-ai/claude-code" }),
      launch(context) {
        return {
          command: claudeCommand(context, { model: options.model, extraArgs: options.extraArgs }),
          env: {},
          ...(options.reportHooks
            ? { files: [{ path: ".claude/settings.local.json", content: mergeReportHooks }] }
            : {}),
        };
      },
      async trust(context) {
        await setTrust(claudeGlobalConfig(context.home, options.configDir), context.cwd, true);
      },
      async untrust(context) {
        await setTrust(claudeGlobalConfig(context.home, options.configDir), context.cwd, false);
      },
      detectActivity(input): Promise<ActivityObservation> {
        return weighActivity({
          alive: input.alive,
          binary: "claude",
          // Prompts and limit banners are on screen only: no transcript line says "waiting for approval".
          screen: readScreen(input.output, input.now),
          native: async () => {
            const found = await findTranscript(
              input.files,
              transcriptDir(dirOf(input.files.home), input.cwd),
              input.agentSessionId,
            );
            if (!found) return null;
            return {
              reading: await transcriptActivity(input.files, found.file, input.now),
              agentSessionId: found.id,
            };
          },
          nativeRecord: "transcript line",
          lastOutputAt: input.lastOutputAt,
          now: input.now,
          idleAfter: options.idleAfter,
        });
      },
      async sessionInfo(input) {
        const found = await findTranscript(
          input.files,
          transcriptDir(dirOf(input.files.home), input.cwd),
          input.agentSessionId,
        );
        if (!found) return null;
        const previous = isInfoCursor(input.cursor) ? input.cursor : null;
        const cursor = await readInfo(input.files, found.file, previous);
        if (!cursor) return null;
        return {
          info: {
            agentSessionId: found.id,
            usage: cursor.usage,
            ...(cursor.summary ? { summary: cursor.summary } : {}),
          },
          cursor,
        };
      },
    };
  },
});

function isInfoCursor(value: unknown): value is InfoCursor {
  const c = value as InfoCursor;
  return isTailCursor(value) && Array.isArray(c.usage) && Array.isArray(c.ids);
}
