import { userInfo } from "node:os";
import { afterEach, describe, expect, it } from "vitest";
import { api, type Daemon, startDaemon, stopDaemon } from "./daemon-helpers.js";
import { mintSessionToken } from "../src/token-store.js";
import { ao, fakeWorld } from "./helpers.js";

let world: ReturnType<typeof fakeWorld> | undefined;
let daemon: Daemon | undefined;
afterEach(async () => {
  if (daemon) await stopDaemon(daemon);
  daemon = undefined;
  world?.cleanup();
  world = undefined;
});

const journal = async (w: NonNullable<typeof world>) =>
  (await ao(["events", "--json"], { cwd: w.dir, env: w.env })).stdout
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l));

describe("request ids, kept in the journal", () => {
  it("a retry after a daemon restart is applied once; the same id on another route or target is 409", async () => {
    const w = fakeWorld();
    world = w;
    daemon = await startDaemon(w);
    const rid = (id: string) => ({ "x-request-id": id });
    const spawn = (issue: string) =>
      api(daemon as Daemon, "POST", "/api/sessions", { project: "app", issue }, undefined, rid("spawn-1"));
    const made = await spawn("1");
    expect(made.status).toBe(201);
    const id = (made.body.session as { id: string }).id;
    const again = await spawn("1");
    expect(again.status).toBe(201);
    expect((again.body.session as { id: string }).id).toBe(id);
    const send = (d: Daemon) =>
      api(d, "POST", `/api/sessions/${id}/send`, { text: "only once" }, undefined, rid("send-1"));
    expect((await send(daemon)).status).toBe(200);

    // The daemon restarts: the journal still knows the request id.
    await stopDaemon(daemon);
    daemon = await startDaemon(w);
    const retried = await send(daemon);
    expect(retried.status).toBe(200);
    expect((retried.body.session as { id: string }).id).toBe(id);
    const sent = (await journal(w)).filter((r) => r.kind === "event" && r.event.type === "user_message");
    expect(sent).toHaveLength(1);

    // The same id for another action, or another session, is a conflict and does nothing.
    const kill = await api(daemon, "POST", `/api/sessions/${id}/kill`, {}, undefined, rid("send-1"));
    expect(kill.status).toBe(409);
    expect(kill.body.error).toMatchObject({ code: "REQUEST_ID_REUSED" });
    expect((await spawn("2")).status).toBe(409);
    const sessions = (await api(daemon, "GET", "/api/sessions")).body.sessions as Array<{ state: string }>;
    expect(sessions).toHaveLength(1);
    expect(sessions[0]?.state).not.toBe("killed");

    // What a client whose daemon died mid-request asks.
    const known = await api(daemon, "GET", "/api/requests/send-1");
    expect(known.status).toBe(200);
    expect(known.body.request).toMatchObject({
      project: "app",
      route: "send",
      target: id,
      session: id,
      actor: { kind: "api", scope: "admin" },
    });
    expect((await api(daemon, "GET", "/api/requests/never-sent")).status).toBe(404);
    const actions = (await journal(w)).filter((r) => r.kind === "action").map((r) => r.route);
    expect(actions).toEqual(["spawn", "send"]);
  });
});

describe("who acted", () => {
  it("is journaled for a command run without a daemon and shown by ao events", async () => {
    const w = fakeWorld();
    world = w;
    const run = (...args: string[]) => ao(args, { cwd: w.dir, env: w.env });
    const spawned = await run("spawn", "1", "--json");
    expect(spawned.code, spawned.stderr).toBe(0);
    const id = JSON.parse(spawned.stdout).sessions[0].id as string;
    expect((await run("send", id, "hello")).code).toBe(0);
    // `ao` inside the agent's session: its id and its own token, as the engine hands them to the agent.
    const token = mintSessionToken(w.env.AO_HOME as string, id, "app");
    const reported = await ao(["report", "done"], {
      cwd: w.dir,
      env: { ...w.env, AO_SESSION_ID: id, AO_SESSION_TOKEN: token },
    });
    expect(reported.code, reported.stderr).toBe(0);
    const user = userInfo().username;
    const actions = (await journal(w)).filter((r) => r.kind === "action");
    expect(actions.map((r) => [r.route, r.actor])).toEqual([
      ["spawn", { kind: "cli", user }],
      ["send", { kind: "cli", user }],
      ["report", { kind: "agent", session: id }],
    ]);
    const human = (await run("events", id)).stdout;
    expect(human).toContain(`send by ${user} (cli)`);
    expect(human).toContain(`report by agent ${id} (done)`);
  });
});
