import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SessionSnapshot } from "@ao/core";
import { fakeAgent, fakeRuntime, fakeScm, fakeTracker, fakeWorkspace } from "@ao/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { issue } from "./harness.js";

const CHILD = join(import.meta.dirname, "fixtures/engine-child.mjs");
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function world() {
  const home = mkdtempSync(join(tmpdir(), "ao-crash-"));
  dirs.push(home);
  const stateDir = join(home, "state");
  const file = (name: string) => join(stateDir, `${name}.json`);
  // The test's view of the same fake world the child engine works on.
  const workspace = fakeWorkspace({ stateFile: file("workspace"), root: join(home, "ws") });
  const w = {
    home,
    stateDir,
    runtime: fakeRuntime({ stateFile: file("runtime") }),
    agent: fakeAgent({ stateFile: file("agent") }),
    workspace,
    tracker: fakeTracker({ stateFile: file("tracker"), issues: [issue("1")] }),
    scm: fakeScm({ stateFile: file("scm"), workspace }),
  };
  return w;
}

function child(w: ReturnType<typeof world>, args: string[], crashAt?: string) {
  return new Promise<{
    code: number | null;
    signal: string | null;
    sessions: SessionSnapshot[];
    stderr: string;
  }>((resolve, reject) => {
    const p = spawn(process.execPath, [CHILD, w.home, w.stateDir, ...args], {
      env: { ...process.env, AO_CRASH_AT: crashAt ?? "" },
    });
    let out = "";
    let err = "";
    p.stdout.on("data", (d) => {
      out += d;
    });
    p.stderr.on("data", (d) => {
      err += d;
    });
    p.on("error", reject);
    p.on("close", (code, signal) =>
      resolve({ code, signal, sessions: out ? (JSON.parse(out) as SessionSnapshot[]) : [], stderr: err }),
    );
  });
}

const SPAWN_POINTS = [
  "step:issue",
  "step:workspace_creating",
  "step:workspace",
  "step:prompt",
  "step:runtime_creating",
  "runtime_created",
  "step:runtime",
  "event:spawned",
];

describe("crash recovery (engine killed with SIGKILL)", () => {
  it.each(SPAWN_POINTS)("mid-spawn at %s: restarted, one session, no orphans", async (point) => {
    const w = world();
    const crashed = await child(w, ["spawn", "1"], point);
    expect(crashed.signal).toBe("SIGKILL");
    const after = await child(w, ["recover"]);
    expect(after.code, after.stderr).toBe(0);
    expect(after.sessions).toHaveLength(1);
    const s = after.sessions[0] as SessionSnapshot;
    expect(s.state).toBe("working");
    expect(w.runtime.control.ids()).toEqual([`fake-${s.id}`]);
    expect(w.runtime.control.record(`fake-${s.id}`)?.alive).toBe(true);
    expect(w.workspace.control.paths()).toEqual([s.resources.workspace?.path]);
    expect(w.tracker.control.marks("1").inProgress).toBe(s.id);
    // A second spawn of the same issue is refused, not duplicated.
    const again = await child(w, ["spawn", "1"]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("SESSION_EXISTS");
    expect(w.runtime.control.ids()).toHaveLength(1);
  });

  it.each([
    "event:ci_failed",
    "effect:send_to_agent",
  ])("mid-reaction at %s: the agent gets the CI message exactly once", async (point) => {
    const w = world();
    const spawned = await child(w, ["spawn", "1"]);
    expect(spawned.code, spawned.stderr).toBe(0);
    const s = spawned.sessions[0] as SessionSnapshot;
    const path = s.resources.workspace?.path as string;
    w.workspace.control.setHead(path, "c1", { unpushed: false });
    w.agent.control.setActivity(s.id, "idle");
    const ticked = await child(w, ["tick"]);
    expect(ticked.code, ticked.stderr).toBe(0);
    expect(ticked.sessions[0]?.state).toBe("pr_open");
    w.scm.control.setCi(1, "failed", "boom at line 3");
    const crashed = await child(w, ["tick"], point);
    expect(crashed.signal).toBe("SIGKILL");
    const after = await child(w, ["recover"]);
    expect(after.sessions[0]?.state).toBe("ci_failed");
    expect(after.sessions[0]?.facts.attempts["ci-failed"]).toBe(1);
    const ciMessages = w.runtime.control.messages(`fake-${s.id}`).filter((m) => m.includes("boom at line 3"));
    expect(ciMessages).toHaveLength(1);
  });
});
