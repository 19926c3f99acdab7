import { describe, expect, it } from "vitest";
import { readScreen } from "./screen.js";

const NOW = Date.UTC(2026, 6, 20, 10, 0);

describe("readScreen", () => {
  it("sees the tool approval as waiting_input with the command", () => {
    const screen =
      "─── shell | developer ───\ncommand: rm -rf build\n\n◆  Goose would like to call the above tool, do you allow?\n│  ● Allow / ○ Always Allow / ○ Deny\n└\n";
    expect(readScreen(screen, NOW)).toEqual({
      state: "waiting_input",
      evidence: "◆  Goose would like to call the above tool, do you allow? command: rm -rf build",
    });
  });

  it("sees the older y/n approval too", () => {
    expect(readScreen("command: ls\nAllow? (y/n)", NOW)?.state).toBe("waiting_input");
  });

  it("sees the prompt as idle, and a limit error before it as rate_limited with the retry time", () => {
    expect(readScreen("Done.\n\n( O)> ", NOW)).toEqual({
      state: "idle",
      evidence: "Goose's prompt ( O)> is shown",
    });
    const limit =
      "Ran into this error: Rate limit exceeded: Please retry after 120s.\n\nPlease retry if you think this is a transient or recoverable error.\n\n( O)> ";
    expect(readScreen(limit, NOW)).toMatchObject({ state: "rate_limited", resetsAt: NOW + 120_000 });
  });

  it("an answered approval followed by output is not waiting", () => {
    const screen = "◆  Goose would like to call the above tool, do you allow?\n│  Allow\n└\nRemoved.\n";
    expect(readScreen(screen, NOW)).toBeNull();
  });
});
