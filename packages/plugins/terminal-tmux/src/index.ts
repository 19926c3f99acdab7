import { type AttachInfo, definePlugin, errors, options } from "@ao/core";

const NAME = "@ao/terminal-tmux";

/** Options of the tmux terminal. */
export interface TmuxTerminalOptions {
  /** The tmux binary (default `tmux` on PATH). */
  tmux?: string;
}

/**
 * The argv that shows a tmux session: `attach-session` from a plain terminal,
 * `switch-client` from inside tmux (attaching there would nest tmux). The `=`
 * makes tmux match the exact session name, never a prefix.
 */
export function tmuxAttachCommand(
  tmux: string,
  info: { target: string; socket?: string },
  insideTmux: boolean,
): string[] {
  const server = info.socket === undefined ? [] : ["-L", info.socket];
  return insideTmux
    ? [tmux, ...server, "switch-client", "-t", `=${info.target}`]
    : [tmux, ...server, "attach-session", "-t", `=${info.target}`];
}

export default definePlugin<"terminal", TmuxTerminalOptions>({
  slot: "terminal",
  name: NAME,
  create(opts) {
    options.known(NAME, opts, ["tmux"]);
    const tmux = options.string(NAME, "tmux", opts.tmux, "tmux");
    return {
      supports: (info: AttachInfo) => info.type === "tmux",
      attachCommand(info, { insideTmux }) {
        if (info.type !== "tmux") {
          throw errors.usage(
            `${NAME} cannot open a "${info.type}" runtime; it attaches to tmux sessions only.`,
          );
        }
        return tmuxAttachCommand(tmux, info, insideTmux);
      },
    };
  },
});
