// Activity and session info over recorded transcripts: one written by the
// fake CLI, one hand-made in the documented shape (several models, a response
// split over lines with one message id, a summary line, a torn last line).
import { readFileSync } from "node:fs";
import { appendFile, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { hostAgentFiles } from "@ao/plugin-kit/agent-files";
import { type TempDir, tempDir } from "@ao/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import claudeCode from "../src/index.js";
import { projectSlug } from "../src/paths.js";

const FIXTURES = join(import.meta.dirname, "fixtures");
const fixture = (name: string) => readFileSync(join(FIXTURES, name));

let tmp: TempDir;
let cwd: string;
let dir: string;
beforeEach(async () => {
  tmp = await tempDir("ao-claude-transcript-");
  cwd = join(tmp.path, "work tree_é");
  dir = join(tmp.path, "claude", "projects", projectSlug(cwd));
  await mkdir(dir, { recursive: true });
});
afterEach(() => tmp.cleanup());

const plugin = () => claudeCode({ configDir: join(tmp.path, "claude") });
const files = () => hostAgentFiles(cwd, join(tmp.path, "home"));
const info = (cursor: unknown = null, agentSessionId: string | null = null) =>
  plugin().sessionInfo?.({ cwd, files: files(), agentSessionId, cursor });
const activity = (now: number, output = "") =>
  plugin().detectActivity({
    cwd,
    files: files(),
    agentSessionId: null,
    output,
    lastOutputAt: null,
    alive: true,
    now,
  });

describe("sessionInfo", () => {
  it("adds tokens per model, once per message id, with the summary and the session id", async () => {
    await writeFile(
      join(dir, "5c1b3e8a-7d2f-4e61-9a0b-2f3c4d5e6f70.jsonl"),
      fixture("reference-shape.jsonl"),
    );
    const got = await info();
    expect(got?.info.agentSessionId).toBe("5c1b3e8a-7d2f-4e61-9a0b-2f3c4d5e6f70");
    expect(got?.info.summary).toBe("Parser fixes for issue 7");
    expect(got?.info.usage).toEqual([
      { model: "claude-opus-4-1", input: 1500, output: 165, cacheRead: 2900, cacheWrite: 400 },
      { model: "claude-haiku-4-5", input: 100, output: 10, cacheRead: 0, cacheWrite: 50 },
    ]);
    // The torn last line is not consumed: the cursor stops before it.
    const size = fixture("reference-shape.jsonl").length;
    expect((got?.cursor as { offset: number }).offset).toBeLessThan(size);
  });

  it("reads only the new tail from the cursor, whatever byte the file was cut at", async () => {
    const whole = fixture("fake-cli-session.jsonl");
    const file = join(dir, "87a8bc64-2893-41b4-a00f-ebc68aa1a4ef.jsonl");
    await writeFile(file, whole);
    const oneGo = await info();
    expect(oneGo?.info.usage).toEqual([
      { model: "claude-sonnet-4-5", input: 1310, output: 87, cacheRead: 900, cacheWrite: 300 },
    ]);
    expect(oneGo?.info.summary).toBe("Add a.txt for issue 7");
    for (const cut of [1, 200, Math.floor(whole.length / 2), whole.length - 3]) {
      await writeFile(file, whole.subarray(0, cut));
      const first = await info();
      await appendFile(file, whole.subarray(cut));
      const second = await info(JSON.parse(JSON.stringify(first?.cursor ?? null)));
      expect(second?.info, `cut at ${cut}`).toEqual(oneGo?.info);
      expect((second?.cursor as { offset: number }).offset).toBe(whole.length);
    }
  });

  it("is null before the agent wrote anything, and ignores a cursor it did not write", async () => {
    expect(await info()).toBeNull();
    await writeFile(
      join(dir, "0b7c5a2e-1111-4222-8333-944445555666.jsonl"),
      fixture("fake-cli-session.jsonl"),
    );
    expect((await info({ file: 3, offset: "x" }))?.info.usage?.[0]?.input).toBe(1310);
  });
});

describe("detectActivity from the transcript", () => {
  it("is rate_limited with the reset time when the last line is a usage-limit error", async () => {
    const text = fixture("fake-cli-session.jsonl").toString("utf8");
    await writeFile(join(dir, "87a8bc64-2893-41b4-a00f-ebc68aa1a4ef.jsonl"), text);
    const last = JSON.parse(text.trim().split("\n").at(-1) as string);
    const at = Date.parse(last.timestamp);
    const got = await activity(at + 1000);
    expect(got).toMatchObject({ state: "rate_limited", source: "transcript", at });
    expect(got.evidence).toContain("You've hit your limit");
    // The fake hit a limit that resets 7200 s later; the screen text keeps minutes only.
    expect(Math.abs((got.resetsAt as number) - (at + 7_200_000))).toBeLessThan(60_000);
    expect(got.agentSessionId).toBe("87a8bc64-2893-41b4-a00f-ebc68aa1a4ef");
  });

  it("skips a torn last line and judges by the last whole one (the turn ended: idle)", async () => {
    await writeFile(
      join(dir, "5c1b3e8a-7d2f-4e61-9a0b-2f3c4d5e6f70.jsonl"),
      fixture("reference-shape.jsonl"),
    );
    // A subagent's transcript written later (older builds keep it beside the sessions) is not the session.
    await writeFile(join(dir, "agent-1234abcd.jsonl"), fixture("fake-cli-session.jsonl"));
    const got = await activity(Date.parse("2026-07-20T09:02:30.000Z"));
    expect(got).toMatchObject({
      state: "idle",
      source: "transcript",
      at: Date.parse("2026-07-20T09:02:00.000Z"),
    });
    expect(got.evidence).toContain("Fixed the parser");
  });

  it("is active while a tool call waits for its result, and decays to idle when nothing follows", async () => {
    const lines = fixture("reference-shape.jsonl").toString("utf8").split("\n").slice(0, 4).join("\n");
    await writeFile(join(dir, "5c1b3e8a-7d2f-4e61-9a0b-2f3c4d5e6f70.jsonl"), `${lines}\n`);
    const at = Date.parse("2026-07-20T09:00:05.100Z");
    expect(await activity(at + 5_000)).toMatchObject({ state: "active", at });
    const stale = await activity(at + 10 * 60_000);
    expect(stale.state).toBe("idle");
    expect(stale.evidence).toContain("no transcript line since");
  });

  it("lets the screen's prompts win over the transcript, and says exited when the process is gone", async () => {
    await writeFile(
      join(dir, "5c1b3e8a-7d2f-4e61-9a0b-2f3c4d5e6f70.jsonl"),
      fixture("reference-shape.jsonl"),
    );
    const now = Date.parse("2026-07-20T09:02:30.000Z");
    expect((await activity(now, "│ Do you want to proceed? │\n│ ❯ 1. Yes │")).state).toBe("waiting_input");
    const gone = await plugin().detectActivity({
      cwd,
      files: files(),
      agentSessionId: null,
      output: "",
      lastOutputAt: null,
      alive: false,
      now,
    });
    expect(gone.state).toBe("exited");
  });
});
