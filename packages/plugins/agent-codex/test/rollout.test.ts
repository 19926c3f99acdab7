// Activity and session info over recorded rollouts: one written by the fake
// CLI, one hand-made in the documented shape (a model switch, `info: null`,
// an old `resets_in_seconds`, a torn last line).
import { readFileSync } from "node:fs";
import { appendFile, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { hostAgentFiles } from "@ao/plugin-kit/agent-files";
import { type TempDir, tempDir } from "@ao/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import codex from "../src/index.js";

const fixture = (name: string) => readFileSync(join(import.meta.dirname, "fixtures", name));
const FAKE_ID = "b3d75369-730b-4847-b867-c104426bf0ec";
const REF_ID = "7f3e2d1c-0b9a-4876-9543-210fedcba987";

let tmp: TempDir;
let day: string;
beforeEach(async () => {
  tmp = await tempDir("ao-codex-rollout-");
  day = join(tmp.path, "codex", "sessions", "2026", "07", "20");
  await mkdir(day, { recursive: true });
});
afterEach(() => tmp.cleanup());

/** A rollout under the day dir, with its session_meta's cwd pointed at `cwd`. */
const place = async (name: string, id: string, cwd: string, cut?: number) => {
  const text = fixture(name)
    .toString("utf8")
    .replace(/"cwd":\s*"[^"]*"/g, `"cwd": ${JSON.stringify(cwd)}`);
  const file = join(day, `rollout-2026-07-20T09-00-00-${id}.jsonl`);
  await writeFile(file, cut === undefined ? text : Buffer.from(text).subarray(0, cut));
  return { file, text: Buffer.from(text) };
};
const plugin = () => codex({ codexHome: join(tmp.path, "codex") });
const files = (cwd: string) => hostAgentFiles(cwd, join(tmp.path, "home"));
const info = (cwd: string, cursor: unknown = null, id: string | null = null) =>
  plugin().sessionInfo?.({ cwd, files: files(cwd), agentSessionId: id, cursor });

describe("sessionInfo", () => {
  it("finds the workspace's rollout by its cwd and splits cumulative tokens per model", async () => {
    const cwd = join(tmp.path, "wt");
    await place("reference-shape-rollout.jsonl", REF_ID, cwd);
    await place("fake-cli-rollout.jsonl", FAKE_ID, join(tmp.path, "another"));
    const got = await info(cwd);
    expect(got?.info).toEqual({
      agentSessionId: REF_ID,
      summary: "Fixed the parser; tests pass.",
      usage: [
        { model: "gpt-5-codex", input: 2800, output: 800, cacheRead: 200, cacheWrite: 0 },
        { model: "gpt-5", input: 1000, output: 200, cacheRead: 1000, cacheWrite: 0 },
      ],
    });
  });

  it("reads only the appended tail from the cursor, wherever the file was cut", async () => {
    const cwd = join(tmp.path, "wt");
    const { file, text } = await place("fake-cli-rollout.jsonl", FAKE_ID, cwd);
    const whole = await info(cwd, null, FAKE_ID);
    expect(whole?.info.usage).toEqual([
      { model: "gpt-5-codex", input: 1210, output: 50, cacheRead: 900, cacheWrite: 0 },
    ]);
    for (const cut of [7, 300, Math.floor(text.length / 2), text.length - 2]) {
      await writeFile(file, text.subarray(0, cut));
      const first = await info(cwd, null, FAKE_ID);
      await appendFile(file, text.subarray(cut));
      const second = await info(cwd, JSON.parse(JSON.stringify(first?.cursor ?? null)), FAKE_ID);
      expect(second?.info, `cut at ${cut}`).toEqual(whole?.info);
    }
  });
});

describe("detectActivity from the rollout", () => {
  const observe = (cwd: string, now: number) =>
    plugin().detectActivity({
      cwd,
      files: files(cwd),
      agentSessionId: null,
      output: "",
      lastOutputAt: null,
      alive: true,
      now,
    });

  it("is idle after task_complete, skipping the torn last line", async () => {
    const cwd = join(tmp.path, "wt");
    await place("reference-shape-rollout.jsonl", REF_ID, cwd);
    const got = await observe(cwd, Date.parse("2026-07-20T09:01:40.000Z"));
    expect(got).toMatchObject({ state: "idle", source: "transcript", agentSessionId: REF_ID });
    expect(got.at).toBe(Date.parse("2026-07-20T09:01:32.000Z"));
  });

  it("is rate_limited with resets_at when a limit window is full", async () => {
    const cwd = join(tmp.path, "wt");
    const { text } = await place("fake-cli-rollout.jsonl", FAKE_ID, cwd);
    const last = text
      .toString("utf8")
      .trim()
      .split("\n")
      .filter((l) => l.includes("token_count"))
      .at(-1) as string;
    const resetsAt = JSON.parse(last).payload.rate_limits.primary.resets_at * 1000;
    const got = await observe(cwd, Date.parse(JSON.parse(last).timestamp) + 1000);
    expect(got).toMatchObject({ state: "rate_limited", resetsAt });
  });

  it("is active mid-turn, and decays to idle when the rollout stops growing", async () => {
    const cwd = join(tmp.path, "wt");
    const lines = fixture("reference-shape-rollout.jsonl").toString("utf8").split("\n").slice(0, 7);
    await place("reference-shape-rollout.jsonl", REF_ID, cwd);
    await writeFile(
      join(day, `rollout-2026-07-20T09-00-00-${REF_ID}.jsonl`),
      `${lines.join("\n").replace(/"cwd":\s*"[^"]*"/g, `"cwd": ${JSON.stringify(cwd)}`)}\n`,
    );
    const at = Date.parse("2026-07-20T09:00:12.000Z");
    expect(await observe(cwd, at + 1000)).toMatchObject({ state: "active", at });
    expect((await observe(cwd, at + 600_000)).state).toBe("idle");
  });
});
