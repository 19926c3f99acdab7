import {
  copyFileSync,
  existsSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  mkdirSync,
} from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, type Daemon, startDaemon, stopDaemon } from "./daemon-helpers.js";
import { ao, FIXTURES, fakeWorld } from "./helpers.js";

// A fake orchestrator agent: a shell script run by the command agent in the
// process runtime, calling `ao` through AO_BIN exactly as a real agent would.
// It records each command's output and exit code in the test's world.
const SCRIPT = `W="$AO_TEST_WORLD"
echo started >> "$W/o-starts"
step() { name=$1; shift; eval "$AO_BIN" "$@" > "$W/o-$name.out" 2> "$W/o-$name.err"; echo $? > "$W/o-$name.code"; }
step status status --json
step spawn spawn 1 --json
id=$(tr -d ' \\n' < "$W/o-spawn.out" | sed -n 's/.*"sessions":\\[{"id":"\\([^"]*\\)".*/\\1/p')
echo "$id" > "$W/o-worker"
step send send "$id" hello from the orchestrator
step merge merge "$id"
step review review "$id" --approve
printf '%s' "$AO_TOKEN" > "$W/o-token"
touch "$W/o-done"
exec sleep 600
`;

/** Wait (bounded) until `check` holds; the outcome is asserted by the caller, not by the wait. */
async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (check()) return;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

function journalText(home: string): string {
  const dir = join(home, "projects");
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile() && f.endsWith(".jsonl"))
    .map((f) => readFileSync(f, "utf8"))
    .join("\n");
}

