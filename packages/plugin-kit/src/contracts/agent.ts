import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { isAbsolute, join } from "node:path";
import { AGENT_PERMISSIONS, type Activity, type AgentPlugin, isEnvName } from "@ao/core";
import { expect } from "vitest";
import { hostAgentFiles } from "../agent-files.js";
import { type Check, type ContractOptions, type FixtureBase, registerContract } from "../check.js";
import { expectPluginShape, uniqueId } from "./shared.js";

export interface AgentFixture extends FixtureBase {
  plugin: AgentPlugin;
  /** A workspace directory the agent would run in (no agent session files in it yet). */
  cwd: string;
  /**
   * The agent's home (its global config and transcripts); default: a fresh
   * temp dir per check, so `trust` never touches the real home.
   */
  home?: string;
}

const ACTIVITIES: readonly Activity[] = [
  "active",
  "idle",
  "waiting_input",
  "blocked",
  "rate_limited",
  "exited",
];

/** Run `fn` with the fixture's home, or a temp home removed afterwards. */
async function withHome<T>(f: AgentFixture, fn: (home: string) => Promise<T>): Promise<T> {
  if (f.home) return fn(f.home);
  const home = await mkdtemp(join(tmpdir(), "ao-agent-home-"));
  try {
    return await fn(home);
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

/** Every file under a directory with its content, to compare before and after. */
async function tree(dir: string, prefix = ""): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) Object.assign(out, await tree(path, `${prefix}${entry.name}/`));
    else out[`${prefix}${entry.name}`] = await readFile(path, "utf8");
  }
  return out;
}

const launchContext = (f: AgentFixture, home: string) => ({
  sessionId: uniqueId("agent"),
  cwd: f.cwd,
  prompt: 'Fix issue 42: "quotes", $(subshell) and `ticks`',
  promptFile: `${f.cwd}/.ao-prompt.md`,
  issue: null,
  permissions: "auto" as const,
  home,
});

const RESUMES = [
  undefined,
  { agentSessionId: null, handoff: "Earlier: wrote the parser; tests still fail." },
  { agentSessionId: "0b7c5a2e-1111-4222-8333-944445555666", handoff: "Earlier work." },
];

/** The agent contract's checks. */
export const agentChecks: Check<AgentFixture>[] = [
  {
    name: "has the agent slot and a name",
    async run(f) {
      expectPluginShape(f.plugin, "agent");
    },
  },
  {
    name: "launch returns an argv and a string environment, in every permissions mode, fresh or resumed",
    async run(f) {
      await withHome(f, async (home) => {
        for (const permissions of AGENT_PERMISSIONS) {
          for (const resume of RESUMES) {
            const launch = await f.plugin.launch({
              ...launchContext(f, home),
              permissions,
              rules: "Rules: run `pnpm test` before committing.",
              ...(resume ? { resume } : {}),
            });
            expect(launch.command.length).toBeGreaterThan(0);
            for (const part of launch.command) expect(typeof part).toBe("string");
            for (const value of Object.values(launch.env)) expect(typeof value).toBe("string");
          }
        }
      });
    },
  },
  {
    name: "launch files (when any) stay inside the workspace and merge with what is there",
    async run(f, ctx) {
      await withHome(f, async (home) => {
        const launch = await f.plugin.launch(launchContext(f, home));
        if (!launch.files?.length) return ctx.skip("the plugin writes no workspace files");
        for (const file of launch.files) {
          expect(isAbsolute(file.path), file.path).toBe(false);
          expect(file.path.split(/[\\/]/), file.path).not.toContain("..");
          for (const existing of [null, ""]) {
            const content = typeof file.content === "function" ? file.content(existing) : file.content;
            expect(typeof content).toBe("string");
          }
        }
      });
    },
  },
  {
    name: "trust and untrust (when present) are idempotent and leave the home as they found it",
    async run(f, ctx) {
      if (!f.plugin.trust) return ctx.skip("the plugin has no trust()");
      expect(typeof f.plugin.untrust, "trust without untrust leaves entries behind").toBe("function");
      await withHome(f, async (home) => {
        const before = await tree(home);
        const trust = { sessionId: uniqueId("agent"), cwd: f.cwd, home };
        await f.plugin.trust?.(trust);
        await f.plugin.trust?.(trust);
        await f.plugin.untrust?.(trust);
        await f.plugin.untrust?.(trust);
        const after = await tree(home);
        for (const [path, content] of Object.entries(before)) expect(after[path], path).toBe(content);
      });
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
      await withHome(f, async (home) => {
        const base = {
          cwd: f.cwd,
          files: hostAgentFiles(f.cwd, home),
          agentSessionId: null,
          output: "",
          lastOutputAt: null,
          now: Date.now(),
        };
        const alive = await f.plugin.detectActivity({ ...base, alive: true });
        expect(ACTIVITIES).toContain(alive.state);
        expect(alive.source.length).toBeGreaterThan(0);
        if (alive.evidence !== undefined) expect(typeof alive.evidence).toBe("string");
        expect((await f.plugin.detectActivity({ ...base, alive: false })).state).toBe("exited");
      });
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
    name: "sessionInfo (when present) resolves to null or info with a JSON cursor for a fresh workspace",
    async run(f, ctx) {
      if (!f.plugin.sessionInfo) return ctx.skip("the plugin has no sessionInfo()");
      await withHome(f, async (home) => {
        const files = hostAgentFiles(f.cwd, home);
        const got = await f.plugin.sessionInfo?.({ cwd: f.cwd, files, agentSessionId: null, cursor: null });
        if (!got) return;
        expect(typeof got.info).toBe("object");
        // The cursor is journaled: it must survive a JSON round trip.
        expect(JSON.parse(JSON.stringify(got.cursor ?? null))).toEqual(got.cursor ?? null);
        for (const u of got.info.usage ?? []) {
          for (const n of [u.input, u.output, u.cacheRead, u.cacheWrite]) expect(n).toBeGreaterThanOrEqual(0);
        }
      });
    },
  },
];

/** Register the agent contract: `agentContract({ setup: async () => ({ plugin, cwd, cleanup }) })`. */
export function agentContract(options: ContractOptions<AgentFixture>): void {
  registerContract("agent", options, agentChecks);
}
