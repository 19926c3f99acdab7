import { describe, expect, it } from "vitest";
import { MANUAL_CLOCK_START, manualClock } from "./manual-clock.js";

describe("manualClock", () => {
  it("starts at the given time and moves only when advanced", () => {
    const clock = manualClock();
    expect(clock.now()).toBe(MANUAL_CLOCK_START);
    clock.advance(1500);
    expect(clock.now()).toBe(MANUAL_CLOCK_START + 1500);
    expect(manualClock(42).now()).toBe(42);
  });

  it("fires due timers in order, each at its due time, and skips cleared ones", () => {
    const clock = manualClock(0);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push(`b@${clock.now()}`), 20);
    clock.setTimeout(() => fired.push(`a@${clock.now()}`), 10);
    const c = clock.setTimeout(() => fired.push("c"), 15);
    clock.setTimeout(() => fired.push(`late@${clock.now()}`), 100);
    clock.clearTimeout(c);
    clock.advance(50);
    expect(fired).toEqual(["a@10", "b@20"]);
    expect(clock.now()).toBe(50);
    expect(clock.pending()).toBe(1);
  });

  it("fires timers scheduled by timers when they fall inside the window", () => {
    const clock = manualClock(0);
    const fired: number[] = [];
    const loop = () => {
      fired.push(clock.now());
      clock.setTimeout(loop, 100);
    };
    clock.setTimeout(loop, 100);
    clock.advance(350);
    expect(fired).toEqual([100, 200, 300]);
  });

  it("advanceAsync follows async loops that re-arm after awaiting", async () => {
    const clock = manualClock(0);
    const ticks: number[] = [];
    const loop = async () => {
      await Promise.resolve();
      await new Promise((r) => setImmediate(r));
      ticks.push(clock.now());
      clock.setTimeout(() => void loop(), 100);
    };
    clock.setTimeout(() => void loop(), 100);
    await clock.advanceAsync(300);
    expect(ticks).toEqual([100, 200, 300]);
  });

  it("rejects going backwards", () => {
    const clock = manualClock(100);
    expect(() => clock.advance(-1)).toThrow(RangeError);
    expect(() => clock.set(50)).toThrow(RangeError);
  });
});
