// One reconcile tick over 1,000 live sessions (all with open PRs) on the
// in-memory testkit fakes: CPU time and RSS. Goal: < 100 ms CPU, < 200 MB RSS.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSession, DEFAULT_REACTION_RULES } from "../packages/core/dist/index.js";
import { createEngine, Journal } from "../packages/engine/dist/index.js";
import {
  fakeAgent,
  fakeLifecycle,
  fakeNotifier,
  fakeRuntime,
  fakeScm,
  fakeTracker,
  fakeWorkspace,
  testProject,
} from "../packages/testkit/dist/index.js";

const SESSIONS = 1_000;
const home = mkdtempSync(join(tmpdir(), "ao-bench-tick-"));
try {
  const ref = testProject({ id: "app", path: join(home, "repo"), dataDir: join(home, "data") });
  const issues = Array.from({ length: SESSIONS }, (_, i) => ({
    id: String(i + 1),
    title: `Issue ${i + 1}`,
    body: "",
    labels: [],
    state: "open",
  }));
  const plugins = {
    runtime: fakeRuntime(),
    agent: fakeAgent({ defaultActivity: "active" }),
    workspace: fakeWorkspace({ root: join(home, "ws") }),
    tracker: fakeTracker({ issues }),
    scm: fakeScm(),
    notifiers: [fakeNotifier()],
    lifecycle: fakeLifecycle(),
  };
  // Build the fleet directly (spawning 1,000 sessions one by one would measure fsync, not the tick).
  const journal = await Journal.open({ dir: join(home, "projects", "app"), snapshotEvery: 0 });
  const at = Date.now();
  for (let i = 0; i < SESSIONS; i++) {
    const id = `app-${i + 1}`;
    const branch = `ao/${i + 1}-issue`;
    const ws = await plugins.workspace.create(ref, { sessionId: id, branch });
    const handle = await plugins.runtime.create({ sessionId: id, cwd: ws.path, command: ["agent"], env: {} });
    const pr = await plugins.scm.openPR(ref, { branch, base: "main", title: id, body: "" });
    const session = createSession({
      id,
      project: "app",
      issue: String(i + 1),
      branch,
      rules: DEFAULT_REACTION_RULES,
      at,
    });
    journal.commit({ at, kind: "session", session });
    const base = (await plugins.workspace.status(ref, ws)).head;
    journal.commit({ at, kind: "step", session: id, step: "workspace", data: { ...ws, baseHead: base } });
    journal.commit({ at, kind: "step", session: id, step: "in_progress" });
    journal.commit({
      at,
      kind: "event",
      session: id,
      event: { type: "spawned", at, resources: { workspace: ws, runtime: handle } },
    });
    journal.commit({ at, kind: "event", session: id, event: { type: "agent_active", at, source: "fake" } });
    journal.commit({
      at,
      kind: "event",
      session: id,
      event: { type: "pr_opened", at, number: pr.number, url: pr.url },
    });
    journal.commit({ at, kind: "event", session: id, event: { type: "mergeability", at, mergeable: true } });
  }
  await journal.close();

  const engine = createEngine({
    home,
    projects: [{ ref, plugins, intake: { auto: false, labels: [], maxConcurrent: 5 } }],
    env: {},
    concurrency: 16,
  });
  await engine.recover();
  globalThis.gc?.();
  const measure = async () => {
    const cpu = process.cpuUsage();
    const t = performance.now();
    await engine.tick();
    const wall = performance.now() - t;
    const { user, system } = process.cpuUsage(cpu);
    return { cpu: (user + system) / 1000, wall, rss: process.memoryUsage().rss / 1024 / 1024 };
  };
  const first = await measure();
  const steady = await measure();
  await engine.stop();

  const ok = (value, goal) => (value < goal ? "ok" : "OVER GOAL");
  console.log(`engine-tick: one tick over ${SESSIONS} live sessions with open PRs (fake slots)`);
  for (const [label, r] of [
    ["first tick", first],
    ["steady tick", steady],
  ]) {
    console.log(
      `  ${label.padEnd(12)} ${r.cpu.toFixed(0).padStart(6)} ms CPU ${r.wall.toFixed(0).padStart(6)} ms wall   goal < 100 ms   ${ok(r.cpu, 100)}`,
    );
  }
  console.log(
    `  RSS          ${steady.rss.toFixed(0).padStart(6)} MB                  goal < 200 MB   ${ok(steady.rss, 200)}`,
  );
} finally {
  rmSync(home, { recursive: true, force: true });
}
