import { copyFileSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Daemon, startDaemon, stopDaemon } from "./daemon-helpers.js";
import { ao, FIXTURES, fakeWorld } from "./helpers.js";
import { send } from "./http-client.js";

// Agents are not admins: each gets its own `agent` token, and neither that
// token nor `ao` run with the agent's environment can review, merge, kill or
// spawn, whether a daemon runs or not.
describe("an agent's scope", () => {
  let world: ReturnType<typeof fakeWorld>;
  let daemon: Daemon | undefined;
  let mine = "";
  let other = "";
  const run = (args: string[], env = world.env) => ao(args, { cwd: world.dir, env });
  const agentEnv = (id: string): Record<string, string> =>
    JSON.parse(readFileSync(join(world.env.AO_TEST_WORLD as string, `env-${id}.json`), "utf8"));
  /** `ao` as the agent runs it: its session's variables on top of the user's environment. */
  const asAgent = (id: string) => ({ ...world.env, ...agentEnv(id) });
  const state = async (id: string) => {
    const out = await run(["status", "--json"]);
    return (JSON.parse(out.stdout).sessions as Array<{ id: string; state: string }>).find((s) => s.id === id)
      ?.state;
  };

  beforeAll(async () => {
    world = fakeWorld();
    copyFileSync(join(FIXTURES, "agent-env", "ao.config.ts"), join(world.dir, "ao.config.ts"));
    daemon = await startDaemon(world);
    const spawned = await run(["spawn", "1", "2", "--json"]);
    expect(spawned.code, spawned.stderr).toBe(0);
    [mine, other] = (JSON.parse(spawned.stdout).sessions as Array<{ id: string }>).map((s) => s.id) as [
      string,
      string,
    ];
  });
  afterAll(async () => {
    if (daemon) await stopDaemon(daemon);
    world.cleanup();
  });

  it("each agent gets its own session token, and never the admin token", () => {
    const env = agentEnv(mine);
    expect(env.AO_SESSION_TOKEN).toMatch(/^ao_agent_[0-9a-f]{64}$/);
    expect(env.AO_SESSION_TOKEN).not.toBe(agentEnv(other).AO_SESSION_TOKEN);
    expect(Object.values(env)).not.toContain(daemon?.token);
  });

  it("session tokens appear in no journal and no daemon output", () => {
    const tokens = [mine, other].map((id) => agentEnv(id).AO_SESSION_TOKEN as string);
    const projects = join(world.env.AO_HOME as string, "projects");
    const files = readdirSync(projects, { recursive: true, encoding: "utf8" })
      .map((f) => join(projects, f))
      .filter((f) => statSync(f).isFile());
    expect(files.some((f) => f.endsWith(".jsonl"))).toBe(true);
    const text =
      files.map((f) => readFileSync(f, "utf8")).join("\n") +
      (daemon as Daemon).stderr() +
      (daemon as Daemon).stdout();
    for (const token of tokens) {
      expect(token).toMatch(/^ao_agent_/);
      expect(text).not.toContain(token);
    }
  });

  it("its token reads and reports on its own session only, and can do nothing else over HTTP", async () => {
    const d = daemon as Daemon;
    const headers = {
      host: `127.0.0.1:${d.port}`,
      authorization: `Bearer ${agentEnv(mine).AO_SESSION_TOKEN}`,
    };
    const call = (method: string, path: string, body?: unknown) =>
      send(d.port, method, path, headers, body === undefined ? undefined : JSON.stringify(body));

    const list = await call("GET", "/api/sessions");
    expect(list.status).toBe(200);
    expect((JSON.parse(list.body).sessions as Array<{ id: string }>).map((s) => s.id)).toEqual([mine]);
    expect((await call("GET", `/api/sessions/${mine}`)).status).toBe(200);
    expect((await call("GET", `/api/sessions/${other}`)).status).toBe(403);
    expect((await call("GET", `/api/events?session=${other}`)).status).toBe(403);
    expect((await call("POST", `/api/sessions/${mine}/report`, { report: "working" })).status).toBe(200);
    expect((await call("POST", `/api/sessions/${other}/report`, { report: "done" })).status).toBe(403);
    // A request id the admin used is no key to the admin's answer.
    const adminHeaders = {
      host: headers.host,
      authorization: `Bearer ${d.token}`,
      "x-request-id": "shared-id",
    };
    expect(
      (await send(d.port, "POST", `/api/sessions/${other}/send`, adminHeaders, '{"text":"hi"}')).status,
    ).toBe(200);
    const reused = await send(
      d.port,
      "POST",
      `/api/sessions/${mine}/report?raw=1`,
      { ...headers, "x-request-id": "shared-id" },
      '{"report":"working"}',
    );
    // The engine keys ids by route and target: this one is taken, so nothing is done and nothing leaks.
    expect(reused.status).toBe(409);
    expect(JSON.parse(reused.body).error.code).toBe("REQUEST_ID_REUSED");
    expect(reused.body).not.toContain(`"session"`);

    const refused: Array<[string, unknown]> = [
      [`/api/sessions/${mine}/review`, { decision: "approve" }],
      [`/api/sessions/${mine}/merge`, {}],
      [`/api/sessions/${mine}/kill`, {}],
      [`/api/sessions/${mine}/restore`, {}],
      [`/api/sessions/${mine}/send`, { text: "hi" }],
      [`/api/sessions/${other}/kill`, {}],
      ["/api/sessions", { project: "app", issue: "3" }],
      ["/api/claim-pr", { project: "app", pr: 1 }],
      ["/api/refresh", {}],
      ["/api/login-url", {}],
    ];
    for (const [path, body] of refused) {
      const answer = await call("POST", path, body);
      expect(answer.status, path).toBe(403);
      expect(JSON.parse(answer.body).error.code).toBe("FORBIDDEN");
    }
    expect(await state(mine)).not.toBe("killed");
    expect(await state(other)).not.toBe("killed");
  });

  it("`ao` with the agent's environment, through the daemon: report only, and only its own session", async () => {
    const env = asAgent(mine);
    const report = await run(["report", "needs_input", "--json"], env);
    expect(report.code, report.stderr).toBe(0);
    expect(JSON.parse(report.stdout).session.id).toBe(mine);
    const foreign = await run(["report", "done", "--session", other], env);
    expect(foreign.code).toBe(1);
    expect(foreign.stderr).toContain("agent");
    for (const args of [
      ["review", mine, "--approve"],
      ["merge", mine],
      ["kill", other],
      ["spawn", "3"],
      ["stop"],
    ]) {
      const out = await run(args, env);
      expect(out.code, args.join(" ")).toBe(1);
      expect(out.stderr).toContain("AO_SESSION_ID is set");
    }
    const status = await run(["status", "--json"], env);
    expect((JSON.parse(status.stdout).sessions as Array<{ id: string }>).map((s) => s.id)).toEqual([mine]);
    expect((await run(["events", other], env)).code).toBe(1);
    const events = await run(["events", "--json"], env);
    expect(events.code, events.stderr).toBe(0);
    const ids = new Set(
      events.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l))
        .map((r) => (typeof r.session === "string" ? r.session : r.session?.id)),
    );
    expect([...ids].filter(Boolean)).toEqual([mine]);
    // Dropping the token does not fall back to the admin one.
    const { AO_SESSION_TOKEN: _dropped, ...withoutToken } = env;
    expect((await run(["report", "done"], withoutToken)).code).toBe(1);
    expect(daemon?.child.exitCode).toBeNull();
  });

  it("`ao` with the agent's environment and no daemon: report on its own session, nothing else", async () => {
    await stopDaemon(daemon as Daemon);
    daemon = undefined;
    const env = asAgent(mine);
    for (const args of [
      ["review", mine, "--approve"],
      ["merge", mine],
      ["kill", mine],
      ["spawn", "3"],
      ["cleanup"],
    ]) {
      const out = await run(args, env);
      expect(out.code, args.join(" ")).toBe(1);
      expect(out.stderr).toContain("AO_SESSION_ID is set");
    }
    const refresh = await run(["status", "--refresh"], env);
    expect(refresh.code).toBe(1);
    expect((await run(["report", "done", "--session", other], env)).code).toBe(1);
    expect(
      (
        await run(["report", "done"], {
          ...env,
          AO_SESSION_TOKEN: agentEnv(other).AO_SESSION_TOKEN as string,
        })
      ).code,
    ).toBe(1);
    expect(
      (await run(["report", "done"], { ...env, AO_SESSION_TOKEN: `ao_agent_${"0".repeat(64)}` })).code,
    ).toBe(1);
    const own = await run(["report", "working", "--json"], env);
    expect(own.code, own.stderr).toBe(0);
    expect(JSON.parse(own.stdout).session.id).toBe(mine);
    expect(await state(mine)).not.toBe("killed");
    expect(await state(other)).not.toBe("killed");
  });
});
