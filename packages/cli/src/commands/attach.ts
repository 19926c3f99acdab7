import { errors, type TerminalPlugin } from "@ao/core";
import { dashboardAccess } from "../dashboard-access.js";
import { say } from "../output.js";
import type { CommandRun } from "../program.js";
import { runTerminalAction } from "../terminal-action.js";
import { sessionWithPlugins } from "./session-plugins.js";

/**
 * `ao attach <session>`: show a session with the project's terminal plugin
 * (or, with `--web`, the dashboard's page of it): run its argv here, open its
 * URL, or run its AppleScript.
 */
export const run: CommandRun = async ([id], options) => {
  const { session, project, home } = await sessionWithPlugins("attach", id as string, options);
  const handle = session.resources.runtime;
  const { runtime } = project.plugins;
  const info = handle && runtime.attachInfo ? runtime.attachInfo(handle) : undefined;
  const terminal: TerminalPlugin | undefined = options.web
    ? (await import("@ao/terminal-web")).default()
    : project.plugins.terminal;
  if (info?.type === "url" && !terminal?.supports(info)) {
    say(info.url);
    return 0;
  }
  if (!terminal || !terminal.supports(info)) {
    throw errors.cannotAttach(
      info
        ? `The terminal plugin ${terminal?.name ?? "(none)"} cannot open a ${info.type} session.`
        : `Session ${id} has nothing to attach to (runtime ${runtime.name}).`,
      `Open it on the dashboard with \`ao attach --web ${id}\`, or see its output with \`ao logs ${id}\`.`,
    );
  }
  const action = await terminal.open({
    sessionId: session.id,
    ...(info ? { info } : {}),
    insideTmux: Boolean(process.env.TMUX),
    dashboard: await dashboardAccess(home),
  });
  return runTerminalAction(action, say);
};
