// The plugin reading a real SQLite store of Goose's shape (schema version 5,
// WAL mode): the workspace's session, activity from its newest message,
// tokens, and reads that never hold a lock against Goose.
import { mkdir, mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hostAgentFiles } from "@ao/plugin-kit/agent-files";
import { skipWithout } from "@ao/testkit";
import type BetterSqlite3 from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import goose from "../src/index.js";
import { sqliteDriver } from "../src/store.js";

/** better-sqlite3 is optional (a native module): without it the plugin reads no store. */
const Driver = await sqliteDriver();

const SCHEMA = `
CREATE TABLE sessions (id TEXT PRIMARY KEY, name TEXT NOT NULL DEFAULT '', description TEXT NOT NULL DEFAULT '',
  user_set_name BOOLEAN DEFAULT FALSE, session_type TEXT NOT NULL DEFAULT 'user', working_dir TEXT NOT NULL,
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP, updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
  extension_data TEXT DEFAULT '{}', total_tokens INTEGER, input_tokens INTEGER, output_tokens INTEGER,
  accumulated_total_tokens INTEGER, accumulated_input_tokens INTEGER, accumulated_output_tokens INTEGER,
  schedule_id TEXT, recipe_json TEXT, user_recipe_values_json TEXT);
CREATE TABLE messages (id INTEGER PRIMARY KEY AUTOINCREMENT, session_id TEXT NOT NULL REFERENCES sessions(id),
  role TEXT NOT NULL, content_json TEXT NOT NULL, created_timestamp INTEGER NOT NULL,
  timestamp TIMESTAMP DEFAULT CURRENT_TIMESTAMP, tokens INTEGER, metadata_json TEXT);`;

