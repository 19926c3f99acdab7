import { type NotificationKind, notificationAction } from "@ao/core";
import { describe, expect, it } from "vitest";
import { sessionWithPr } from "../test/session.js";
import reactions from "./index.js";

const base = { sessionId: "app-1", project: "app", action: {}, at: 0 };

describe("describe", () => {
  const plugin = reactions();

  const expected: Array<[NotificationKind, RegExp, string]> = [
    ["ready_to_merge", /^app-1: PR #12 is ready to merge$/, "ao merge app-1"],
    ["stuck", /^app-1 is stuck$/, 'ao send app-1 "<what the agent should do>"'],
    ["escalated", /^app-1: auto-fix gave up/, 'ao send app-1 "<what the agent should do>"'],
    ["needs_attention", /^app-1 PR #12 needs attention$/, 'ao send app-1 "<what the agent should do>"'],
    ["errored", /^app-1 errored$/, "ao restore app-1"],
    ["agent_exited", /^app-1: the agent exited$/, "ao restore app-1"],
    ["merged", /^app-1: PR #12 merged$/, "ao events app-1"],
    ["budget", /^app-1 reached its budget$/, "ao restore app-1"],
  ];

  it.each(expected)("%s: says what happened, where, and the one command", (kind, title, command) => {
    const session = sessionWithPr();
    const action = notificationAction(kind, session);
    const text = plugin.describe({ ...base, kind, priority: "urgent", action }, session, "because reasons");
    expect(text.title).toMatch(title);
    expect(text.body).toContain(
      "Session app-1 (project app, issue 7, branch ao/7-fix-login), PR #12 (https://scm.example/app/pull/12)",
    );
    expect(text.body.split("\n").at(-1)).toBe(`Act: ${command}`);
    // One source: the notification's action is the command its text names.
    expect(action).toEqual({ command, url: "https://scm.example/app/pull/12" });
  });

  it("includes the reason and the escalated reaction", () => {
    const s = sessionWithPr();
    s.facts.escalation = {
      reason: "ci-failed: 2 auto attempt(s) used, none left",
      reaction: "ci-failed",
      at: 5,
    };
    const text = plugin.describe(
      { ...base, kind: "escalated", priority: "urgent" },
      s,
      s.facts.escalation.reason,
    );
    expect(text.title).toBe("app-1: auto-fix gave up on ci-failed");
    expect(text.body).toContain("(ci-failed: 2 auto attempt(s) used, none left)");
  });

  it("handles a session without a PR or an issue", () => {
    const s = sessionWithPr();
    s.facts.pr = null;
    s.issue = null;
    const text = plugin.describe({ ...base, kind: "errored", priority: "urgent" }, s);
    expect(text.body).toContain("a prompt");
    expect(text.body).toContain("no PR yet");
  });
});
