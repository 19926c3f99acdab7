import { describe, expect, it } from "vitest";
import type { ProjectRecord } from "../journal.js";
import { describeActor, describeRecord } from "./events.js";

const at = Date.UTC(2026, 0, 1, 12, 0, 0);

describe("describeRecord", () => {
  it("prints daemon, recovery, lock takeover and journal loss records readably", () => {
    process.env.NO_COLOR = "1";
    const lines = (
      [
        { seq: 1, at, project: "app", kind: "daemon", event: "started", pid: 42, version: "1.2.3" },
        { seq: 2, at, project: "app", kind: "lock_takeover", lock: "writer.lock", from: 41, pid: 42 },
        { seq: 3, at, project: "app", kind: "lock_takeover", lock: "journal.lock", from: null, pid: 42 },
        {
          seq: 4,
          at,
          project: "app",
          kind: "recovery",
          session: "app-1",
          action: "rolled_back",
          detail: "boom",
        },
        {
          seq: 5,
          at,
          project: "app",
          kind: "journal_loss",
          missing: [[6, null]],
          problem: "journal.jsonl is missing",
        },
      ] satisfies ProjectRecord[]
    ).map(describeRecord);
    expect(lines).toEqual([
      "12:00:00.000  app/-  daemon started (pid 42, ao 1.2.3)",
      "12:00:00.000  app/-  took over writer.lock from dead pid 41 (pid 42)",
      "12:00:00.000  app/-  took over journal.lock from a crashed process (pid 42)",
      "12:00:00.000  app/app-1  recovery: rolled back: boom",
      "12:00:00.000  app/-  journal loss accepted: journal.jsonl is missing",
    ]);
  });
});

describe("describeActor", () => {
  it("tells a dashboard click from an API token and names the session an agent acts for", () => {
    expect(describeActor({ kind: "api", scope: "admin", via: "dashboard" })).toBe("dashboard (admin)");
    expect(describeActor({ kind: "api", scope: "admin" })).toBe("api (admin)");
    expect(describeActor({ kind: "api", scope: "agent", session: "app-1" })).toBe("api (agent for app-1)");
  });
});
