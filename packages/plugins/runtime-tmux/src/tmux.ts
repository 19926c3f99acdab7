import { type RunResult, run } from "@ao/plugin-kit/process";

/** The state of a session's (single) pane, read in one tmux call. */
export interface PaneState {
  dead: boolean;
  inMode: boolean;
  /** The pane's terminal device (`/dev/pts/N`). */
  tty: string;
  cursor: string;
  historySize: number;
  /** The visible screen, wrapped lines joined. */
  screen: string;
}

/** A thin client for one tmux server (the user's default one, or `-L socket`). */
export class Tmux {
  constructor(readonly socket: string | undefined) {}

  /** Run tmux with `args`; commands may be chained with a lone ";" argument. */
  run(args: readonly string[], input?: string): Promise<RunResult> {
    const full = this.socket === undefined ? [...args] : ["-L", this.socket, ...args];
    // Without -L, a tmux started inside tmux talks to $TMUX's server: the user's default one anyway.
    return run("tmux", full, input === undefined ? {} : { input });
  }

  /** Like {@link run}, but a non-zero exit throws with tmux's own message. */
  async must(args: readonly string[], input?: string): Promise<string> {
    const result = await this.run(args, input);
    if (result.exitCode !== 0) {
      throw new Error(`tmux ${args[0]} failed: ${result.stderr.trim() || `exit ${result.exitCode}`}`);
    }
    return result.stdout;
  }

  /** The pane of session `name`, or null when the session does not exist. */
  async pane(name: string): Promise<PaneState | null> {
    const target = paneTarget(name);
    const result = await this.run([
      "display-message",
      "-p",
      "-t",
      target,
      "#{pane_dead} #{pane_in_mode} #{cursor_x},#{cursor_y} #{history_size} #{pane_tty}",
      ";",
      "capture-pane",
      "-p",
      "-J",
      "-t",
      target,
    ]);
    if (result.exitCode !== 0) return null;
    const newline = result.stdout.indexOf("\n");
    const [dead, inMode, cursor, history, tty] = result.stdout.slice(0, newline).split(" ");
    return {
      dead: dead === "1",
      inMode: inMode === "1",
      tty: tty ?? "",
      cursor: cursor ?? "",
      historySize: Number(history),
      screen: result.stdout.slice(newline + 1),
    };
  }

  /** The value of a session's user option, or null when it is unset or the session is gone. */
  async option(name: string, option: string): Promise<string | null> {
    const result = await this.run(["show-options", "-v", "-t", paneTarget(name), option]);
    if (result.exitCode !== 0) return null;
    const value = result.stdout.replace(/\n$/, "");
    return value === "" ? null : value;
  }

  /** Every session with the value of a user option ("" when unset); [] when no server runs. */
  async sessionsWith(option: string): Promise<Array<{ name: string; stamp: string }>> {
    const result = await this.run(["list-sessions", "-F", `#{session_name}\t#{${option}}`]);
    if (result.exitCode !== 0) return [];
    return result.stdout
      .split("\n")
      .filter(Boolean)
      .map((line) => {
        const tab = line.indexOf("\t");
        return tab < 0 ? { name: line, stamp: "" } : { name: line.slice(0, tab), stamp: line.slice(tab + 1) };
      });
  }
}

/** An exact session target: `=` stops tmux from matching a prefix. */
export function sessionTarget(name: string): string {
  return `=${name}`;
}

/** The active pane of session `name` (pane commands need the window part). */
export function paneTarget(name: string): string {
  return `=${name}:`;
}
