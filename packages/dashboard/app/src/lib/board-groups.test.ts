import { describe, expect, it } from "vitest";
import { GROUPS, groupSessions, needsHumanCount } from "./board-groups.js";
import type { BoardSession } from "./types.js";

const session = (id: string, group: string, updatedAt: string, needsHuman = false): BoardSession =>
  ({ id, group, updatedAt, needsHuman }) as unknown as BoardSession;

describe("board groups", () => {
  it("lists what needs the human before what ao handles, and that before work and done", () => {
    const keys = GROUPS.map((g) => g.key);
    const lastHuman = Math.max(...GROUPS.flatMap((g, i) => (g.needsHuman ? [i] : [])));
    expect(GROUPS.slice(0, lastHuman + 1).every((g) => g.needsHuman)).toBe(true);
    expect(keys.indexOf("fixing_ci")).toBeLessThan(keys.indexOf("working"));
    expect(keys.at(-1)).toBe("done");
  });

  it("sorts each column by the latest change and keeps a group it does not know in working", () => {
    const groups = groupSessions([
      session("a", "ready_to_merge", "2026-01-01T00:00:00Z", true),
      session("b", "ready_to_merge", "2026-01-02T00:00:00Z", true),
      session("c", "from_a_newer_daemon", "2026-01-01T00:00:00Z"),
    ]);
    expect(groups.get("ready_to_merge")?.map((s) => s.id)).toEqual(["b", "a"]);
    expect(groups.get("working")?.map((s) => s.id)).toEqual(["c"]);
    expect(groups.get("done")).toEqual([]);
  });

  it("counts the sessions that need the human", () => {
    expect(needsHumanCount([session("a", "stuck", "", true), session("b", "working", "")])).toBe(1);
  });
});
