import type { RuntimeHandle, RuntimePlugin } from "@ao/core";
import { describe, expect, it } from "vitest";
import { CLEAR_SCREEN } from "./screen-diff.js";
import { pollingAttach } from "./polling-attach.js";

/** A runtime whose output and liveness the test sets; it records delivered messages. */
function scripted() {
  const state = { output: [] as string[], alive: true, sent: [] as string[], failNext: false };
  const runtime = {
    slot: "runtime",
    name: "scripted",
    async create() {
      return { id: "r" };
    },
    async destroy() {},
    async sendMessage(_h: RuntimeHandle, text: string) {
      state.sent.push(text);
    },
    async getOutput(_h: RuntimeHandle, lines = 50) {
      if (state.failNext) throw new Error("output unreadable");
      return state.output.slice(-lines).join("\n");
    },
    async isAlive() {
      return state.alive;
    },
  } satisfies RuntimePlugin;
  return { runtime, state };
}

/** Timers the test fires by hand: a poll happens when the test says so. */
function manualTimers() {
  let pending: (() => void) | undefined;
  return {
    timers: {
      set(fn: () => void) {
        pending = fn;
        return fn;
      },
      clear() {
        pending = undefined;
      },
    },
    async tick() {
      const fn = pending;
      pending = undefined;
      fn?.();
      // Let the poll's awaits settle.
      for (let i = 0; i < 10; i++) await Promise.resolve();
    },
    get armed() {
      return pending !== undefined;
    },
  };
}

const text = (chunks: Uint8Array[]) => Buffer.concat(chunks).toString("utf8");

describe("pollingAttach", () => {
  it("sends the screen first, then what changed at each poll", async () => {
    const { runtime, state } = scripted();
    const clock = manualTimers();
    state.output = ["one", "two"];
    const stream = await pollingAttach(
      runtime,
      { id: "r" },
      { cols: 80, rows: 24 },
      { timers: clock.timers },
    );
    const chunks: Uint8Array[] = [];
    stream.onData((c) => chunks.push(c));
    expect(text(chunks)).toBe(`${CLEAR_SCREEN}one\r\ntwo`);
    state.output.push("three");
    await clock.tick();
    expect(text(chunks)).toBe(`${CLEAR_SCREEN}one\r\ntwo\r\nthree`);
    await clock.tick();
    expect(text(chunks)).toBe(`${CLEAR_SCREEN}one\r\ntwo\r\nthree`);
    await stream.close();
    expect(clock.armed).toBe(false);
    expect(await stream.closed).toEqual({ reason: "closed" });
  });

  it("sends typed input as whole lines only, with local echo and Backspace", async () => {
    const { runtime, state } = scripted();
    const clock = manualTimers();
    const stream = await pollingAttach(
      runtime,
      { id: "r" },
      { cols: 80, rows: 24 },
      { timers: clock.timers },
    );
    const chunks: Uint8Array[] = [];
    stream.onData((c) => chunks.push(c));
    await stream.write("fix thw");
    await stream.write("\x7fe bug\x1b[A\x03");
    expect(state.sent).toEqual([]);
    await stream.write("\r\r");
    expect(state.sent).toEqual(["fix the bug"]);
    expect(text(chunks)).toContain("fix thw\b \be bug\r\n");
    await stream.close();
  });

  it("ends when the runtime stops, or its output cannot be read", async () => {
    const { runtime, state } = scripted();
    const clock = manualTimers();
    const stream = await pollingAttach(
      runtime,
      { id: "r" },
      { cols: 80, rows: 24 },
      { timers: clock.timers },
    );
    state.alive = false;
    await clock.tick();
    expect(await stream.closed).toEqual({ reason: "ended" });
    expect(clock.armed).toBe(false);
    await stream.write("ignored\r");
    expect(state.sent).toEqual([]);

    const second = scripted();
    const clock2 = manualTimers();
    const broken = await pollingAttach(
      second.runtime,
      { id: "r" },
      { cols: 80, rows: 24 },
      { timers: clock2.timers },
    );
    second.state.failNext = true;
    await clock2.tick();
    expect(await broken.closed).toEqual({ reason: "error", message: "output unreadable" });
  });

  it("reads as many lines as the viewer has rows, and ignores malformed sizes", async () => {
    const { runtime, state } = scripted();
    const clock = manualTimers();
    state.output = Array.from({ length: 40 }, (_, i) => `line ${i}`);
    const stream = await pollingAttach(runtime, { id: "r" }, { cols: 80, rows: 5 }, { timers: clock.timers });
    const chunks: Uint8Array[] = [];
    stream.onData((c) => chunks.push(c));
    expect(text(chunks)).toBe(`${CLEAR_SCREEN}line 35\r\nline 36\r\nline 37\r\nline 38\r\nline 39`);
    await stream.resize({ cols: 0, rows: -3 });
    await stream.resize({ cols: 80, rows: 2 });
    state.output.push("line 40");
    await clock.tick();
    expect(text(chunks).endsWith("line 39\r\nline 40")).toBe(true);
    await stream.close();
  });
});
