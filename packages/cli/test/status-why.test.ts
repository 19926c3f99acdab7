import { join } from "node:path";
import { fakeAgent } from "@ao/testkit";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ao, fakeWorld } from "./helpers.js";

let world: ReturnType<typeof fakeWorld>;
const run = (...args: string[]) => ao(args, { cwd: world.dir, env: world.env });

beforeAll(() => {
  world = fakeWorld();
});
afterAll(() => world.cleanup());

it("status --why shows the evidence, its source and age, the agent's session id and cost", async () => {
  const spawned = await run("spawn", "1", "--json");
  expect(spawned.code).toBe(0);
  const id = JSON.parse(spawned.stdout).sessions[0].id as string;
  // The test drives the same fake agent the CLI process loads, through its state file.
  const agent = fakeAgent({ stateFile: join(world.dir, "world", "agent.json") });
  agent.control.setActivity(id, "waiting_input", undefined, {
    evidence: "Do you want to proceed?\u001b[31m (y/n)",
    agentSessionId: "9f1c2d3e-aaaa-4bbb-8ccc-0123456789ab",
  });
  agent.control.setInfo(id, {
    usage: [
      { model: "claude-sonnet-4-5-20250929", input: 1_000_000, output: 100_000, cacheRead: 0, cacheWrite: 0 },
    ],
    summary: "Parser fixed; tests pending",
  });
  expect((await run("status", "--refresh")).code).toBe(0);

  const json = await run("status", "--why", id, "--json");
  expect(json.code).toBe(0);
  const why = JSON.parse(json.stdout);
  expect(why).toMatchObject({
    session: id,
    state: "working",
    activity: { state: "waiting_input", source: "fake" },
    agent: {
      agentSessionId: "9f1c2d3e-aaaa-4bbb-8ccc-0123456789ab",
      costSource: "pricing",
      summary: "Parser fixed; tests pending",
    },
  });
  // Hostile text is inert: the escape byte never reaches the terminal.
  expect(why.activity.evidence).toContain("Do you want to proceed?");
  expect(why.activity.evidence).not.toContain("\u001b");
  expect(why.activity.ageMs).toBeGreaterThanOrEqual(0);
  // 1M input × $3 + 100k output × $15 per million.
  expect(why.agent.costUsd).toBeCloseTo(4.5, 6);

  const text = await run("status", "--why", id);
  expect(text.stdout).toContain("activity: waiting_input (source: fake,");
  expect(text.stdout).toContain("evidence: Do you want to proceed?");
  expect(text.stdout).toContain("cost: $4.50 (pricing)");

  const status = JSON.parse((await run("status", "--json")).stdout);
  expect(status.sessions[0].costUsd).toBeCloseTo(4.5, 6);
  expect(status.cost.totalUsd).toBeCloseTo(4.5, 6);
  expect((await run("status")).stdout).toContain("$4.50");

  const missing = await run("status", "--why", "app-999");
  expect(missing.code).toBe(1);
  expect(missing.stderr).toContain("app-999");
});
