import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fakeRuntime, startFakeSlack, type FakeSlack } from "@ao/testkit";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ao, fakeWorld } from "./helpers.js";

/** The fakes world with the bundled Slack notifier, named by its short name, next to the fake one. */
function slackWorld(slack: FakeSlack, webhookUrl: string) {
  const world = fakeWorld();
  const config = join(world.dir, "ao.config.ts");
  writeFileSync(
    config,
    readFileSync(config, "utf8").replace(
      'notifiers: [fakeNotifier({ stateFile: file("notifier") })],',
      'notifiers: [fakeNotifier({ stateFile: file("notifier") }), ["slack", { webhookUrlEnv: "AO_TEST_SLACK_HOOK", attempts: 1 }]],',
    ),
  );
  world.env.AO_TEST_SLACK_HOOK = webhookUrl;
  return { ...world, slack };
}

describe("a chat notifier in the daemon", () => {
  let slack: FakeSlack;
  beforeAll(async () => {
    slack = await startFakeSlack();
  });
  afterAll(() => slack.close());

  /** Spawn a session, kill its agent (no PR: the session errors and notifies), wait for `until`. */
  async function erroredSession(
    world: ReturnType<typeof slackWorld>,
    until: (id: string, journal: string) => void,
  ) {
    const run = (...args: string[]) => ao(args, { cwd: world.dir, env: world.env });
    const started = await run("start", "--detach");
    expect(started.code, started.stderr).toBe(0);
    const spawned = await run("spawn", "1", "--json");
    expect(spawned.code, spawned.stderr).toBe(0);
    const id = JSON.parse(spawned.stdout).sessions[0].id as string;
    fakeRuntime({ stateFile: join(world.env.AO_TEST_WORLD as string, "runtime.json") }).control.kill(
      `fake-${id}`,
    );
    const journal = join(world.env.AO_HOME as string, "projects", "app", "journal.jsonl");
    await vi.waitFor(() => until(id, journal), { timeout: 20_000, interval: 100 });
    expect((await run("stop")).code).toBe(0);
    return { id, journal };
  }

  it('`["slack", {...}]` delivers the notification with the command that acts on it', async () => {
    const world = slackWorld(slack, slack.webhookUrl);
    try {
      const { id } = await erroredSession(world, (id) =>
        expect(slack.messages.some((m) => m.raw.includes(`ao restore ${id}`))).toBe(true),
      );
      const message = slack.messages.find((m) => m.raw.includes(id));
      expect(message?.raw).toContain(":rotating_light:");
      // The daemon serves the dashboard, so the notification links to the session's page.
      expect(message?.raw).toMatch(new RegExp(`http://127\\.0\\.0\\.1:\\d+/sessions/${id}`));
    } finally {
      world.cleanup();
    }
  }, 90_000);

  it("a refused delivery is journaled and logged without the webhook URL", async () => {
    const secretPath = "/services/T0LEAK/B0LEAK/refused-hook-secret";
    const world = slackWorld(slack, `${slack.url}${secretPath}`);
    try {
      const { journal } = await erroredSession(world, (_id, journal) =>
        expect(readFileSync(journal, "utf8")).toMatch(/"kind":"notify_failed".*HTTP 404 \(no_service\)/),
      );
      const home = world.env.AO_HOME as string;
      expect(readFileSync(join(home, "daemon.log"), "utf8")).toContain("HTTP 404 (no_service)");
      for (const file of [join(home, "daemon.log"), journal]) {
        expect(readFileSync(file, "utf8"), file).not.toContain("refused-hook-secret");
      }
    } finally {
      world.cleanup();
    }
  }, 90_000);
});
