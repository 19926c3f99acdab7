// The plugin driving the fake `goose` in a real tmux session, in real git
// worktrees: the task, commits, Goose's session found in its SQLite store,
// an approval seen and answered, a limit, and a resume by name.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { waitFor } from "@ao/plugin-kit";
import { fakeCliHarness, skipWithout, toolAvailable } from "@ao/testkit";
import { describe, expect, it } from "vitest";
import goose from "../src/index.js";
import { sqliteDriver } from "../src/store.js";

/** The fake goose writes its SQLite store with better-sqlite3, an optional native module. */
const sqlite = (await sqliteDriver()) !== null;

// Skipped only without tmux or better-sqlite3, saying so; under AO_TEST_FULL=1 skipWithout fails the suite instead.
describe.skipIf(skipWithout("tmux", () => toolAvailable("tmux")) || skipWithout("better-sqlite3", sqlite))(
  "goose with the fake goose in tmux",
  () => {
    const { worktree, context, start, until, info } = fakeCliHarness({
      prefix: "ao-goose-tmux-",
      clis: { goose: true },
      plugin: ({ home }) =>
        goose({ dataDir: join(home, ".local", "share", "goose"), model: "claude-sonnet-4-5" }),
    });

    it("reads .goosehints, does the task, commits, and reports tokens from its store", async () => {
      const cwd = await worktree("work");
      const agent = await start(await context(cwd, { rules: "Run the tests." }));
      await waitFor(async () => agent.capture().includes("( O)>"));
      const idle = await until(cwd, agent, "idle", "transcript");
      expect(agent.capture()).toContain("loaded .goosehints");
      expect(idle.agentSessionId).toMatch(/^\d{8}_\d+$/);
      expect(execFileSync("git", ["log", "-1", "--format=%s"], { cwd, encoding: "utf8" })).toContain(
        "Fake agent",
      );
      const got = await info(cwd);
      expect(got?.info.agentSessionId).toBe(idle.agentSessionId);
      expect(got?.info.usage?.[0]).toMatchObject({ model: "claude-sonnet-4-5", input: 2110 });
      expect(got?.info.summary).toBe("Done.");
    });

    it("in `ask` mode (GOOSE_MODE=approve) the approval is waiting_input with the command, and the answer lets it go on", async () => {
      const cwd = await worktree("ask");
      const scenario = JSON.stringify({ start: [{ permission: "rm -rf build" }, { say: "Removed." }] });
      const agent = await start(await context(cwd, { permissions: "ask" }), {
        FAKE_AGENT_SCENARIO: scenario,
      });
      const asked = await until(cwd, agent, "waiting_input");
      expect(asked.evidence).toContain("Goose would like to call the above tool");
      expect(asked.evidence).toContain("command: rm -rf build");
      agent.send("y");
      await until(cwd, agent, "idle", "transcript");
      expect(agent.capture()).toContain("Removed.");
    });

    it("hits a rate limit: rate_limited with the retry time", async () => {
      const cwd = await worktree("limit");
      const scenario = JSON.stringify({ start: [{ limit: { resetsInSeconds: 600 } }] });
      const agent = await start(await context(cwd), { FAKE_AGENT_SCENARIO: scenario });
      const sent = Date.now();
      const limited = await until(cwd, agent, "rate_limited");
      expect(Math.abs((limited.resetsAt as number) - (sent + 600_000))).toBeLessThan(60_000);
    });

    it("resumes the same Goose session by name after the process is gone", async () => {
      const cwd = await worktree("resume");
      const first = await start(await context(cwd));
      const idle = await until(cwd, first, "idle", "transcript");
      first.kill();
      const id = idle.agentSessionId as string;
      const before = await info(cwd, id);
      const again = await start(
        await context(cwd, { resume: { agentSessionId: id, handoff: "done before" } }),
      );
      await waitFor(async () => again.capture().includes(`resuming session | ${id}`));
      const after = await waitFor(async () => {
        const got = await info(cwd, id);
        return (got?.info.usage?.[0]?.output ?? 0) > (before?.info.usage?.[0]?.output ?? 0) && got;
      });
      expect(after?.info.agentSessionId).toBe(id);
    });
  },
);
