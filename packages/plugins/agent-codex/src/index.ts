import { join } from "node:path";
import { type ActivityObservation, type AgentFiles, definePlugin } from "@ao/core";
import { codexCommand, sandboxesWrites } from "./command.js";
import { outsideGitDir } from "./git-dir.js";
import { isTailCursor, weighActivity } from "@ao/plugin-kit/agent-files";
import { OPTIONS, PLUGIN } from "./options.js";
import { findRollout, type InfoCursor, readInfo, rolloutActivity } from "./rollout.js";
import { readScreen } from "./screen.js";
import { setTrust } from "./trust.js";

export type { CodexOptions } from "./options.js";
export { PERMISSION_FLAGS } from "./command.js";
export { editTrust } from "./trust.js";
export { parseCodexReset } from "./screen.js";

/** The variables of ao's environment Codex needs: its key and where its home is. */
export const CODEX_ENV = [
  "OPENAI_API_KEY",
  "OPENAI_BASE_URL",
  "CODEX_HOME",
  "HTTPS_PROXY",
  "NO_PROXY",
] as const;

/**
 * `@ao/agent-codex`: runs the `codex` TUI in the session's worktree,
 * pre-trusts the worktree in config.toml, and reads activity, tokens and its
 * session id from its rollout files.
 */
export default definePlugin({
  slot: "agent",
  name: PLUGIN,
  options: OPTIONS,
  create(options) {
    const homeOf = (home: string) => options.codexHome ?? process.env.CODEX_HOME ?? join(home, ".codex");
    // The rollout of each workspace, once found (finding it lists day directories).
    const rollouts = new Map<string, { file: string; id: string }>();
    const heads = new Map<string, string>();
    const rolloutOf = async (files: AgentFiles, cwd: string, agentSessionId: string | null) => {
      const known = rollouts.get(cwd);
      if (known && (!agentSessionId || known.id === agentSessionId) && (await files.stat(known.file)))
        return known;
      const found = await findRollout(files, homeOf(files.home), cwd, agentSessionId, heads);
      if (found) rollouts.set(cwd, found);
      else rollouts.delete(cwd);
      return found;
    };
    return {
      passEnv: [...CODEX_ENV],
      binary: () => ({ command: "codex", install: "npm install -g @openai/codex" }),
      async launch(context) {
        // A linked worktree commits into the main repository's git dir, outside the sandbox.
        const gitDir = sandboxesWrites(context.permissions) ? await outsideGitDir(context.cwd) : null;
        return {
          command: codexCommand(context, {
            model: options.model,
            extraArgs: options.extraArgs,
            writableDirs: gitDir ? [gitDir] : [],
          }),
          env: {},
        };
      },
      async trust(context) {
        await setTrust(join(homeOf(context.home), "config.toml"), context.cwd, true);
      },
      async untrust(context) {
        rollouts.delete(context.cwd);
        await setTrust(join(homeOf(context.home), "config.toml"), context.cwd, false);
      },
      detectActivity(input): Promise<ActivityObservation> {
        return weighActivity({
          alive: input.alive,
          binary: "codex",
          // Approval and trust prompts are never written to the rollout: the screen is the only source.
          screen: readScreen(input.output, input.now),
          native: async () => {
            const found = await rolloutOf(input.files, input.cwd, input.agentSessionId);
            if (!found) return null;
            return { reading: await rolloutActivity(input.files, found.file), agentSessionId: found.id };
          },
          nativeRecord: "rollout line",
          lastOutputAt: input.lastOutputAt,
          now: input.now,
          idleAfter: options.idleAfter,
        });
      },
      async sessionInfo(input) {
        const found = await rolloutOf(input.files, input.cwd, input.agentSessionId);
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
  return isTailCursor(value) && Array.isArray(c.usage) && typeof c.model === "string" && !!c.last;
}
