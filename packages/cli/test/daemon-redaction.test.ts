import { cpSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fakeRuntime } from "@ao/testkit";
import { afterAll, describe, expect, it, vi } from "vitest";
import { ao, FIXTURES, fakeWorld } from "./helpers.js";

/** The value of a variable only the config marks secret (`webhookUrlEnv`): its name looks harmless. */
const HOOK = "https://hooks.example.invalid/services/T0001/B0002/leakme";

/** The fakes world plus the leaky notifier, configured with `webhookUrlEnv: "AO_TEST_HOOK"`. */
function leakyWorld() {
  const world = fakeWorld();
  const config = join(world.dir, "ao.config.ts");
  writeFileSync(
    config,
    readFileSync(config, "utf8").replace(
      'notifiers: [fakeNotifier({ stateFile: file("notifier") })],',
      'notifiers: [fakeNotifier({ stateFile: file("notifier") }), ["ao-notifier-leaky", { webhookUrlEnv: "AO_TEST_HOOK" }]],',
    ),
  );
  cpSync(
    join(FIXTURES, "packages", "ao-notifier-leaky"),
    join(world.dir, "node_modules", "ao-notifier-leaky"),
    {
      recursive: true,
    },
  );
  world.env.AO_TEST_HOOK = HOOK;
  return world;
}

describe("secrets named by the config", () => {
  const world = leakyWorld();
  const home = world.env.AO_HOME as string;
  const run = (...args: string[]) => ao(args, { cwd: world.dir, env: world.env });
  afterAll(async () => {
    await run("stop");
    world.cleanup();
  });

  it("never reach daemon.log, the journal or the snapshot: not from a log line, an error or an event", async () => {
    const started = await run("start", "--detach");
    expect(started.code, started.stderr).toBe(0);
    const spawned = await run("spawn", "1", "--json");
    expect(spawned.code, spawned.stderr).toBe(0);
    const id = JSON.parse(spawned.stdout).sessions[0].id as string;
    expect((await run("send", id, `the hook is ${HOOK}`)).code).toBe(0);
    // The agent exits with no PR: the session errors and both notifiers are called; the leaky one
    // fails with the secret in its message, which the engine logs and journals.
    fakeRuntime({ stateFile: join(world.env.AO_TEST_WORLD as string, "runtime.json") }).control.kill(
      `fake-${id}`,
    );
    const journal = join(home, "projects", "app", "journal.jsonl");
    // The engine does not wait for notifiers: the leaky one's failure arrives as a notify_failed record.
    await vi.waitFor(
      () => expect(readFileSync(journal, "utf8")).toMatch(/"kind":"notify_failed".*"notification":"errored"/),
      {
        timeout: 15_000,
        interval: 100,
      },
    );
    expect((await run("stop")).code).toBe(0);

    const log = readFileSync(join(home, "daemon.log"), "utf8");
    expect(log).toContain("leaky: posting to [redacted]");
    expect(log).toContain("leaky raw: [redacted]");
    expect(log).toContain("[redacted] failed with 500");
    for (const file of [join(home, "daemon.log"), journal, join(home, "projects", "app", "snapshot.json")]) {
      expect(existsSync(file), file).toBe(true);
      expect(readFileSync(file, "utf8"), file).not.toContain("T0001/B0002");
    }
  });
});
