import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSession, DEFAULT_REACTION_RULES, type SessionSnapshot } from "@ao/core";
import { afterEach, describe, expect, it } from "vitest";
import { readProjects } from "./journal.js";

let home: string;
afterEach(() => rmSync(home, { recursive: true, force: true }));

const session = (id: string, state?: SessionSnapshot["state"]): SessionSnapshot => {
  const s = createSession({
    id,
    project: "app",
    issue: id,
    branch: `ao/${id}`,
    rules: DEFAULT_REACTION_RULES,
    at: 1,
  });
  return state ? { ...s, state } : s;
};

describe("readProjects", () => {
  it("reports overlaps between open sessions only", async () => {
    home = mkdtempSync(join(tmpdir(), "ao-cli-journal-"));
    const dir = join(home, "projects", "app");
    mkdirSync(dir, { recursive: true });
    const records = [
      { seq: 1, at: 1, kind: "session", session: session("app-1") },
      { seq: 2, at: 1, kind: "session", session: session("app-2") },
      { seq: 3, at: 1, kind: "session", session: session("app-3", "merged") },
      { seq: 4, at: 2, kind: "overlap", session: "app-1", with: "app-2", files: ["src/a.ts"] },
      { seq: 5, at: 2, kind: "overlap", session: "app-1", with: "app-3", files: ["src/b.ts"] },
    ];
    writeFileSync(join(dir, "journal.jsonl"), records.map((r) => `${JSON.stringify(r)}\n`).join(""));
    const { sessions, overlaps } = await readProjects(home);
    expect(sessions.map((s) => s.id)).toEqual(["app-1", "app-2", "app-3"]);
    expect(overlaps).toEqual([{ project: "app", session: "app-1", with: "app-2", files: ["src/a.ts"] }]);
  });
});
