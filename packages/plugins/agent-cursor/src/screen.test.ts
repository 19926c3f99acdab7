import { describe, expect, it } from "vitest";
import { chatIdOnScreen, readScreen } from "./screen.js";

const NOW = Date.UTC(2026, 6, 20, 10, 0);

describe("readScreen", () => {
  it("sees the workspace trust question and the command approval as waiting_input", () => {
    expect(
      readScreen("Do you trust the contents of this directory?\n(y) Trust this workspace   (n) Quit\n", NOW),
    ).toMatchObject({ state: "waiting_input", evidence: "(y) Trust this workspace   (n) Quit" });
    expect(readScreen("$ rm -rf build\nRun this command? (y) run  (n) skip\n", NOW)).toEqual({
      state: "waiting_input",
      evidence: "Run this command? (y) run  (n) skip $ rm -rf build",
    });
  });

  it("sees a usage limit with its reset time", () => {
    expect(readScreen("You've hit your usage limit. Try again in 10 minutes.\n", NOW)).toMatchObject({
      state: "rate_limited",
      resetsAt: NOW + 600_000,
    });
    // The input box after the limit message does not hide it.
    expect(
      readScreen("You've hit your usage limit. Try again in 10 minutes.\n\n→ Add a follow-up\n", NOW)?.state,
    ).toBe("rate_limited");
  });

  it("work is active, the input box after an answer is idle, the newest line wins", () => {
    expect(readScreen("⬢ Generating… Reading\n", NOW)?.state).toBe("active");
    expect(readScreen("⬢ Generating… Reading\nDone.\n\n→ Add a follow-up\n", NOW)?.state).toBe("idle");
    expect(
      readScreen("$ rm -rf build\nRun this command? (y) run  (n) skip\nRemoved.\n→ Add a follow-up", NOW)
        ?.state,
    ).toBe("idle");
  });

  it("finds the chat id printed for --resume", () => {
    const id = "0d9f6c1e-1111-4222-8333-444455556666";
    expect(chatIdOnScreen(`To resume this chat: cursor-agent --resume=${id}\n`)).toBe(id);
    expect(chatIdOnScreen("nothing here")).toBeNull();
  });
});