// Skipped only where better-sqlite3 did not build, saying so; under AO_TEST_FULL=1 skipWithout fails the suite instead.
describe.skipIf(skipWithout("better-sqlite3", Driver !== null))("the Goose session store", () => {
  let dir: string;
  let db: BetterSqlite3.Database;
  const home = () => join(dir, "home");
  const dataDir = () => join(home(), ".local", "share", "goose");
  const dbFile = () => join(dataDir(), "sessions", "sessions.db");
  const cwd = "/w/app-1";
  const plugin = () => goose({ dataDir: dataDir(), model: "claude-sonnet-4-5" });
  const input = (output = "") => ({
    cwd,
    files: hostAgentFiles(cwd, home()),
    agentSessionId: null,
    output,
    lastOutputAt: null,
    alive: true,
    now: Date.now(),
  });
  const message = (session: string, role: string, content: unknown[], at = 1_784_000_000) =>
    db
      .prepare("INSERT INTO messages (session_id, role, content_json, created_timestamp) VALUES (?, ?, ?, ?)")
      .run(session, role, JSON.stringify(content), at);

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "ao-goose-store-"));
    await mkdir(join(dataDir(), "sessions"), { recursive: true });
    db = new (Driver as typeof BetterSqlite3)(dbFile());
    db.pragma("journal_mode = WAL");
    db.exec(SCHEMA);
    const add = db.prepare(
      "INSERT INTO sessions (id, name, working_dir, updated_at, accumulated_input_tokens, accumulated_output_tokens, input_tokens, output_tokens) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    );
    add.run("20260720_1", "other", "/w/other", "2026-07-20 10:00:00", 99, 99, 1, 1);
    add.run("20260720_2", "ao-app-1", cwd, "2026-07-20 10:05:00", 5000, 700, 900, 40);
  });
  afterEach(async () => {
    db.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("finds the workspace's session by working_dir and reads its accumulated tokens and last answer", async () => {
    message("20260720_2", "assistant", [{ type: "text", text: "Fixed the parser and pushed." }]);
    const got = await plugin().sessionInfo?.({
      cwd,
      files: hostAgentFiles(cwd, home()),
      agentSessionId: null,
      cursor: null,
    });
    expect(got?.info).toEqual({
      agentSessionId: "20260720_2",
      usage: [{ model: "claude-sonnet-4-5", input: 5000, output: 700, cacheRead: 0, cacheWrite: 0 }],
      summary: "Fixed the parser and pushed.",
    });
    expect(got?.cursor).toEqual({ agentSessionId: "20260720_2" });
  });

  it("goes on with the session its journaled cursor names, and ignores a cursor that is not its own", async () => {
    const read = (cursor: unknown) =>
      plugin().sessionInfo?.({ cwd, files: hostAgentFiles(cwd, home()), agentSessionId: null, cursor });
    expect((await read({ agentSessionId: "20260720_1" }))?.info.agentSessionId).toBe("20260720_1");
    expect((await read({ agentSessionId: 7 }))?.info.agentSessionId).toBe("20260720_2");
    expect((await read("garbage"))?.info.agentSessionId).toBe("20260720_2");
  });

  it("judges activity by the newest message, dated at the end of its second, with Goose's session id", async () => {
    const now = Math.floor(Date.now() / 1000) - 5;
    message("20260720_2", "user", [{ type: "text", text: "Fix issue 1" }], now);
    expect(await plugin().detectActivity(input())).toMatchObject({
      state: "active",
      source: "transcript",
      evidence: "a message was sent to Goose",
      // Goose stores whole seconds: an observation earlier in that second must not count as newer.
      at: now * 1000 + 999,
      agentSessionId: "20260720_2",
    });
    message(
      "20260720_2",
      "assistant",
      [
        {
          type: "toolRequest",
          id: "t1",
          toolCall: { status: "success", value: { name: "developer__shell", arguments: {} } },
        },
      ],
      now,
    );
    expect(await plugin().detectActivity(input())).toMatchObject({
      state: "active",
      evidence: "Goose called developer__shell",
    });
    message("20260720_2", "assistant", [{ type: "text", text: "Done." }], now);
    expect(await plugin().detectActivity(input())).toMatchObject({
      state: "idle",
      evidence: "Goose answered",
    });
    // A prompt on screen still wins: no store records an approval.
    const asking = await plugin().detectActivity(
      input("◆  Goose would like to call the above tool, do you allow?"),
    );
    expect(asking.state).toBe("waiting_input");
  });

  it("a message that is not JSON is judged by its role; a store of another shape is no evidence", async () => {
    db.prepare(
      "INSERT INTO messages (session_id, role, content_json, created_timestamp) VALUES (?, ?, ?, ?)",
    ).run("20260720_2", "user", "{torn", Math.floor(Date.now() / 1000));
    expect((await plugin().detectActivity(input())).state).toBe("active");
    db.exec("DROP TABLE messages; DROP TABLE sessions; CREATE TABLE sessions (x TEXT)");
    expect(
      await plugin().sessionInfo?.({
        cwd,
        files: hostAgentFiles(cwd, home()),
        agentSessionId: null,
        cursor: null,
      }),
    ).toBeNull();
    expect((await plugin().detectActivity(input())).source).toBe("process");
  });

  it("opens the store read-only and lets go at once: Goose can write right after, and nothing is created", async () => {
    // Rollback-journal mode, where a reader's leftover lock would block the writer (WAL never would).
    db.pragma("journal_mode = DELETE");
    await plugin().sessionInfo?.({
      cwd,
      files: hostAgentFiles(cwd, home()),
      agentSessionId: null,
      cursor: null,
    });
    // An exclusive write right after the read: the reader holds nothing.
    db.exec(
      "BEGIN EXCLUSIVE; UPDATE sessions SET accumulated_output_tokens = 800 WHERE id = '20260720_2'; COMMIT",
    );
    expect(
      db.prepare("SELECT accumulated_output_tokens AS n FROM sessions WHERE id = '20260720_2'").get(),
    ).toEqual({ n: 800 });
    const fresh = await mkdtemp(join(tmpdir(), "ao-goose-none-"));
    try {
      const none = goose({ dataDir: fresh });
      expect(
        await none.sessionInfo?.({
          cwd,
          files: hostAgentFiles(cwd, fresh),
          agentSessionId: null,
          cursor: null,
        }),
      ).toBeNull();
      await expect(stat(join(fresh, "sessions", "sessions.db"))).rejects.toThrow();
    } finally {
      await rm(fresh, { recursive: true, force: true });
    }
  });

  it("while Goose holds a write lock in rollback-journal mode, a read gives up after its busy timeout instead of failing", async () => {
    db.pragma("journal_mode = DELETE");
    db.exec("BEGIN EXCLUSIVE; UPDATE sessions SET name = 'x' WHERE id = '20260720_1'");
    try {
      const got = await plugin().sessionInfo?.({
        cwd,
        files: hostAgentFiles(cwd, home()),
        agentSessionId: null,
        cursor: null,
      });
      expect(got).toBeNull();
    } finally {
      db.exec("COMMIT");
    }
    const after = await plugin().sessionInfo?.({
      cwd,
      files: hostAgentFiles(cwd, home()),
      agentSessionId: null,
      cursor: null,
    });
    expect(after?.info.agentSessionId).toBe("20260720_2");
  });
});
