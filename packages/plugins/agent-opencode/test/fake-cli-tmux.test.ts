// The plugin driving the fake `opencode` in a real tmux session, in real git
// worktrees: the task, commits, OpenCode's session found in its JSON storage,
// a permission question seen and answered, a limit, and a resume by id.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { waitFor } from "@ao/plugin-kit";
import { fakeCliHarness, skipWithout, toolAvailable } from "@ao/testkit";
import { describe, expect, it } from "vitest";
import opencode from "../src/index.js";

// Skipped only without tmux, saying so; under AO_TEST_FULL=1 skipWithout fails the suite instead.
describe.skipIf(skipWithout("tmux", () => toolAvailable("tmux")))(
  "opencode with the fake opencode in tmux",
  () => {
    const { worktree, context, start, until, info } = fakeCliHarness({
      prefix: "ao-opencode-tmux-",
      clis: { opencode: true },
      plugin: ({ home }) =>
        opencode({
          dataDir: join(home, ".local", "share", "opencode"),
          model: "anthropic/claude-sonnet-4-5",
        }),
    });

    it("reads ao's instructions file, does the task, commits, and reports tokens and cost from its storage", async () => {
      const cwd = await worktree("work");
      const agent = await start(await context(cwd, { rules: "Run the tests." }));
      const idle = await until(cwd, agent, "idle", "transcript");
      expect(agent.capture()).toContain("instructions: .ao-opencode-rules.md");
      expect(idle.agentSessionId).toMatch(/^ses_[0-9a-f]+$/);
      expect(execFileSync("git", ["log", "-1", "--format=%s"], { cwd, encoding: "utf8" })).toContain(
        "Fake agent",
      );
      const got = await info(cwd);
      expect(got?.info.agentSessionId).toBe(idle.agentSessionId);
      expect(got?.info.usage?.[0]).toMatchObject({ model: "claude-sonnet-4-5", input: 1200, cacheRead: 900 });
      expect(got?.info.costUsd).toBeGreaterThan(0);
      expect(got?.info.summary).toBe("Done.");
    });

    it("in `ask` mode the permission question is waiting_input with the command, and the answer lets it go on", async () => {
      const cwd = await worktree("ask");
      const scenario = JSON.stringify({ start: [{ permission: "rm -rf build" }, { say: "Removed." }] });
      const agent = await start(await context(cwd, { permissions: "ask" }), {
        FAKE_AGENT_SCENARIO: scenario,
      });
      const asked = await until(cwd, agent, "waiting_input");
      expect(asked.evidence).toBe("Permission required: $ rm -rf build");
      agent.send("y");
      await until(cwd, agent, "idle", "transcript");
      expect(agent.capture()).toContain("Removed.");
    });

    it("in `auto` mode the same command runs without a question", async () => {
      const cwd = await worktree("auto");
      const scenario = JSON.stringify({ start: [{ permission: "rm -rf build" }, { say: "Removed." }] });
      const agent = await start(await context(cwd), { FAKE_AGENT_SCENARIO: scenario });
      await until(cwd, agent, "idle", "transcript");
      expect(agent.capture()).not.toContain("Permission required");
    });

    it("hits a rate limit: rate_limited with the retry time", async () => {
      const cwd = await worktree("limit");
      const scenario = JSON.stringify({ start: [{ limit: { resetsInSeconds: 600 } }] });
      const agent = await start(await context(cwd), { FAKE_AGENT_SCENARIO: scenario });
      const sent = Date.now();
      const limited = await until(cwd, agent, "rate_limited");
      expect(Math.abs((limited.resetsAt as number) - (sent + 600_000))).toBeLessThan(60_000);
    });

    it("resumes the same OpenCode session by id after the process is gone", async () => {
      const cwd = await worktree("resume");
      const first = await start(await context(cwd));
      const idle = await until(cwd, first, "idle", "transcript");
      first.kill();
      const id = idle.agentSessionId as string;
      const before = await info(cwd, id);
      const again = await start(
        await context(cwd, { resume: { agentSessionId: id, handoff: "done before" } }),
      );
      await waitFor(async () => again.capture().includes(`resuming session ${id}`));
      const after = await waitFor(async () => {
        const got = await info(cwd, id);
        return (got?.info.usage?.[0]?.output ?? 0) > (before?.info.usage?.[0]?.output ?? 0) && got;
      });
      expect(after?.info.agentSessionId).toBe(id);
    });
  },
);
