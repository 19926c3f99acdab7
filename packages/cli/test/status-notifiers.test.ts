import { join } from "node:path";
import type { NotifierPlugin } from "@ao/core";
import { createEngine } from "@ao/engine";
import {
  fakeAgent,
  fakeLifecycle,
  fakeNotifier,
  fakeRuntime,
  fakeScm,
  fakeTracker,
  fakeWorkspace,
  manualClock,
  testProject,
} from "@ao/testkit";
import { afterEach, beforeEach, expect, it } from "vitest";
import { ao, outsideTemp } from "./helpers.js";

let t: ReturnType<typeof outsideTemp>;
beforeEach(() => {
  t = outsideTemp("ao-status-notifiers-");
});
afterEach(() => t.cleanup());

const SECRET = "xoxb-0000-secret-webhook-token";

/** A notifier whose service is down, and whose error quotes its secret URL. */
const broken: NotifierPlugin = {
  slot: "notifier",
  name: "@acme/ao-notifier-chat",
  async notify() {
    throw new Error(`503 from https://chat.invalid/hooks/${SECRET}`);
  },
};

it("a notifier that fails is journaled by the engine and shown by ao status (text and --json), secret masked", async () => {
  const home = join(t.dir, "home");
  const clock = manualClock(Date.now());
  const workspace = fakeWorkspace({ root: join(t.dir, "ws") });
  const team = fakeNotifier();
  const agent = fakeAgent();
  const engine = createEngine({
    home,
    clock,
    pollIntervalMs: 100,
    callTimeoutMs: 2_000,
    env: { CHAT_HOOK: SECRET },
    secretEnvNames: ["CHAT_HOOK"],
    projects: [
      {
        ref: testProject({ id: "app", path: join(t.dir, "repo"), dataDir: join(t.dir, "data") }),
        plugins: {
          runtime: fakeRuntime(),
          agent,
          workspace,
          tracker: fakeTracker({
            issues: [{ id: "1", title: "Fix it", body: "", labels: [], state: "open" }],
          }),
          scm: fakeScm({ workspace }),
          notifiers: [broken, team],
          lifecycle: fakeLifecycle(),
        },
        notifierNames: ["chat", "team"],
        intake: { auto: false, labels: [], maxConcurrent: 2 },
      },
    ],
  });
  const s = await engine.spawn({ project: "app", issue: "1" });
  agent.control.setActivity(s.id, "waiting_input", undefined, { evidence: "Which branch?" });
  await engine.tick();
  // stop() waits for deliveries in flight, so the failure is on disk.
  await engine.stop();
  expect(team.control.sent.length).toBeGreaterThan(0);

  const env = { ...process.env, AO_HOME: home, AO_CONFIG: "", NO_COLOR: "1" };
  const text = await ao(["status"], { cwd: t.dir, env });
  expect(text.code).toBe(0);
  expect(text.stdout).toMatch(
    /warning: notifier chat of app failed 1× in the last 24h \(last .*, waiting_input for app-1\): PLUGIN_CALL_FAILED: .*503 from https:\/\/chat\.invalid\/hooks\/\[redacted\]/,
  );
  const r = await ao(["status", "--json"], { cwd: t.dir, env });
  const json = JSON.parse(r.stdout);
  expect(json.notifierFailures).toEqual([
    expect.objectContaining({
      project: "app",
      notifier: "chat",
      failures: 1,
      code: "PLUGIN_CALL_FAILED",
      session: s.id,
    }),
  ]);
  expect(`${text.stdout}${r.stdout}`).not.toContain(SECRET);
});
