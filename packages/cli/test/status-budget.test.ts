import { appendFile } from "node:fs/promises";
import { join } from "node:path";
import { createSession, DEFAULT_REACTION_RULES } from "@ao/core";
import { Journal } from "@ao/engine";
import { afterEach, beforeEach, expect, it } from "vitest";
import { ao, outsideTemp } from "./helpers.js";

let t: ReturnType<typeof outsideTemp>;
beforeEach(() => {
  t = outsideTemp("ao-status-budget-");
});
afterEach(() => t.cleanup());

const resetAt = Date.parse("2026-11-28T23:00:00Z");

it("ao status shows the API budget journaled with the last observation, without asking GitHub", async () => {
  const home = join(t.dir, "home");
  const dir = join(home, "projects", "app");
  const j = await Journal.open({ dir, snapshotEvery: 0 });
  const session = createSession({
    id: "app-1",
    project: "app",
    issue: "1",
    branch: "ao/1",
    rules: DEFAULT_REACTION_RULES,
    at: 1,
  });
  await j.commit({ at: 1, kind: "session", session });
  await j.commit({
    at: Date.parse("2026-11-28T22:10:00Z"),
    kind: "budget",
    budget: [
      { resource: "core", remaining: 4321, limit: 5000, resetAt },
      { resource: "graphql", remaining: 120, limit: 5000, resetAt },
    ],
  });
  await j.close();
  const env = { ...process.env, AO_HOME: home, AO_CONFIG: "", NO_COLOR: "1", GITHUB_TOKEN: "" };
  const text = await ao(["status"], { cwd: t.dir, env });
  expect(text.code).toBe(0);
  expect(text.stdout).toContain(
    "API budget of app: core 4321/5000 (resets 2026-11-28 23:00), graphql 120/5000 (resets 2026-11-28 23:00); seen 2026-11-28 22:10",
  );
  const json = JSON.parse((await ao(["status", "--json"], { cwd: t.dir, env })).stdout);
  expect(json.budgets).toEqual([
    {
      project: "app",
      at: Date.parse("2026-11-28T22:10:00Z"),
      budget: [
        { resource: "core", remaining: 4321, limit: 5000, resetAt },
        { resource: "graphql", remaining: 120, limit: 5000, resetAt },
      ],
    },
  ]);
});

it("a journal without a budget, or with a torn one, shows none and still lists the sessions", async () => {
  const home = join(t.dir, "home");
  const dir = join(home, "projects", "app");
  const j = await Journal.open({ dir, snapshotEvery: 0 });
  const session = createSession({
    id: "app-1",
    project: "app",
    issue: "1",
    branch: "ao/1",
    rules: DEFAULT_REACTION_RULES,
    at: 1,
  });
  await j.commit({ at: 1, kind: "session", session });
  await j.close();
  // A torn last line (a crash mid-write) is not a budget.
  await appendFile(join(dir, "journal.jsonl"), '{"seq":9,"at":5,"kind":"budget","budget":[{"resource":"co');
  const env = { ...process.env, AO_HOME: home, AO_CONFIG: "", NO_COLOR: "1" };
  const r = await ao(["status", "--json"], { cwd: t.dir, env });
  expect(r.code).toBe(0);
  const json = JSON.parse(r.stdout);
  expect(json.sessions.map((s: { id: string }) => s.id)).toEqual(["app-1"]);
  expect(json.budgets).toBeUndefined();
});
