import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { api, type Daemon, startDaemon, stopDaemon } from "./daemon-helpers.js";
import { ao, fakeWorld } from "./helpers.js";

let world: ReturnType<typeof fakeWorld> | undefined;
let daemon: Daemon | undefined;
afterEach(async () => {
  if (daemon) await stopDaemon(daemon);
  daemon = undefined;
  world?.cleanup();
  world = undefined;
});

/** A second agent plugin installed beside the config: a fake with its own state and message framing. */
function installSecondAgent(dir: string): void {
  const pkg = join(dir, "node_modules", "second-agent");
  mkdirSync(pkg, { recursive: true });
  writeFileSync(
    join(pkg, "package.json"),
    JSON.stringify({ name: "second-agent", type: "module", exports: "./index.js" }),
  );
  writeFileSync(
    join(pkg, "index.js"),
    `import { join } from "node:path";
import { fakeAgent } from "@ao/testkit";
const base = fakeAgent({
  stateFile: join(process.env.AO_TEST_WORLD, "agent2.json"),
  command: ["second-agent"],
  defaultActivity: "waiting_input",
});
export default { ...base, formatMessage: (text) => "[second-agent] " + text };
`,
  );
}

const launches = (
  w: NonNullable<typeof world>,
  file: string,
): Array<{ sessionId: string; resume: boolean }> => {
  try {
    return JSON.parse(readFileSync(join(w.env.AO_TEST_WORLD as string, file), "utf8")).launches;
  } catch {
    return [];
  }
};

const messages = (w: NonNullable<typeof world>): string[] => {
  const state = JSON.parse(readFileSync(join(w.env.AO_TEST_WORLD as string, "runtime.json"), "utf8")) as {
    runtimes: Record<string, { messages: string[] }>;
  };
  return Object.values(state.runtimes).flatMap((r) => r.messages);
};

describe("ao spawn --agent", () => {
  it("runs the named agent for the session's whole life, across a daemon restart", async () => {
    const w = fakeWorld();
    world = w;
    installSecondAgent(w.dir);
    const run = (...args: string[]) => ao(args, { cwd: w.dir, env: w.env });

    const spawned = await run("spawn", "1", "--agent", "second-agent", "--json");
    expect(spawned.code, spawned.stderr).toBe(0);
    const id = JSON.parse(spawned.stdout).sessions[0].id as string;
    expect(launches(w, "agent2.json").map((l) => l.sessionId)).toEqual([id]);
    expect(launches(w, "agent.json")).toEqual([]);

    // A fresh process (the daemon) still knows the session's agent: activity, messages, restore.
    daemon = await startDaemon(w);
    expect((await run("status", "--refresh", "--json")).code).toBe(0);
    const status = JSON.parse((await run("status", "--json")).stdout);
    expect(status.sessions[0]).toMatchObject({ id, activity: "waiting_input" });

    const sent = await run("send", id, "hello");
    expect(sent.code, sent.stderr).toBe(0);
    expect(messages(w)).toContain("[second-agent] hello");

    const restored = await run("restore", id);
    expect(restored.code, restored.stderr).toBe(0);
    expect(launches(w, "agent2.json").map((l) => [l.sessionId, l.resume])).toEqual([
      [id, false],
      [id, true],
    ]);
    expect(launches(w, "agent.json")).toEqual([]);
  });

  it("fails at once on an unknown agent and leaves no session", async () => {
    const w = fakeWorld();
    world = w;
    const run = (...args: string[]) => ao(args, { cwd: w.dir, env: w.env });
    const failed = await run("spawn", "1", "--agent", "no-such-agent");
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain("--agent");
    expect(failed.stderr).toContain("no-such-agent");
    const status = JSON.parse((await run("status", "--json")).stdout);
    expect(status.sessions).toEqual([]);
  });

  it("is accepted over HTTP, and a path instead of a name is refused without a session", async () => {
    const w = fakeWorld();
    world = w;
    installSecondAgent(w.dir);
    daemon = await startDaemon(w);
    const bad = await api(daemon, "POST", "/api/sessions", {
      project: "app",
      issue: "1",
      agent: "../../node_modules/second-agent",
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain("not an agent plugin name");
    const unknown = await api(daemon, "POST", "/api/sessions", { project: "app", issue: "1", agent: "nope" });
    expect(unknown.status).toBeGreaterThanOrEqual(400);
    expect((await api(daemon, "GET", "/api/sessions")).body.sessions).toEqual([]);

    const ok = await api(daemon, "POST", "/api/sessions", {
      project: "app",
      issue: "1",
      agent: "second-agent",
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    const id = (ok.body.session as { id: string }).id;
    expect(launches(w, "agent2.json").map((l) => l.sessionId)).toEqual([id]);
  });
});