describe("the orchestrator session", () => {
  let world: ReturnType<typeof fakeWorld>;
  let daemon: Daemon | undefined;
  let env: NodeJS.ProcessEnv;
  let w = "";
  const pids = new Set<number>();
  const read = (name: string) => readFileSync(join(w, `o-${name}`), "utf8").trim();
  const orchestratorPid = (): number | undefined => {
    try {
      const record = JSON.parse(
        readFileSync(join(env.AO_HOME as string, "orchestrators", "app.json"), "utf8"),
      );
      return record.handle.data.pid as number;
    } catch {
      return undefined;
    }
  };

  beforeAll(async () => {
    world = fakeWorld();
    w = world.env.AO_TEST_WORLD as string;
    mkdirSync(w, { recursive: true });
    copyFileSync(join(FIXTURES, "orchestrator", "ao.config.ts"), join(world.dir, "ao.config.ts"));
    writeFileSync(join(world.dir, "orchestrator.sh"), SCRIPT);
    env = { ...world.env, AO_TEST_ORCHESTRATOR: join(world.dir, "orchestrator.sh") };
    daemon = await startDaemon(world, env);
    await until(() => existsSync(join(w, "o-done")), "the orchestrator script");
    const pid = orchestratorPid();
    if (pid) pids.add(pid);
  }, 90_000);
  afterAll(async () => {
    if (daemon) await stopDaemon(daemon);
    // Orchestrators outlive the daemon by design: end the ones this test started.
    for (const pid of pids) {
      try {
        process.kill(-pid, "SIGKILL");
      } catch {}
    }
    world.cleanup();
  });

  it("reads the board, spawns a worker and messages it, journaled as the orchestrator", () => {
    expect(read("status.code"), read("status.err")).toBe("0");
    expect(read("spawn.code"), read("spawn.err")).toBe("0");
    const worker = read("worker");
    expect(worker).toMatch(/^app-\d+$/);
    expect(read("send.code"), read("send.err")).toBe("0");
    const actions = journalText(env.AO_HOME as string)
      .split("\n")
      .filter((l) => l.includes('"kind":"action"'))
      .map((l) => JSON.parse(l) as { route: string; session: string; actor: Record<string, unknown> });
    for (const route of ["spawn", "send"]) {
      const action = actions.find((a) => a.route === route && a.session === worker);
      expect(action?.actor).toEqual({ kind: "api", scope: "orchestrator", session: "app-orchestrator" });
    }
  });

  it("is refused merge and review with FORBIDDEN, and nothing is merged or reviewed", async () => {
    for (const step of ["merge", "review"]) {
      expect(read(`${step}.code`)).not.toBe("0");
      // The daemon's FORBIDDEN, as the CLI prints it.
      expect(read(`${step}.err`)).toContain(`A token with the "orchestrator" scope may not ${step}`);
    }
    const actions = journalText(env.AO_HOME as string)
      .split("\n")
      .filter((l) => l.includes('"kind":"action"'))
      .map((l) => JSON.parse(l) as { route: string });
    expect(actions.some((a) => a.route === "merge" || a.route === "review")).toBe(false);
  });

  it("holds an orchestrator token, never the admin one, and it leaks nowhere", async () => {
    const token = read("token");
    expect(token).toMatch(/^ao_orchestrator_[0-9a-f]{64}$/);
    expect(token).not.toBe(daemon?.token);
    const status = await ao(["status", "--json"], { cwd: world.dir, env });
    const text = [
      journalText(env.AO_HOME as string),
      daemon?.stderr(),
      daemon?.stdout(),
      status.stdout,
      status.stderr,
      readFileSync(join(env.AO_HOME as string, "orchestrators", "app.json"), "utf8"),
    ].join("\n");
    expect(text).not.toContain(token);
  });

  it("is shown apart from the sessions by `ao status`", async () => {
    const status = await ao(["status", "--json"], { cwd: world.dir, env });
    const out = JSON.parse(status.stdout) as {
      sessions: Array<{ id: string }>;
      orchestrators?: Array<{ project: string; session: string }>;
    };
    expect(out.orchestrators?.map((o) => [o.project, o.session])).toEqual([["app", "app-orchestrator"]]);
    expect(out.sessions.map((s) => s.id)).not.toContain("app-orchestrator");
  });

  it("is adopted, not duplicated, by a restarted daemon", async () => {
    const pid = orchestratorPid();
    await stopDaemon(daemon as Daemon);
    daemon = await startDaemon(world, env);
    const d = daemon;
    await until(() => d.stderr().includes("Adopted the running orchestrator"), "the adoption");
    expect(orchestratorPid()).toBe(pid);
    expect(read("starts").split("\n")).toHaveLength(1);
  }, 60_000);

  it("loses its token when its process ends", async () => {
    const token = read("token");
    const d = daemon as Daemon;
    expect((await api(d, "GET", "/api/sessions", undefined, token)).status).toBe(200);
    process.kill(-(orchestratorPid() as number), "SIGKILL");
    await until(() => orchestratorPid() === undefined, "the orchestrator's end");
    expect((await api(d, "GET", "/api/sessions", undefined, token)).status).toBe(401);
  }, 60_000);
  it("after it ended, a restart starts a new one; a config that no longer enables it revokes its token", async () => {
    const old = read("token");
    await stopDaemon(daemon as Daemon);
    rmSync(join(w, "o-done"), { force: true });
    daemon = await startDaemon(world, env);
    await until(() => existsSync(join(w, "o-done")), "the new orchestrator");
    const pid = orchestratorPid();
    if (pid) pids.add(pid);
    const token = read("token");
    expect(token).not.toBe(old);
    expect(read("starts").split("\n")).toHaveLength(2);
    await stopDaemon(daemon);
    const { AO_TEST_ORCHESTRATOR: _, ...disabled } = env;
    daemon = await startDaemon(world, disabled);
    const d = daemon;
    await until(() => d.stderr().includes("no longer enabled"), "the revocation");
    expect((await api(d, "GET", "/api/sessions", undefined, token)).status).toBe(401);
    expect(orchestratorPid()).toBeUndefined();
  }, 90_000);
});

describe("without orchestrator config", () => {
  it("starts no orchestrator session", async () => {
    const world = fakeWorld();
    const daemon = await startDaemon(world);
    try {
      const status = await ao(["status", "--json"], { cwd: world.dir, env: world.env });
      expect(status.code, status.stderr).toBe(0);
      expect(JSON.parse(status.stdout).orchestrators).toBeUndefined();
      expect(existsSync(join(world.env.AO_HOME as string, "orchestrators"))).toBe(false);
    } finally {
      await stopDaemon(daemon);
      world.cleanup();
    }
  }, 60_000);
});
