import { describe, expect, it } from "vitest";
import { CLEAR_SCREEN, screenDiff } from "./screen-diff.js";

describe("screenDiff", () => {
  it("sends nothing when nothing changed, and the whole screen to a blank viewer", () => {
    expect(screenDiff(["a", "b"], ["a", "b"])).toBe("");
    expect(screenDiff([], ["a", "b"])).toBe("a\r\nb");
  });

  it("sends only new lines when the output went on", () => {
    expect(screenDiff(["a", "b"], ["a", "b", "c", "d"])).toBe("\r\nc\r\nd");
  });

  it("sends the rest of a line that grew", () => {
    expect(screenDiff(["a", "work"], ["a", "working", "done"])).toBe("ing\r\ndone");
  });

  it("follows a window that scrolled", () => {
    expect(screenDiff(["a", "b", "c"], ["b", "c", "d"])).toBe("\r\nd");
  });

  it("redraws everything when the output was rewritten or scrolled past the window", () => {
    expect(screenDiff(["a", "b"], ["x", "y"])).toBe(`${CLEAR_SCREEN}x\r\ny`);
  });
});
