import type { PluginBase } from "./common.js";
import type { AttachInfo } from "./runtime.js";

/** What the CLI does to show a session, as a terminal plugin decides it. */
export type TerminalAction =
  /** Run this argv in the current terminal with inherited stdio (e.g. `tmux attach-session`). */
  | { kind: "argv"; argv: string[] }
  /** Open this URL in a browser when there is a display; otherwise print it. */
  | { kind: "url"; url: string }
  /** Run this AppleScript with `osascript` (macOS only); it opens a new window or tab. */
  | { kind: "applescript"; script: string };

/** The daemon's dashboard, as the CLI offers it to a terminal plugin. */
export interface DashboardAccess {
  /** The daemon's base URL (`http://127.0.0.1:4300`), no credential in it. */
  url: string;
  /** A one-time browser login URL that lands on `path` (`/sessions/<id>`); it holds a one-time code, never the admin token. */
  loginUrl(path: string): Promise<string>;
}

/** Everything a terminal may use to show one session. */
export interface TerminalRequest {
  sessionId: string;
  /** How the runtime says to attach, when it says. */
  info?: AttachInfo;
  /** Whether the CLI runs inside tmux (attaching there would nest tmux). */
  insideTmux: boolean;
  /** Present when a daemon runs and serves the dashboard. */
  dashboard?: DashboardAccess;
}

/** Let a human look into a session. */
export interface TerminalPlugin extends PluginBase<"terminal"> {
  /** Whether this terminal can show a session whose runtime gave this attach info (or none). */
  supports(info: AttachInfo | undefined): boolean;
  /**
   * What to do to show the session. Rejects with an AoError (with a hint) when
   * it cannot here: wrong platform, no daemon, unsupported attach info.
   */
  open(request: TerminalRequest): Promise<TerminalAction>;
}
