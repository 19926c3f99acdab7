import { describe, expect, it } from "vitest";
import { lastTimestamp, logTail } from "./container-output.js";

describe("a TTY container's log", () => {
  it("keeps the last lines as text, without escapes or carriage returns", () => {
    const raw = "\u001b[32mone\u001b[0m\r\ntwo\r\nthree\r\n\r\n";
    expect(logTail(raw, 2)).toBe("two\nthree");
    expect(logTail(raw, 10)).toBe("one\ntwo\nthree");
  });

  it("reads the last timestamp Docker put in front of a line", () => {
    const raw = "2026-11-29T01:02:03.5Z first\n2026-11-29T01:02:04.25Z second\n";
    expect(lastTimestamp(raw)).toBe(Date.parse("2026-11-29T01:02:04.25Z"));
    expect(lastTimestamp("no stamp here\n")).toBeNull();
  });
});
