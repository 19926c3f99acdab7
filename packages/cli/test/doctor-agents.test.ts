import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fakeAgent, installFakeAgentClis } from "@ao/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliVersion } from "../src/commands/doctor-agents.js";
import { ao, fakeWorld } from "./helpers.js";

interface Check {
  name: string;
  status: string;
  detail: string;
  fix?: string;
}

let world: ReturnType<typeof fakeWorld>;
const doctor = async (env: NodeJS.ProcessEnv) => {
  const result = await ao(["doctor", "--json"], { cwd: world.dir, env });
  return (JSON.parse(result.stdout) as { checks: Check[] }).checks;
};

beforeAll(() => {
  world = fakeWorld();
});
afterAll(() => world.cleanup());

describe("ao doctor and the agents", () => {
  it("shows where each agent CLI is and its version", async () => {
    const clis = await installFakeAgentClis(join(world.dir, "bin"));
    const checks = await doctor({
      ...world.env,
      AO_TEST_AGENT: "claude-code",
      PATH: `${clis.path}:${process.env.PATH ?? ""}`,
    });
    const agent = checks.find((c) => c.name === "agent @ao/agent-claude-code");
    expect(agent, JSON.stringify(checks)).toBeDefined();
    expect(agent?.status).toBe("ok");
    expect(agent?.detail).toMatch(/^\d+\.\d+\.\d+ \(Claude Code\) \(.*\/claude\)$/);
  });

  it("warns, without hanging, when the CLI does not answer --version, and fences what it prints", async () => {
    const hung = join(world.dir, "hung-cli");
    writeFileSync(hung, "#!/bin/sh\nexec sleep 60\n");
    chmodSync(hung, 0o755);
    const answer = await cliVersion(hung, 300);
    expect(answer).toEqual({ problem: "`--version` did not answer within 0.3s" });
    const loud = join(world.dir, "loud-cli");
    writeFileSync(loud, "#!/bin/sh\nprintf '1.0 \\033]0;pwned\\007ok\\n'\n");
    chmodSync(loud, 0o755);
    const printed = await cliVersion(loud);
    expect("version" in printed && printed.version).toMatch(/^1\.0 .*ok$/);
    expect(JSON.stringify(printed)).not.toMatch(/\\u001b|\\u0007/);
    const failing = join(world.dir, "failing-cli");
    writeFileSync(failing, "#!/bin/sh\necho nope >&2\nexit 3\n");
    chmodSync(failing, 0o755);
    expect(await cliVersion(failing)).toMatchObject({ problem: expect.stringContaining("failed") });
  });

  it("warns while an agent is at its usage limit (intake paused), and not after the reset", async () => {
    const run = (...args: string[]) => ao(args, { cwd: world.dir, env: world.env });
    const spawned = await run("spawn", "1", "--json");
    expect(spawned.code, spawned.stderr).toBe(0);
    const id = JSON.parse(spawned.stdout).sessions[0].id as string;
    expect((await doctor(world.env)).filter((c) => c.name.startsWith("usage limit"))).toEqual([]);
    const agent = fakeAgent({ stateFile: join(world.dir, "world", "agent.json") });
    const resetsAt = Date.now() + 3 * 3_600_000;
    agent.control.setActivity(id, "rate_limited", resetsAt, { evidence: "You've hit your limit" });
    expect((await run("status", "--refresh")).code).toBe(0);
    const limit = (await doctor(world.env)).find((c) => c.name === "usage limit app");
    expect(limit?.status).toBe("warn");
    expect(limit?.detail).toContain(`session ${id}'s agent is at its usage limit`);
    expect(limit?.detail).toContain(new Date(resetsAt).toISOString().slice(0, 16).replace("T", " "));
    expect(limit?.detail).toContain("intake starts no session for that agent");
    agent.control.setActivity(id, "active");
    expect((await run("status", "--refresh")).code).toBe(0);
    expect((await doctor(world.env)).filter((c) => c.name.startsWith("usage limit"))).toEqual([]);
  });
});
