import type { AttachInfo, TerminalPlugin } from "@ao/core";
import { expect } from "vitest";
import { type Check, type ContractOptions, type FixtureBase, registerContract } from "../check.js";
import { expectPluginShape } from "./shared.js";

export interface TerminalFixture extends FixtureBase {
  plugin: TerminalPlugin;
  /** Attach info the terminal is meant to open (e.g. `{ type: "tmux", target: "s1", socket: "x" }`). */
  info: AttachInfo;
  /** Attach info it cannot open, if there is such a kind. */
  unsupported?: AttachInfo;
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
    name: "supports its attach info and builds an argv inside and outside tmux",
    async run(f) {
      expect(f.plugin.supports(f.info)).toBe(true);
      for (const insideTmux of [false, true]) {
        const argv = f.plugin.attachCommand(f.info, { insideTmux });
        expect(argv.length).toBeGreaterThan(0);
        for (const part of argv) expect(typeof part).toBe("string");
      }
    },
  },
  {
    name: "does not claim attach info it cannot open",
    async run(f, ctx) {
      if (!f.unsupported) return ctx.skip("no unsupported attach info given");
      expect(f.plugin.supports(f.unsupported)).toBe(false);
    },
  },
];

/** Register the terminal contract: `terminalContract({ setup: async () => ({ plugin, info, cleanup }) })`. */
export function terminalContract(options: ContractOptions<TerminalFixture>): void {
  registerContract("terminal", options, terminalChecks);
}
