import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { homeIdFor } from "@ao/core";
import { fakeTracker } from "@ao/testkit";
import { afterEach, describe, expect, it } from "vitest";
import type { EngineProject } from "../src/api.js";
import { createEngine } from "../src/engine.js";
import { harness, issue } from "./harness.js";

let h: ReturnType<typeof harness>;
afterEach(async () => {
  await h?.dispose();
});

const journalFile = () => join(h.home, "projects", "app", "journal.jsonl");

/**
 * Rewrite the journal with the lines `hit` matches removed (a failed write, a
 * hand edit) or cut short (a torn, corrupt line).
 */
function damageLines(
  hit: (record: { kind: string; session?: unknown }) => boolean,
  how: "drop" | "corrupt",
): number {
  const lines = readFileSync(journalFile(), "utf8").split("\n").filter(Boolean);
  const out = lines.flatMap((line) =>
    hit(JSON.parse(line)) ? (how === "drop" ? [] : [line.slice(0, 25)]) : [line],
  );
  writeFileSync(journalFile(), `${out.join("\n")}\n`);
  return lines.filter((line) => hit(JSON.parse(line))).length;
}

describe("session ids are never reused", () => {
  it.each([
    ["dropped", "drop"],
    ["corrupt", "corrupt"],
  ] as const)("a %s `session` line does not hand out the id of a live session", async (_label, how) => {
    // The user has seen the damage report and accepted the loss (AO_ACCEPT_JOURNAL_LOSS):
    // the engine then goes on from what survives, and must still not reuse an id.
    h = harness({ issues: [issue("1"), issue("2"), issue("3")], engine: { acceptJournalLoss: ["app"] } });
    const first = await h.engine.spawn({ project: "app", issue: "1" });
    const second = await h.engine.spawn({ project: "app", issue: "2" });
    expect([first.id, second.id]).toEqual(["app-1", "app-2"]);
    await h.engine.stop();
    // No snapshot to fall back on: the lost line is the only record of the session.
    rmSync(join(h.home, "projects", "app", "snapshot.json"), { force: true });
    const damaged = damageLines(
      (r) => r.kind === "session" && (r.session as { id?: string } | undefined)?.id === first.id,
      how,
    );
    expect(damaged).toBe(1);

    const engine = h.make();
    try {
      await engine.recover();
      const before = engine.session(second.id);
      const third = await engine.spawn({ project: "app", issue: "3" });
      expect([first.id, second.id]).not.toContain(third.id);
      expect(third.id).toBe("app-3");
      // The live session kept its runtime, its workspace and its journaled state.
      expect(engine.session(second.id)).toEqual(before);
      expect(h.runtime.control.record(`fake-${second.id}`)).toMatchObject({
        alive: true,
        sessionId: second.id,
      });
      expect(h.runtime.control.record(`fake-${third.id}`)?.sessionId).toBe(third.id);
    } finally {
      await engine.stop();
    }
  });

  it("never hands out an id that exists as a runtime or a workspace", async () => {
    h = harness({ issues: [issue("1")] });
    await h.engine.recover();
    // Leftovers of sessions this journal does not know (lost with a replaced journal).
    await h.runtime.create({
      sessionId: "app-1",
      owner: { home: homeIdFor(h.home), project: "app", session: "app-1" },
      cwd: h.home,
      command: ["leftover"],
      env: {},
    });
    await h.workspace.create(h.ref, { sessionId: "app-2", branch: "ao/leftover" });
    const s = await h.engine.spawn({ project: "app", issue: "1" });
    expect(s.id).toBe("app-3");
    expect(h.runtime.control.record("fake-app-1")?.command).toEqual(["leftover"]);
    expect(h.workspace.control.paths()).toContain(join(h.workspace.control.root, "app", "app-2"));
  });

  it("keeps ids unique across projects whose keys slug alike", async () => {
    h = harness({ issues: [issue("1")] });
    const other: EngineProject = {
      ...h.project,
      ref: { ...h.ref, id: "app.x" },
      plugins: { ...h.project.plugins, tracker: fakeTracker({ issues: [issue("1")] }) },
    };
    const first: EngineProject = { ...h.project, ref: { ...h.ref, id: "app_x" } };
    const engine = createEngine({ home: h.home, projects: [first, other], clock: h.clock, env: {} });
    try {
      const a = await engine.spawn({ project: "app_x", issue: "1" });
      const b = await engine.spawn({ project: "app.x", issue: "1" });
      expect(a.id).toBe("app-x-1");
      expect(b.id).toBe("app-x-2");
      expect(engine.session(a.id)?.project).toBe("app_x");
      expect(engine.session(b.id)?.project).toBe("app.x");
    } finally {
      await engine.stop();
    }
  });

  it("refuses a project key a path or a tmux name cannot hold", () => {
    h = harness();
    for (const id of ["../escape", "a/b", "has space"]) {
      expect(() =>
        createEngine({ home: h.home, projects: [{ ...h.project, ref: { ...h.ref, id } }], env: {} }),
      ).toThrow(/project key/);
    }
  });
});
