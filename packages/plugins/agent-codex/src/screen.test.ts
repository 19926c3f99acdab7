import { describe, expect, it } from "vitest";
import { parseCodexReset, readScreen } from "./screen.js";

const NOW = Date.UTC(2026, 6, 1, 10, 0);

describe("readScreen", () => {
  it("sees the trust prompt, even though its selection mark looks like the composer", () => {
    const screen =
      "> You are in /w/s1\n\n  Do you trust the contents of this directory? Working with untrusted contents comes with higher risk of prompt injection.\n\n› 1. Yes, continue\n  2. No, quit\n\n  Press enter to continue\n\n\n\n";
    expect(readScreen(screen, NOW)).toMatchObject({ state: "waiting_input" });
    expect(readScreen(screen, NOW)?.evidence).toContain("Do you trust the contents of this directory?");
  });

  it("sees an approval with the command in the evidence", () => {
    const screen =
      "• Working (3s • esc to interrupt)\nWould you like to run the following command?\n\n  $ rm -rf build\n\n› 1. Yes, proceed (y)\n  Press enter to confirm or esc to cancel\n";
    const got = readScreen(screen, NOW);
    expect(got?.state).toBe("waiting_input");
    expect(got?.evidence).toContain("$ rm -rf build");
  });

  it("tells working from the idle composer by the newest line", () => {
    const idle = "\n› Ask Codex to do anything\n\n  ? for shortcuts          100% context left\n";
    expect(readScreen(`• Working (9s • esc to interrupt)\n${idle}`, NOW)?.state).toBe("idle");
    expect(readScreen(`${idle}› fix it\n\n• Working (0s • esc to interrupt)\n`, NOW)?.state).toBe("active");
  });

  it("finds a prompt above the blank rows a tall pane pads its bottom with", () => {
    const screen = `Would you like to run the following command?\n\n  $ make\n${"   \n".repeat(60)}`;
    expect(readScreen(screen, NOW)?.state).toBe("waiting_input");
  });

  it("reads the usage-limit banner with its reset time", () => {
    const got = readScreen(
      "■ You've hit your usage limit. Upgrade to Pro (https://chatgpt.com/explore/pro) or try again in 2 hours 5 minutes.\n",
      NOW,
    );
    expect(got).toEqual(expect.objectContaining({ state: "rate_limited", resetsAt: NOW + 7_500_000 }));
  });
});

describe("parseCodexReset", () => {
  it("reads `try again at <date>` in this machine's zone, and `try again in <duration>`", () => {
    const at = parseCodexReset("… or try again at Jul 5th, 2026 8:19 PM.", NOW) as number;
    const local = new Date(at);
    expect([
      local.getFullYear(),
      local.getMonth(),
      local.getDate(),
      local.getHours(),
      local.getMinutes(),
    ]).toEqual([2026, 6, 5, 20, 19]);
    expect(parseCodexReset("try again in 5 days 22 hours 11 minutes.", NOW)).toBe(
      NOW + ((5 * 24 + 22) * 60 + 11) * 60_000,
    );
    expect(parseCodexReset("You've hit your usage limit.", NOW)).toBeNull();
  });
});
