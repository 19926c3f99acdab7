import { hostAgentFiles } from "@ao/plugin-kit";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  fakeAgent,
  fakeNotifier,
  fakeRuntime,
  fakeScm,
  fakeTracker,
  fakeWorkspace,
  tempDir,
  testProject,
  type TempDir,
} from "../src/index.js";

const project = testProject();
let dir: TempDir;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(() => dir.cleanup());

describe("stateFile persistence", () => {
  it("scm: a new instance reading the same file sees the same world", async () => {
    const stateFile = join(dir.path, "scm.json");
    const first = fakeScm({ stateFile, heads: () => "c".repeat(40) });
    await first.push(project, { path: "/w", branch: "b" });
    const pr = await first.openPR(project, { branch: "b", base: "main", title: "t", body: "" });
    first.control.setCi(pr.number, "failed", "log");
    const second = fakeScm({ stateFile });
    expect((await second.observe(project, [pr.number])).get(pr.number)).toMatchObject({ ci: "failed" });
    expect(await second.remoteHead(project, "b")).toBe("c".repeat(40));
    // Changes made through either instance are seen by the other (a test process and a child engine).
    second.control.approve(pr.number);
    expect((await first.observe(project, [pr.number])).get(pr.number)?.review).toBe("approved");
    const next = await second.openPR(project, { branch: "c", base: "main", title: "t", body: "" });
    expect(next.number).toBe(2);
    expect(readdirSync(dir.path).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("runtime, agent, tracker, notifier and workspace survive a restart", async () => {
    const file = (name: string) => join(dir.path, `${name}.json`);
    const runtime = fakeRuntime({ stateFile: file("runtime") });
    const handle = await runtime.create({
      sessionId: "s1",
      owner: { home: "h", project: "p", session: "s1" },
      cwd: "/w",
      command: ["a"],
      env: {},
    });
    await runtime.sendMessage(handle, "hi");
    const agent = fakeAgent({ stateFile: file("agent") });
    agent.control.setActivity("/w", "waiting_input");
    const tracker = fakeTracker({
      stateFile: file("tracker"),
      issues: [{ id: "1", title: "One", body: "", labels: [], state: "open" }],
    });
    tracker.control.close("1");
    const notifier = fakeNotifier({ stateFile: file("notifier") });
    await notifier.notify({
      kind: "merged",
      priority: "info",
      title: "t",
      body: "b",
      sessionId: "s1",
      project: "app",
      action: {},
      at: 0,
    });
    const ws = fakeWorkspace({ stateFile: file("ws") });
    const info = await ws.create(project, { sessionId: "s1", branch: "b" });
    ws.control.setHead(info.path, "d".repeat(40));

    expect(await fakeRuntime({ stateFile: file("runtime") }).isAlive(handle)).toBe(true);
    expect(fakeRuntime({ stateFile: file("runtime") }).control.messages(handle.id)).toEqual(["hi"]);
    const files = hostAgentFiles("/w", "/h");
    const input = {
      cwd: "/w",
      files,
      agentSessionId: null,
      output: "",
      lastOutputAt: null,
      alive: true,
      now: 0,
    };
    expect((await fakeAgent({ stateFile: file("agent") }).detectActivity(input)).state).toBe("waiting_input");
    // The initial issues apply only to a new world, not over a saved one.
    const tracker2 = fakeTracker({
      stateFile: file("tracker"),
      issues: [{ id: "1", title: "One", body: "", labels: [], state: "open" }],
    });
    expect((await tracker2.getIssue(project, "1")).state).toBe("closed");
    expect(fakeNotifier({ stateFile: file("notifier") }).control.sent).toHaveLength(1);
    const ws2 = fakeWorkspace({ stateFile: file("ws") });
    expect((await ws2.status(project, info)).head).toBe("d".repeat(40));
    expect(await ws2.exists(project, info)).toBe(true);
    expect(existsSync(info.path)).toBe(true);
  });
});
