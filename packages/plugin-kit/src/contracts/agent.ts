import { type Activity, type AgentPlugin, isEnvName } from "@ao/core";
import { expect } from "vitest";
import { type Check, type ContractOptions, type FixtureBase, registerContract } from "../check.js";
import { expectPluginShape, uniqueId } from "./shared.js";

export interface AgentFixture extends FixtureBase {
  plugin: AgentPlugin;
  /** A workspace directory the agent would run in (no agent session files in it yet). */
  cwd: string;
}

const ACTIVITIES: readonly Activity[] = [
  "active",
  "idle",
  "waiting_input",
  "blocked",
  "rate_limited",
  "exited",
];

const launchContext = (f: AgentFixture) => ({
  sessionId: uniqueId("agent"),
  cwd: f.cwd,
  prompt: 'Fix issue 42: "quotes", $(subshell) and `ticks`',
  promptFile: `${f.cwd}/.ao-prompt.md`,
  issue: null,
});

/** The agent contract's checks. */
export const agentChecks: Check<AgentFixture>[] = [
  {
    name: "has the agent slot and a name",
    async run(f) {
      expectPluginShape(f.plugin, "agent");
    },
  },
  {
    name: "launch returns an argv and a string environment",
    async run(f) {
      for (const resume of [false, true]) {
        const launch = await f.plugin.launch({ ...launchContext(f), resume });
        expect(launch.command.length).toBeGreaterThan(0);
        for (const part of launch.command) expect(typeof part).toBe("string");
        for (const value of Object.values(launch.env)) expect(typeof value).toBe("string");
      }
    },
  },
  {
    name: "passEnv (when present) lists valid environment variable names",
    async run(f, ctx) {
      if (f.plugin.passEnv === undefined) return ctx.skip("the plugin declares no passEnv");
      expect(Array.isArray(f.plugin.passEnv)).toBe(true);
      for (const name of f.plugin.passEnv) expect(isEnvName(name), JSON.stringify(name)).toBe(true);
    },
  },
  {
    name: "detectActivity reports a known activity, and exited for a dead process",
    async run(f) {
      const base = { cwd: f.cwd, output: "", lastOutputAt: null, now: Date.now() };
      const alive = await f.plugin.detectActivity({ ...base, alive: true });
      expect(ACTIVITIES).toContain(alive.state);
      expect(alive.source.length).toBeGreaterThan(0);
      expect((await f.plugin.detectActivity({ ...base, alive: false })).state).toBe("exited");
    },
  },
  {
    name: "binary (when present) names one executable, or null when it cannot tell",
    async run(f, ctx) {
      if (!f.plugin.binary) return ctx.skip("the plugin has no binary()");
      const binary = f.plugin.binary();
      if (binary === null) return;
      expect(typeof binary.command).toBe("string");
      expect(binary.command.trim()).toBe(binary.command);
      expect(binary.command.length).toBeGreaterThan(0);
      if (binary.install !== undefined) expect(binary.install.length).toBeGreaterThan(0);
    },
  },
  {
    name: "formatMessage (when present) encodes text as a string that keeps it",
    async run(f, ctx) {
      if (!f.plugin.formatMessage) return ctx.skip("the plugin has no formatMessage()");
      const text = "Please fix `x` and $(y) — ok?";
      const encoded = f.plugin.formatMessage(text);
      expect(typeof encoded).toBe("string");
      expect(encoded.length).toBeGreaterThan(0);
    },
  },
  {
    name: "sessionInfo (when present) resolves to null or info for a fresh workspace",
    async run(f, ctx) {
      if (!f.plugin.sessionInfo) return ctx.skip("the plugin has no sessionInfo()");
      const info = await f.plugin.sessionInfo(f.cwd);
      if (info !== null) expect(typeof info).toBe("object");
    },
  },
];

/** Register the agent contract: `agentContract({ setup: async () => ({ plugin, cwd, cleanup }) })`. */
export function agentContract(options: ContractOptions<AgentFixture>): void {
  registerContract("agent", options, agentChecks);
}
