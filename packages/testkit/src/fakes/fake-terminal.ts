import { type AttachInfo, errors, type TerminalRequest } from "@ao/core";
import { defineFake } from "./define-fake.js";

export interface FakeTerminalOptions {
  /** The attach-info types it supports (default tmux and command). */
  types?: AttachInfo["type"][];
}

export interface FakeTerminalControl {
  /** Every request `open` was asked about. */
  readonly opened: TerminalRequest[];
}

/** A terminal that says what it would open without running anything. */
export const fakeTerminal = defineFake<"terminal", FakeTerminalOptions, FakeTerminalControl>(
  "terminal",
  "@ao/testkit/fake-terminal",
  (options) => {
    const types = options.types ?? ["tmux", "command"];
    const opened: TerminalRequest[] = [];
    const supports = (info: AttachInfo | undefined) => info !== undefined && types.includes(info.type);
    return {
      supports,
      async open(request) {
        const { info } = request;
        if (!info || !supports(info))
          throw errors.cannotAttach(
            `@ao/testkit/fake-terminal cannot open ${info?.type ?? "missing"} attach info.`,
            "Give it tmux or command attach info.",
          );
        opened.push(request);
        if (info.type === "command") return { kind: "argv", argv: [...info.argv] };
        if (info.type === "url") return { kind: "url", url: info.url };
        const socket = info.socket ? ["-L", info.socket] : [];
        return {
          kind: "argv",
          argv: request.insideTmux
            ? ["tmux", ...socket, "switch-client", "-t", info.target]
            : ["tmux", ...socket, "attach-session", "-t", info.target],
        };
      },
      control: { opened },
    };
  },
);
