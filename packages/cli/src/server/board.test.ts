import { createSession, DEFAULT_REACTION_RULES, deriveState, type SessionSnapshot } from "@ao/core";
import { describe, expect, it } from "vitest";
import { boardGroup, buildBoard } from "./board.js";

function session(
  id: string,
  project: string,
  edit: (s: SessionSnapshot) => void = () => {},
): SessionSnapshot {
  const s = createSession({
    id,
    project,
    issue: "1",
    branch: `ao/${id}`,
    rules: DEFAULT_REACTION_RULES,
    at: 1_000,
  });
  s.facts.phase = "running";
  edit(s);
  s.state = deriveState(s.facts);
  return s;
}

const pr = (over: Partial<NonNullable<SessionSnapshot["facts"]["pr"]>>) => ({
  number: 1,
  url: "u",
  headSha: "a",
  state: "open" as const,
  ci: "pending" as const,
  review: "none" as const,
  mergeable: null,
  conflict: false,
  ...over,
});

describe("the board", () => {
  it("puts what needs a human first, a question from the agent over what ao is handling", () => {
    const mergeable = session("a", "app", (s) => {
      s.facts.pr = pr({ ci: "passed", review: "approved", mergeable: true });
    });
    const asking = session("b", "app", (s) => {
      s.facts.pr = pr({ ci: "failed" });
      s.facts.activity = { state: "waiting_input", source: "output", at: 2_000, since: 1_500 };
    });
    const fixing = session("c", "app", (s) => {
      s.facts.pr = pr({ ci: "failed" });
    });
    const stuck = session("d", "web", (s) => {
      s.facts.escalation = { reason: "\x1b[31mgave up\x1b[0m after 3 tries", at: 3_000 };
    });
    const done = session("e", "web", (s) => {
      s.facts.killed = true;
    });
    const closed = session("f", "web", (s) => {
      s.facts.pr = pr({ state: "closed" });
    });
    expect(closed.state).toBe("pr_closed");
    expect([mergeable, asking, fixing, stuck, done, closed].map(boardGroup)).toEqual([
      "ready_to_merge",
      "waiting_input",
      "fixing_ci",
      "stuck",
      "done",
      "stuck",
    ]);

    const board = buildBoard(
      [done, fixing, stuck, asking, mergeable],
      ["app", "web", "empty"],
      () => 0.5,
      11_000,
    );
    expect(board.needsHuman).toBe(3);
    expect(board.groups.map((g) => g.group)).toEqual([
      "ready_to_merge",
      "stuck",
      "waiting_input",
      "fixing_ci",
      "done",
    ]);
    expect(board.groups.filter((g) => g.needsHuman).flatMap((g) => g.sessions)).toEqual(["a", "d", "b"]);
    expect(board.projects).toEqual([
      { id: "app", sessions: 3, needsHuman: 2 },
      { id: "empty", sessions: 0, needsHuman: 0 },
      { id: "web", sessions: 2, needsHuman: 1 },
    ]);
    const shown = board.sessions.find((s) => s.id === "d");
    // Text from outside reaches the page inert: no escape sequence survives.
    expect(shown?.escalation?.reason).toBe("gave up after 3 tries");
    expect(shown).toMatchObject({ group: "stuck", needsHuman: true, ageMs: 10_000, costUsd: 0.5 });
    expect(board.sessions.find((s) => s.id === "b")).toMatchObject({
      activity: "waiting_input",
      activitySince: new Date(1_500).toISOString(),
    });
  });
});
