import { type AttachInfo, errors } from "@ao/core";
import { defineFake } from "./define-fake.js";

export interface FakeTerminalOptions {
  /** The attach-info types it supports (default tmux and command). */
  types?: AttachInfo["type"][];
}

export interface FakeTerminalControl {
  /** Every attach-info `attachCommand` was asked about. */
  readonly attached: AttachInfo[];
}

/** A terminal that builds attach commands without running anything. */
export const fakeTerminal = defineFake<"terminal", FakeTerminalOptions, FakeTerminalControl>(
  "terminal",
  "@ao/testkit/fake-terminal",
  (options) => {
    const types = options.types ?? ["tmux", "command"];
    const attached: AttachInfo[] = [];
    const supports = (info: AttachInfo) => types.includes(info.type);
    return {
      supports,
      attachCommand(info, o) {
        if (!supports(info))
          throw errors.usage(
            `@ao/testkit/fake-terminal cannot open ${info.type} attach info.`,
            "Give it tmux or command attach info.",
          );
        attached.push(info);
        if (info.type === "command") return [...info.argv];
        if (info.type === "url") return ["echo", info.url];
        const socket = info.socket ? ["-L", info.socket] : [];
        return o.insideTmux
          ? ["tmux", ...socket, "switch-client", "-t", info.target]
          : ["tmux", ...socket, "attach-session", "-t", info.target];
      },
      control: { attached },
    };
  },
);
