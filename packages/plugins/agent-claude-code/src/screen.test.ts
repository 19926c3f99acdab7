import { describe, expect, it } from "vitest";
import { parseClaudeReset, readScreen } from "./screen.js";

const NOW = Date.UTC(2026, 6, 20, 10, 0); // 2026-07-20 10:00 UTC

describe("readScreen", () => {
  it("sees the trust dialog as waiting_input with its question as evidence", () => {
    const screen =
      "╭──╮\n│ ✻ Welcome │\n╰──╯\n Do you trust the files in this folder?\n\n /w/s1\n ❯ 1. Yes, proceed\n   2. No, exit\n";
    expect(readScreen(screen, NOW)).toEqual({
      state: "waiting_input",
      evidence: "Do you trust the files in this folder?",
    });
  });

  it("sees a permission dialog with the command in the evidence", () => {
    const screen =
      "✻ Worked for 2s\n│ Bash command │\n│   rm -rf build\n│ Do you want to proceed? │\n│ ❯ 1. Yes │\n│   3. No │\n";
    const got = readScreen(screen, NOW);
    expect(got?.state).toBe("waiting_input");
    expect(got?.evidence).toContain("rm -rf build");
    expect(got?.evidence).toContain("Do you want to proceed?");
  });

  it("prefers the newest line: an idle box below an old spinner is idle, a spinner below an old box is active", () => {
    const box = "────\n❯ \n────\n  ? for shortcuts\n";
    expect(readScreen(`✻ Herding… (3s · ↓ 10 tokens · esc to interrupt)\n${box}`, NOW)?.state).toBe("idle");
    expect(readScreen(`${box}> next\n✻ Herding… (3s · ↓ 10 tokens)\n`, NOW)?.state).toBe("active");
  });

  it("reads a usage limit with its reset time", () => {
    const got = readScreen("● ok\n  ⎿  You've hit your limit · resets 4:50pm (UTC)\n", NOW);
    expect(got).toMatchObject({ state: "rate_limited", resetsAt: Date.UTC(2026, 6, 20, 16, 50) });
  });

  it("strips terminal escapes from the evidence", () => {
    const got = readScreen("\x1b[1mDo you want to proceed?\x1b[0m\x1b]0;title\x07\n", NOW);
    expect(got?.evidence).not.toMatch(/\x1b/);
  });

  it("finds a prompt above the blank rows a tall pane pads its bottom with", () => {
    const screen = ` Do you trust the files in this folder?\n ❯ 1. Yes, proceed\n   2. No, exit\n${"\n".repeat(60)}`;
    expect(readScreen(screen, NOW)?.state).toBe("waiting_input");
  });

  it("says nothing about a screen it cannot read", () => {
    expect(readScreen("", NOW)).toBeNull();
    expect(readScreen("random build output\n", NOW)).toBeNull();
  });
});

describe("parseClaudeReset", () => {
  it.each([
    ["Claude AI usage limit reached|1784545200", 1784545200 * 1000],
    ["You've hit your limit · resets 4:50am (UTC)", Date.UTC(2026, 6, 21, 4, 50)],
    ["5-hour limit reached ∙ resets 1pm", null],
    ["You've hit your session limit · resets 11am (Europe/Rome)", Date.UTC(2026, 6, 21, 9, 0)],
    ["You've hit your weekly limit · resets Jul 25, 9pm (America/New_York)", Date.UTC(2026, 6, 26, 1, 0)],
    [
      "Claude usage limit reached. Your limit will reset at 3pm (America/Santiago).",
      Date.UTC(2026, 6, 20, 19, 0),
    ],
    ["You've hit your limit", null],
  ])("%s", (text, expected) => {
    const got = parseClaudeReset(text, NOW);
    if (text.includes("resets 1pm")) {
      // No zone: this machine's; it is the next 1pm after now, within a day.
      expect(got).toBeGreaterThan(NOW);
      expect((got as number) - NOW).toBeLessThanOrEqual(86_400_000);
    } else expect(got).toBe(expected);
  });
});
