import { describe, expect, it } from "vitest";
import { readScreen } from "./screen.js";

const NOW = Date.UTC(2026, 6, 20, 10, 0);

describe("readScreen", () => {
  it("sees an unanswered permission question as waiting_input with what it asks about", () => {
    const screen =
      "◇ Reading the issue\n△ Permission required\n$ rm -rf build\nAllow once   Allow always   Reject\n";
    expect(readScreen(screen, NOW)).toEqual({
      state: "waiting_input",
      evidence: "Permission required: $ rm -rf build",
    });
  });

  it("an answered question followed by output is not waiting", () => {
    const screen = "△ Permission required\n$ rm -rf build\nAllow once   Allow always   Reject\nRemoved.\n";
    expect(readScreen(screen, NOW)).toBeNull();
  });

  it("sees a provider limit error as rate_limited with the retry time", () => {
    const screen = "◇ Reading\nError: Rate limit exceeded: Please retry after 120s.\n\n> ";
    expect(readScreen(screen, NOW)).toMatchObject({ state: "rate_limited", resetsAt: NOW + 120_000 });
  });

  it("says nothing about plain output (the storage decides)", () => {
    expect(readScreen("Done.\n\n> ", NOW)).toBeNull();
    expect(readScreen("", NOW)).toBeNull();
  });
});
