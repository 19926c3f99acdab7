import { type ActivityObservation, definePlugin } from "@ao/core";
import { weighActivity } from "@ao/plugin-kit/agent-files";
import { gooseCommand, gooseEnv, HINTS_FILE, hintsSection, mergeHints } from "./command.js";
import { OPTIONS, PLUGIN } from "./options.js";
import { readScreen } from "./screen.js";
import {
  defaultDataDir,
  findSession,
  lastMessage,
  messageActivity,
  messageText,
  sessionUsage,
  storePath,
  withStore,
} from "./store.js";

export type { GooseOptions } from "./options.js";
export { gooseSessionName, mergeHints, PERMISSION_MODES } from "./command.js";

/**
 * The variables of ao's environment Goose needs: its provider settings, the
 * providers' keys it reads (by name only: their values never leave the
 * environment), and where its config and store are.
 */
export const GOOSE_ENV = [
  "GOOSE_PROVIDER",
  "GOOSE_MODEL",
  "GOOSE_PATH_ROOT",
  "GOOSE_DISABLE_KEYRING",
  "ANTHROPIC_API_KEY",
  "OPENAI_API_KEY",
  "GOOGLE_API_KEY",
  "OPENROUTER_API_KEY",
  "OLLAMA_HOST",
  "XDG_CONFIG_HOME",
  "XDG_DATA_HOME",
  "HTTPS_PROXY",
  "NO_PROXY",
] as const;

/** A Goose session cursor: the session the totals were read from (Goose keeps them cumulative). */
type InfoCursor = { agentSessionId: string };

/** The session a journaled cursor names (a journaled cursor may be anything). */
function cursorSession(cursor: unknown): string | null {
  const id = (cursor as Partial<InfoCursor> | null)?.agentSessionId;
  return typeof id === "string" && id ? id : null;
}

/**
 * `@ao/agent-goose`: runs `goose run … --interactive` in the session's
 * worktree with ao's section in `.goosehints`, and reads activity, tokens and
 * its session id from Goose's SQLite session store.
 */
export default definePlugin({
  slot: "agent",
  name: PLUGIN,
  options: OPTIONS,
  create(options) {
    const dbOf = (home: string) => storePath(options.dataDir ?? defaultDataDir(home));
    return {
      passEnv: [...GOOSE_ENV],
      binary: () => ({
        command: "goose",
        install: "see https://block.github.io/goose/docs/getting-started/installation",
      }),
      launch(context) {
        const section = hintsSection(context);
        return {
          command: gooseCommand(context, { extraArgs: options.extraArgs }),
          env: gooseEnv(context.permissions, options),
          files: [{ path: HINTS_FILE, content: (existing) => mergeHints(existing, section) }],
        };
      },
      detectActivity(input): Promise<ActivityObservation> {
        return weighActivity({
          alive: input.alive,
          binary: "goose",
          // Approvals and limit errors are never stored: the screen is the only source.
          screen: readScreen(input.output, input.now),
          native: async () =>
            withStore(input.files, dbOf(input.files.home), (db) => {
              const session = findSession(db, input.cwd, input.agentSessionId);
              if (!session) return null;
              const message = lastMessage(db, session.id);
              return {
                reading: message ? messageActivity(message, input.now) : null,
                agentSessionId: session.id,
              };
            }),
          nativeRecord: "stored message",
          lastOutputAt: input.lastOutputAt,
          now: input.now,
          idleAfter: options.idleAfter,
        });
      },
      async sessionInfo(input) {
        const known = input.agentSessionId ?? cursorSession(input.cursor);
        return withStore(input.files, dbOf(input.files.home), (db) => {
          const session = findSession(db, input.cwd, known);
          if (!session) return null;
          const reply = lastMessage(db, session.id, "assistant");
          const summary = reply ? messageText(reply).replace(/\s+/g, " ").trim().slice(0, 300) : "";
          const cursor: InfoCursor = { agentSessionId: session.id };
          return {
            info: {
              agentSessionId: session.id,
              usage: sessionUsage(session, options.model ?? "unknown"),
              ...(summary ? { summary } : {}),
            },
            cursor,
          };
        });
      },
    };
  },
});
