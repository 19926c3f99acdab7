import { describe, expect, it } from "vitest";
import { readScreen } from "./screen.js";

const NOW = Date.UTC(2026, 6, 20, 10, 0);

describe("readScreen", () => {
  it("sees a confirmation as waiting_input with the question and what it is about", () => {
    const screen =
      "Applied edit to a.py\nrm -rf build\nRun shell command? (Y)es/(N)o/(D)on't ask again [Yes]: ";
    expect(readScreen(screen, NOW)).toEqual({
      state: "waiting_input",
      evidence: "Run shell command? rm -rf build",
    });
  });

  it("sees the input prompt as idle, also after the edit format", () => {
    expect(readScreen("Tokens: 1k sent, 20 received.\n\n> ", NOW)?.state).toBe("idle");
    expect(readScreen("done\ndiff> \n\n", NOW)?.state).toBe("idle");
  });

  it("sees a rate limit with aider's retry as rate_limited with the reset", () => {
    const screen =
      "litellm.RateLimitError: RateLimitError\nThe API provider has rate limited you. Try again later or check your quotas.\nRetrying in 8.0 seconds...\n";
    expect(readScreen(screen, NOW)).toEqual({
      state: "rate_limited",
      evidence: "The API provider has rate limited you. Try again later or check your quotas.",
      resetsAt: NOW + 8000,
    });
  });

  it("reads a reply in progress as nothing (the history decides)", () => {
    expect(readScreen("Here is the plan:\n1. parse", NOW)).toBeNull();
  });
});
