import { createSession, DEFAULT_REACTION_RULES } from "@ao/core";
import { describe, expect, it } from "vitest";
import { toStatus } from "./status-shape.js";

describe("toStatus", () => {
  it("maps a snapshot to exactly the SPEC §7 shape", () => {
    const s = createSession({
      id: "app-1",
      project: "app",
      issue: "7",
      branch: "ao/7-x",
      rules: DEFAULT_REACTION_RULES,
      at: 0,
    });
    s.facts.pr = {
      number: 3,
      url: "u",
      headSha: "abc",
      state: "open",
      ci: "failed",
      review: "none",
      mergeable: null,
      conflict: false,
    };
    s.facts.attempts = { "ci-failed": 1 };
    s.facts.activity = { state: "idle", source: "output", at: 1, since: 1 };
    expect(toStatus(s)).toEqual({
      id: "app-1",
      project: "app",
      issue: "7",
      branch: "ao/7-x",
      state: "spawning",
      activity: "idle",
      pr: { number: 3, url: "u", ci: "failed", review: "none", mergeable: null },
      attempts: { "ci-failed": 1 },
      costUsd: null,
      createdAt: "1970-01-01T00:00:00.000Z",
      updatedAt: "1970-01-01T00:00:00.000Z",
    });
  });

  it("shows an ended session's agent as exited, not its last observed activity", () => {
    const s = createSession({
      id: "app-2",
      project: "app",
      issue: null,
      branch: "b",
      rules: DEFAULT_REACTION_RULES,
      at: 0,
    });
    s.facts.activity = { state: "idle", source: "output", at: 1, since: 1 };
    s.facts.killed = true;
    s.state = "killed";
    expect(toStatus(s).activity).toBe("exited");
    s.state = "working";
    expect(toStatus(s).activity).toBe("idle");
  });
});
