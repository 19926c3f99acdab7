import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { ao, fakeWorld } from "./helpers.js";

let world: ReturnType<typeof fakeWorld> | undefined;
afterEach(() => world?.cleanup());

it("ao refuses to act on a config whose intake filter the tracker cannot apply, naming both", async () => {
  world = fakeWorld();
  writeFileSync(
    join(world.dir, "ao.config.ts"),
    `import { join } from "node:path";
import { defineConfig } from "@ao/cli";
import { fakeAgent, fakeLifecycle, fakeRuntime, fakeScm, fakeTerminal, fakeTracker, fakeWorkspace } from "@ao/testkit";
const world = process.env.AO_TEST_WORLD ?? "/tmp/ao-test-world";
const file = (name) => join(world, name + ".json");
const workspace = fakeWorkspace({ stateFile: file("workspace") });
export default defineConfig({
  defaults: {
    runtime: fakeRuntime({ stateFile: file("runtime") }),
    agent: fakeAgent({ stateFile: file("agent") }),
    workspace,
    // A tracker that applies labels and state only.
    tracker: fakeTracker({ stateFile: file("tracker"), filters: ["labels", "state", "limit"], issues: [{ id: "1", title: "One", body: "", labels: ["agent"], state: "open" }] }),
    scm: fakeScm({ stateFile: file("scm"), workspace }),
    notifiers: [],
    terminal: fakeTerminal(),
    lifecycle: fakeLifecycle(),
  },
  projects: { app: { repo: "acme/app", path: "." } },
  intake: { auto: true, labels: ["agent"], assignee: "octocat" },
});
`,
  );
  const r = await ao(["spawn", "1"], { cwd: world.dir, env: world.env });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(
    "projects.app.intake.assignee: the tracker @ao/testkit/fake-tracker cannot filter issues by assignee",
  );
  // Nothing was started: no session exists.
  const status = await ao(["status", "--json"], { cwd: world.dir, env: world.env });
  expect(JSON.parse(status.stdout).sessions).toEqual([]);
});
