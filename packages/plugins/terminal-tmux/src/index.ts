import { type AttachInfo, definePlugin, errors, type OptionInput, type OptionSpecs } from "@ao/core";

const NAME = "@ao/terminal-tmux";

const OPTIONS = {
  tmux: { type: "string", default: "tmux", doc: "The tmux binary (found on PATH unless a path is given)." },
} as const satisfies OptionSpecs;

/** Options of the tmux terminal. */
export type TmuxTerminalOptions = OptionInput<typeof OPTIONS>;

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

export default definePlugin({
  slot: "terminal",
  name: NAME,
  options: OPTIONS,
  create(opts) {
    const { tmux } = opts;
    return {
      supports: (info: AttachInfo | undefined) => info?.type === "tmux",
      async open({ info, insideTmux }) {
        if (info?.type !== "tmux") {
          throw errors.cannotAttach(
            `${NAME} cannot open a "${info?.type ?? "(no attach info)"}" runtime; it attaches to tmux sessions only.`,
            'Set terminal: "web" (the dashboard shows any runtime) or use `ao logs <session>`.',
          );
        }
        return { kind: "argv", argv: tmuxAttachCommand(tmux, info, insideTmux) };
      },
    };
  },
});
