import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AgentPlugin } from "@ao/core";
import { describe, expect, it } from "vitest";
import { findCheck, runCheck } from "../check.js";
import { agentChecks } from "./agent.js";

/** A minimal agent, with `over` replacing what a check is about. */
const agent = (over: Partial<AgentPlugin>): AgentPlugin => ({
  slot: "agent",
  name: "bad-agent",
  launch: () => ({ command: ["x"], env: {} }),
  detectActivity: async (i) => ({ state: i.alive ? "active" : "exited", source: "test" }),
  ...over,
});

const run = (name: string, plugin: AgentPlugin) =>
  runCheck(findCheck(agentChecks, name), async () => ({ plugin, cwd: "/nowhere" }));

// The contract must catch the mistakes it exists for: each bad agent fails its check.
describe("the agent contract catches", () => {
  it("a launch file outside the workspace", async () => {
    const plugin = agent({
      launch: () => ({ command: ["x"], env: {}, files: [{ path: "../x", content: "" }] }),
    });
    const result = await run(
      "launch files (when any) stay inside the workspace and merge with what is there",
      plugin,
    );
    expect(result.status).toBe("failed");
  });

  it("a trust that leaves the user's global config changed", async () => {
    // Trust overwrites the user's file and untrust forgets to put it back.
    const plugin = agent({
      trust: async ({ home }) => writeFile(join(home, "config.json"), '{"trusted":true}'),
      untrust: async () => {},
    });
    const name = "trust and untrust (when present) are idempotent and leave the home as they found it";
    const result = await runCheck(findCheck(agentChecks, name), async () => {
      const home = await mkdtemp(join(tmpdir(), "ao-contract-home-"));
      await writeFile(join(home, "config.json"), '{"user":true}');
      return { plugin, cwd: "/nowhere", home, cleanup: () => rm(home, { recursive: true, force: true }) };
    });
    expect(result.status).toBe("failed");
  });

  it("a cursor that does not survive JSON", async () => {
    const plugin = agent({ sessionInfo: async () => ({ info: {}, cursor: { at: new Date(0) } }) });
    const result = await run(
      "sessionInfo (when present) resolves to null or info with a JSON cursor for a fresh workspace",
      plugin,
    );
    expect(result.status).toBe("failed");
  });
});
