import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";

/** One agent command running in a real tmux session on a private socket, for plugin tests. */
export interface TmuxAgent {
  /** The pane's visible text plus scrollback (the last `lines` lines). */
  capture(lines?: number): string;
  /** Type `text` and press Enter. */
  send(text: string): void;
  /** Whether the pane's process still runs. */
  alive(): boolean;
  /** Kill the session and its server. */
  kill(): void;
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * Start `argv` in `cwd` inside a detached tmux session with exactly `env`
 * (nothing of the test's environment leaks in). The pane stays after the
 * process exits, so `alive()` can tell.
 */
export function startTmuxAgent(
  argv: string[],
  options: { cwd: string; env: Record<string, string> },
): TmuxAgent {
  const socket = `ao-test-${randomBytes(4).toString("hex")}`;
  const tmux = (args: string[]) =>
    execFileSync("tmux", ["-L", socket, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  const assignments = Object.entries(options.env).map(([k, v]) => quote(`${k}=${v}`));
  const line = `exec env -i ${assignments.join(" ")} ${argv.map(quote).join(" ")}`;
  // One command list: remain-on-exit is on before the process can exit.
  tmux([
    "-f",
    "/dev/null",
    "start-server",
    ";",
    "set-option",
    "-g",
    "remain-on-exit",
    "on",
    ";",
    "new-session",
    "-d",
    "-s",
    "agent",
    "-x",
    "200",
    "-y",
    "50",
    "-c",
    options.cwd,
    line,
  ]);
  return {
    capture: (lines = 200) => tmux(["capture-pane", "-p", "-J", "-t", "agent", "-S", `-${lines}`]),
    send(text) {
      tmux(["send-keys", "-t", "agent", "-l", "--", text]);
      tmux(["send-keys", "-t", "agent", "Enter"]);
    },
    alive: () => tmux(["display-message", "-p", "-t", "agent", "#{pane_dead}"]).trim() === "0",
    kill() {
      try {
        tmux(["kill-server"]);
      } catch {
        // already gone
      }
    },
  };
}
