import { spawn, spawnSync } from "node:child_process";
import { AoError, errors, type TerminalAction } from "@ao/core";

/** What running an action may use of this machine (injectable for tests). */
export interface ActionHost {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  /** Write a line for the user. */
  say(line: string): void;
}

const defaultHost = (say: (line: string) => void): ActionHost => ({
  platform: process.platform,
  env: process.env,
  say,
});

/** The program that opens a URL in the user's browser, when this machine has a display to show it on. */
export function browserOpener(host: Pick<ActionHost, "platform" | "env">): string | undefined {
  if (host.platform === "darwin") return "open";
  if (host.platform === "win32") return undefined;
  // Over SSH or on a headless box there is no browser to open: print instead.
  return host.env.DISPLAY || host.env.WAYLAND_DISPLAY ? "xdg-open" : undefined;
}

/**
 * Do what a terminal plugin decided: run an argv in this terminal, open (or
 * print) a URL, or hand AppleScript to osascript on its stdin (so nothing of
 * it is on a command line). Resolves with the exit code.
 */
export async function runTerminalAction(
  action: TerminalAction,
  say: (line: string) => void,
  host: ActionHost = defaultHost(say),
): Promise<number> {
  if (action.kind === "argv") {
    const [cmd, ...args] = action.argv;
    const result = spawnSync(cmd as string, args, { stdio: "inherit" });
    if (result.error) throw attachFailed(cmd as string, result.error);
    return result.status ?? 1;
  }
  if (action.kind === "url") {
    const opener = browserOpener(host);
    if (opener === undefined) {
      host.say(action.url);
      return 0;
    }
    const opened = await detached(opener, [action.url]);
    // A desktop without a working opener still gets the link.
    if (!opened) host.say(action.url);
    else host.say("Opened the session's page in your browser.");
    return 0;
  }
  if (host.platform !== "darwin") {
    throw errors.cannotAttach(
      "This terminal runs AppleScript, which needs macOS.",
      'Set terminal: "tmux" or "web" for this machine.',
    );
  }
  const result = spawnSync("osascript", ["-"], {
    input: action.script,
    stdio: ["pipe", "inherit", "inherit"],
  });
  if (result.error) throw attachFailed("osascript", result.error);
  return result.status ?? 1;
}

/** Start a program that outlives us (a browser opener); false when it could not start. */
function detached(cmd: string, args: string[]): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: "ignore", detached: true });
    child.once("error", () => resolve(false));
    child.once("spawn", () => {
      child.unref();
      resolve(true);
    });
  });
}

function attachFailed(cmd: string, error: Error): AoError {
  return new AoError({
    code: "ATTACH_FAILED",
    message: `Running ${cmd} failed: ${error.message}`,
    hint: "Run `ao doctor`.",
    cause: error,
  });
}
