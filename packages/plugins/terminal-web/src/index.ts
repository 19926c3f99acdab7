import { type AttachInfo, definePlugin, errors, type OptionInput, type OptionSpecs } from "@ao/core";

const NAME = "@ao/terminal-web";

const OPTIONS = {
  login: {
    type: "boolean",
    default: true,
    doc: "Open a one-time login URL that lands on the session's page (a browser without the dashboard's cookie needs it); false opens the plain page URL.",
  },
} as const satisfies OptionSpecs;

/** Options of the web terminal. */
export type WebTerminalOptions = OptionInput<typeof OPTIONS>;

/**
 * The dashboard path of a session's page: the id is one encoded path segment,
 * so no id reaches another route. `.` and `..` (even encoded, URLs resolve
 * them) would climb out of /sessions, and are refused.
 */
export function sessionPath(sessionId: string): string {
  if (sessionId === "." || sessionId === ".." || sessionId === "") {
    throw errors.cannotAttach(`"${sessionId}" is not a session id.`, "Pass the id `ao status` shows.");
  }
  return `/sessions/${encodeURIComponent(sessionId)}`;
}

/**
 * The web terminal: shows any session on the daemon's dashboard, which streams
 * the runtime's terminal (or polls its output) into the browser. It needs a
 * running daemon; the URL it gives holds at most a one-time login code.
 */
export default definePlugin({
  slot: "terminal",
  name: NAME,
  options: OPTIONS,
  create(opts) {
    return {
      // The dashboard shows every runtime, whatever its attach info, and one without any.
      supports: (_info: AttachInfo | undefined) => true,
      async open({ sessionId, dashboard }) {
        if (!dashboard) {
          throw errors.cannotAttach(
            `No ao daemon is running, so there is no dashboard to show session ${sessionId} on.`,
            "Start it with `ao start`, then run `ao open <session>` again.",
          );
        }
        const path = sessionPath(sessionId);
        if (opts.login) return { kind: "url", url: await dashboard.loginUrl(path) };
        return { kind: "url", url: new URL(path, dashboard.url).toString() };
      },
    };
  },
});
