// The plugin reading OpenCode's JSON storage as real files: the workspace's
// session found by directory, activity from the newest message, tokens and
// cost added once per completed message, torn files skipped.
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { AgentPlugin } from "@ao/core";
import { hostAgentFiles } from "@ao/plugin-kit/agent-files";
import { type TempDir, tempDir } from "@ao/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import opencode from "../src/index.js";

let tmp: TempDir;
let plugin: AgentPlugin;
const home = () => join(tmp.path, "home");
const cwd = () => join(tmp.path, "work");
const store = (...parts: string[]) => join(home(), ".local", "share", "opencode", "storage", ...parts);
const put = async (path: string, value: unknown) => {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, typeof value === "string" ? value : JSON.stringify(value));
};
const session = (id: string, directory: string, updated: number) =>
  put(store("session", "abc123", `${id}.json`), { id, directory, time: { created: 1, updated } });
const assistant = (id: string, over: Record<string, unknown> = {}) =>
  put(store("message", "ses_b", `${id}.json`), {
    id,
    sessionID: "ses_b",
    role: "assistant",
    modelID: "claude-sonnet-4-5",
    time: { created: 1000, completed: 2000 },
    finish: "stop",
    cost: 0.01,
    tokens: { input: 100, output: 20, reasoning: 5, cache: { read: 50, write: 10 } },
    ...over,
  });

beforeEach(async () => {
  tmp = await tempDir("ao-opencode-storage-");
  await mkdir(cwd(), { recursive: true });
  plugin = opencode({});
  await session("ses_a", "/somewhere/else", 5000);
  await session("ses_b", cwd(), 3000);
});
afterEach(() => tmp.cleanup());

const files = () => hostAgentFiles(cwd(), home());
const info = (cursor: unknown = null, agentSessionId: string | null = null) =>
  plugin.sessionInfo?.({ cwd: cwd(), files: files(), agentSessionId, cursor });
const observe = (now: number) =>
  plugin.detectActivity({
    cwd: cwd(),
    files: files(),
    agentSessionId: null,
    output: "",
    lastOutputAt: null,
    alive: true,
    now,
  });

describe("OpenCode's storage", () => {
  it("finds the workspace's session, and counts each completed message once across calls", async () => {
    await assistant("msg_001");
    await put(store("part", "msg_001", "prt_1.json"), { type: "text", text: "Fixed   the\nbug." });
    const first = await info();
    expect(first?.info).toEqual({
      agentSessionId: "ses_b",
      usage: [{ model: "claude-sonnet-4-5", input: 100, output: 25, cacheRead: 50, cacheWrite: 10 }],
      costUsd: 0.01,
      summary: "Fixed the bug.",
    });
    // A message still being written is not counted yet; a torn one stops the count too.
    await assistant("msg_002", { time: { created: 3000 }, finish: undefined });
    const second = await info(JSON.parse(JSON.stringify(first?.cursor)));
    expect(second?.info.usage?.[0]?.input).toBe(100);
    await assistant("msg_002");
    await put(store("message", "ses_b", "msg_003.json"), '{"id": "msg_0');
    const third = await info(second?.cursor);
    expect(third?.info.usage?.[0]?.input).toBe(200);
    expect(third?.info.costUsd).toBeCloseTo(0.02);
  });

  it("activity: an answer still being written is active, a finished one idle at its time", async () => {
    await assistant("msg_001", { time: { created: 1000 }, finish: undefined });
    expect(await observe(1500)).toMatchObject({
      state: "active",
      source: "transcript",
      agentSessionId: "ses_b",
    });
    await assistant("msg_001", { time: { created: 1000, completed: 2000 }, finish: "stop" });
    expect(await observe(2500)).toMatchObject({ state: "idle", at: 2000 });
  });

  it("an id that is not OpenCode's shape, a foreign cursor or no storage at all is no evidence", async () => {
    expect(await info(null, "../../etc/passwd")).toBeNull();
    expect((await info({ agentSessionId: 7 }))?.info.agentSessionId).toBe("ses_b");
    await tmp.cleanup();
    tmp = await tempDir("ao-opencode-storage-");
    expect(await info()).toBeNull();
    expect((await observe(1000)).state).not.toBe("exited");
  });
});
