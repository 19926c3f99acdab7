import {
  type AttachInfo,
  definePlugin,
  errors,
  type OptionInput,
  type OptionSpecs,
  type TerminalAction,
} from "@ao/core";
import { hasControlCharacters, iTermScript } from "./applescript.js";

const NAME = "@ao/terminal-iterm2";

const OPTIONS = {
  tmux: {
    type: "string",
    default: "tmux",
    doc: "The tmux binary the new tab runs (found on PATH unless a path is given).",
  },
  mode: {
    type: "enum",
    values: ["tab", "window"],
    default: "tab",
    doc: "Open a new tab of the front window, or a new window.",
  },
  profile: {
    type: "string",
    example: "ao",
    doc: "The iTerm2 profile to open with (default: iTerm2's default profile).",
  },
} as const satisfies OptionSpecs;

/** Options of the iTerm2 terminal. */
export type ITermTerminalOptions = OptionInput<typeof OPTIONS>;

export { appleScriptString, iTermScript, shellWord } from "./applescript.js";

/** The argv that shows the session from a fresh shell: tmux's attach, or the runtime's own command. */
function attachArgv(tmux: string, info: AttachInfo | undefined): string[] | undefined {
  if (info?.type === "tmux") {
    const server = info.socket === undefined ? [] : ["-L", info.socket];
    return [tmux, ...server, "attach-session", "-t", `=${info.target}`];
  }
  if (info?.type === "command") return [...info.argv];
  return undefined;
}

/**
 * What the iTerm2 terminal does for `info` on `platform`: the AppleScript to
 * run, or a CANNOT_ATTACH refusal. The plugin passes this machine's platform.
 */
export function iTermAction(
  opts: { tmux: string; mode: string; profile?: string | undefined },
  info: AttachInfo | undefined,
  platform: NodeJS.Platform,
): TerminalAction {
  if (platform !== "darwin") {
    throw errors.cannotAttach(
      `${NAME} opens iTerm2, which runs on macOS only (this is ${platform}).`,
      'Set terminal: "tmux" (this terminal) or "web" (the dashboard) on this machine.',
    );
  }
  const argv = attachArgv(opts.tmux, info);
  if (!argv) {
    throw errors.cannotAttach(
      `${NAME} cannot open a "${info?.type ?? "(no attach info)"}" runtime; it runs tmux or the runtime's attach command.`,
      'Set terminal: "web" (the dashboard shows any runtime) or use `ao logs <session>`.',
    );
  }
  // Typed into a terminal, a control character would act as a key press: refuse rather than escape.
  if (argv.some(hasControlCharacters)) {
    throw errors.cannotAttach(
      `${NAME} will not type an attach command holding control characters into iTerm2.`,
      "Use `ao attach --web <session>` for this session.",
    );
  }
  const mode = opts.mode === "window" ? "window" : "tab";
  return { kind: "applescript", script: iTermScript(argv, { mode, profile: opts.profile ?? "" }) };
}

/**
 * The iTerm2 terminal (macOS): opens a new iTerm2 tab or window that attaches
 * to the session, so `ao attach` leaves the current terminal free. Elsewhere
 * it refuses with a hint.
 */
export default definePlugin({
  slot: "terminal",
  name: NAME,
  options: OPTIONS,
  create(opts) {
    return {
      supports: (info: AttachInfo | undefined) => attachArgv(opts.tmux, info) !== undefined,
      async open({ info }) {
        return iTermAction(opts, info, process.platform);
      },
    };
  },
});
