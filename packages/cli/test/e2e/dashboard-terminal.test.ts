// The web terminal end to end: a daemon on the local stack with the tmux runtime, a real
// websocket client, and an agent that answers what is typed into its terminal.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { skipWithout } from "@ao/testkit";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createWorld, type DemoWorld } from "../../src/demo/world.js";
import { type Daemon, startDaemon, stopDaemon } from "../daemon-helpers.js";
import { viewer } from "../dashboard-helpers.js";
import { send } from "../http-client.js";
import { FIXTURES, hasTmux, killTmuxServer } from "./helpers.js";

/** Typed into the terminal: it must reach the agent and never be written down by ao. */
const TYPED = "hunter2-typed-secret";

// Without tmux this suite is skipped with the reason printed; under AO_TEST_FULL=1 it fails instead.
describe.skipIf(skipWithout("tmux", hasTmux))("the web terminal on a tmux session", () => {
  let world: DemoWorld;
  let daemon: Daemon;
  let host = "";
  let cookie = "";
  let id = "";
  const journal = () => readFileSync(join(world.home, "projects", "demo", "journal.jsonl"), "utf8");
  const url = () => `ws://${host}/api/sessions/${id}/terminal?cols=100&rows=30`;
  const own = () => ({ cookie, origin: `http://${host}` });

  beforeAll(async () => {
    world = createWorld({ runtime: "tmux" });
    const text = readFileSync(world.config, "utf8");
    const config = JSON.parse(text.slice(text.indexOf("{"), text.lastIndexOf(";")));
    config.defaults.agent = [
      "command",
      {
        run: [process.execPath, join(FIXTURES, "echo-agent.mjs")],
        messageFormat: "jsonl",
        idleAfter: "600ms",
      },
    ];
    config.projects.demo.intake.auto = false;
    writeFileSync(world.config, `export default ${JSON.stringify(config, null, 2)};\n`);
    const env = { ...process.env, AO_HOME: world.home, NO_COLOR: "1", AO_CONFIG: "" };
    daemon = await startDaemon({ dir: world.root, env, cleanup() {} }, env, [
      "--config",
      world.config,
      "--json",
    ]);
    host = `127.0.0.1:${daemon.port}`;
    await vi.waitFor(() => expect(daemon.stdout()).toContain("loginUrl"), { timeout: 10_000 });
    const login = new URL(JSON.parse(daemon.stdout()).loginUrl);
    const answer = await send(daemon.port, "GET", login.pathname + login.search, { host });
    cookie = String(answer.headers["set-cookie"]).split(";")[0] as string;
    const spawned = await send(
      daemon.port,
      "POST",
      "/api/sessions",
      { host, cookie, origin: `http://${host}`, "content-type": "application/json" },
      JSON.stringify({ project: "demo", prompt: "echo what is typed" }),
    );
    expect(spawned.status, spawned.body).toBe(201);
    id = JSON.parse(spawned.body).session.id;
    // Attach once the agent runs: the stream's first chunk is then its screen.
    await vi.waitFor(
      async () => {
        const out = await send(daemon.port, "GET", `/api/sessions/${id}/output`, { host, cookie });
        expect(JSON.parse(out.body).output).toContain("echo-agent ready");
      },
      { timeout: 30_000, interval: 200 },
    );
  }, 60_000);

  afterAll(async () => {
    if (daemon) await stopDaemon(daemon);
    if (!world) return;
    killTmuxServer(world.socket);
    rmSync(world.root, { recursive: true, force: true });
  });

  it("shows the agent's screen, delivers typed input, and journals only its size", async () => {
    const v = viewer(url(), own());
    await v.opened;
    await vi.waitFor(() => expect(v.state.text).toContain("echo-agent ready"), { timeout: 15_000 });
    v.ws.send(Buffer.from(`${TYPED}\r`), { binary: true });
    const reversed = [...TYPED].reverse().join("");
    await vi.waitFor(() => expect(v.state.text).toContain(`GOT[${reversed}]`), { timeout: 15_000 });
    // A control message resizes and is never typed.
    v.ws.send(JSON.stringify({ type: "resize", cols: 120, rows: 40 }));
    v.ws.send(JSON.stringify({ type: "input", data: "second\r" }));
    await vi.waitFor(() => expect(v.state.text).toContain("GOT[dnoces]"), { timeout: 15_000 });
    // xterm sends keystrokes as text frames: those are typed as they are.
    v.ws.send("third\r");
    await vi.waitFor(() => expect(v.state.text).toContain("GOT[driht]"), { timeout: 15_000 });
    expect(v.state.text).not.toContain("GOT[}");
    v.ws.close();
    await vi.waitFor(
      () => {
        const actions = journal()
          .trim()
          .split("\n")
          .map((l) => JSON.parse(l))
          .filter((r) => r.kind === "action" && r.route === "terminal");
        const bytes = actions.reduce((n, a) => n + Number(String(a.detail).split(" ")[0]), 0);
        expect(bytes).toBe(TYPED.length + 1 + "second\r".length + "third\r".length);
        for (const a of actions)
          expect(a).toMatchObject({ session: id, actor: { kind: "api", scope: "admin" } });
      },
      { timeout: 10_000 },
    );
    expect(journal()).not.toContain(TYPED);
    expect(journal()).not.toContain(reversed);
  });

  it("serves several viewers at once, opened together and one after another: each sees and types", async () => {
    const together = [viewer(url(), own()), viewer(url(), own())];
    await Promise.all(together.map((v) => v.opened));
    const later = viewer(url(), own());
    await later.opened;
    const views = [...together, later];
    for (const v of views)
      await vi.waitFor(() => expect(v.state.text).toContain("echo-agent ready"), { timeout: 15_000 });
    for (const [i, v] of views.entries()) v.ws.send(Buffer.from(`viewer${i}\r`), { binary: true });
    for (const v of views)
      for (const i of views.keys())
        await vi.waitFor(() => expect(v.state.text).toContain(`GOT[${i}reweiv]`), { timeout: 15_000 });
    for (const v of views) v.ws.close();
    await vi.waitFor(() => {
      for (const v of views) expect(v.state.closed).not.toBeNull();
    });
  });

  it("refuses a foreign page, and closes its viewers when the session ends", async () => {
    await expect(viewer(url(), { cookie, origin: "http://evil.example" }).opened).rejects.toThrow(/403/);
    const v = viewer(url(), own());
    await v.opened;
    await vi.waitFor(() => expect(v.state.text).toContain("echo-agent ready"), { timeout: 15_000 });
    const killed = await send(
      daemon.port,
      "POST",
      `/api/sessions/${id}/kill`,
      { host, ...own(), "content-type": "application/json" },
      "{}",
    );
    expect(killed.status, killed.body).toBe(200);
    await vi.waitFor(() => expect(v.state.closed).not.toBeNull(), { timeout: 15_000 });
    expect(v.state.closed?.code).toBe(1000);
    await expect(viewer(url(), own()).opened).rejects.toThrow(/409/);
  });
});
