import type { AttachInfo, TerminalAction, TerminalPlugin, TerminalRequest } from "@ao/core";
import { expect } from "vitest";
import { type Check, type ContractOptions, type FixtureBase, registerContract } from "../check.js";
import { expectAoError } from "../expect-ao-error.js";
import { expectPluginShape } from "./shared.js";

export interface TerminalFixture extends FixtureBase {
  plugin: TerminalPlugin;
  /** Attach info the terminal is meant to open (e.g. `{ type: "tmux", target: "s1", socket: "x" }`). */
  info: AttachInfo;
  /** Attach info it cannot open, if there is such a kind. */
  unsupported?: AttachInfo;
  /** The action kind it answers with (`argv`, `url` or `applescript`). */
  kind: TerminalAction["kind"];
  /** Whether it cannot work on this machine (e.g. iTerm2 off macOS): then `open` must refuse with CANNOT_ATTACH. */
  unavailable?: boolean;
}

/** A dashboard that hands out recognisable login URLs, to check what a terminal does with them. */
const DASHBOARD = {
  url: "http://127.0.0.1:4399",
  loginUrl: async (path: string) =>
    `http://127.0.0.1:4399/login?token=one-time-code&next=${encodeURIComponent(path)}`,
};

const request = (f: TerminalFixture, insideTmux: boolean): TerminalRequest => ({
  sessionId: "demo-1",
  info: f.info,
  insideTmux,
  dashboard: DASHBOARD,
});

function checkAction(action: TerminalAction, kind: TerminalAction["kind"]): void {
  expect(action.kind).toBe(kind);
  if (action.kind === "argv") {
    expect(action.argv.length).toBeGreaterThan(0);
    for (const part of action.argv) expect(typeof part).toBe("string");
  } else if (action.kind === "url") {
    expect(() => new URL(action.url)).not.toThrow();
  } else {
    expect(action.script.trim().length).toBeGreaterThan(0);
  }
}

/** The terminal contract's checks. */
export const terminalChecks: Check<TerminalFixture>[] = [
  {
    name: "has the terminal slot and a name",
    async run(f) {
      expectPluginShape(f.plugin, "terminal");
    },
  },
  {
    name: "supports its attach info and says what to open, inside and outside tmux",
    async run(f) {
      expect(f.plugin.supports(f.info)).toBe(true);
      for (const insideTmux of [false, true]) {
        const opening = f.plugin.open(request(f, insideTmux));
        if (f.unavailable) await expectAoError(opening, "CANNOT_ATTACH");
        else checkAction(await opening, f.kind);
      }
    },
  },
  {
    name: "does not claim attach info it cannot open, and refuses to open it with CANNOT_ATTACH",
    async run(f, ctx) {
      if (!f.unsupported) return ctx.skip("no unsupported attach info given");
      expect(f.plugin.supports(f.unsupported)).toBe(false);
      await expectAoError(f.plugin.open({ ...request(f, false), info: f.unsupported }), "CANNOT_ATTACH");
    },
  },
];

/** Register the terminal contract: `terminalContract({ setup: async () => ({ plugin, info, kind, cleanup }) })`. */
export function terminalContract(options: ContractOptions<TerminalFixture>): void {
  registerContract("terminal", options, terminalChecks);
}
