// The plugin driving the fake `cursor-agent` in a real tmux session, in real
// git worktrees: the trust question answered, the task, commits, a command
// approval seen and answered, a limit, and a resume by the printed chat id.
import { execFileSync } from "node:child_process";
import { waitFor } from "@ao/plugin-kit";
import { fakeCliHarness, skipWithout, type TmuxAgent, toolAvailable } from "@ao/testkit";
import { describe, expect, it } from "vitest";
import cursor from "../src/index.js";

// Skipped only without tmux, saying so; under AO_TEST_FULL=1 skipWithout fails the suite instead.
describe.skipIf(skipWithout("tmux", () => toolAvailable("tmux")))(
  "cursor with the fake cursor-agent in tmux",
  () => {
    const { plugin, env, worktree, context, start, observe, until } = fakeCliHarness({
      prefix: "ao-cursor-tmux-",
      clis: { "cursor-agent": true },
      plugin: () => cursor({ model: "sonnet-4.5" }),
    });

    /** Answer the workspace trust question a first run in a directory asks. */
    const trust = async (cwd: string, agent: TmuxAgent) => {
      const asked = await until(cwd, agent, "waiting_input");
      expect(asked.evidence).toContain("Trust this workspace");
      agent.send("y");
    };

    it("asks to trust the workspace, reads ao's rule, does the task and commits; idle from the screen", async () => {
      const cwd = await worktree("work");
      const agent = await start(await context(cwd, { rules: "Run the tests." }));
      await trust(cwd, agent);
      const idle = await until(cwd, agent, "idle", "output");
      expect(idle.evidence).toBe("cursor-agent's input box is shown");
      expect(agent.capture()).toContain("rule: ao.mdc");
      expect(execFileSync("git", ["log", "-1", "--format=%s"], { cwd, encoding: "utf8" })).toContain(
        "Fake agent",
      );
      // Cursor records no tokens in files: there is no session info to read.
      expect(plugin().sessionInfo).toBeUndefined();
    });

    it("in `ask` mode the command approval is waiting_input with the command, and the answer lets it go on", async () => {
      const cwd = await worktree("ask");
      const scenario = JSON.stringify({ start: [{ permission: "rm -rf build" }, { say: "Removed." }] });
      const agent = await start(await context(cwd, { permissions: "ask" }), {
        FAKE_AGENT_SCENARIO: scenario,
      });
      await trust(cwd, agent);
      const asked = await waitFor(async () => {
        const a = await observe(cwd, agent);
        return a.state === "waiting_input" && a.evidence?.includes("Run this command?") && a;
      });
      expect(asked?.evidence).toContain("$ rm -rf build");
      agent.send("y");
      await until(cwd, agent, "idle", "output");
      expect(agent.capture()).toContain("Removed.");
    });

    it("hits a usage limit: rate_limited with the reset time", async () => {
      const cwd = await worktree("limit");
      const scenario = JSON.stringify({ start: [{ limit: { resetsInSeconds: 600 } }] });
      const agent = await start(await context(cwd), { FAKE_AGENT_SCENARIO: scenario });
      await trust(cwd, agent);
      const sent = Date.now();
      const limited = await until(cwd, agent, "rate_limited");
      expect(Math.abs((limited.resetsAt as number) - (sent + 600_000))).toBeLessThan(90_000);
    });

    it("resumes a chat by id (one `create-chat` made), with no trust question the second time", async () => {
      const cwd = await worktree("resume");
      const first = await start(await context(cwd));
      await trust(cwd, first);
      await until(cwd, first, "idle", "output");
      first.kill();
      const chat = execFileSync("cursor-agent", ["create-chat"], {
        cwd,
        env: env(),
        encoding: "utf8",
      }).trim();
      const again = await start(
        await context(cwd, { resume: { agentSessionId: chat, handoff: "done before" } }),
      );
      await waitFor(async () => again.capture().includes(`Resuming chat ${chat}`));
      await until(cwd, again, "idle", "output");
      // The journaled chat id stays the session's evidence.
      expect((await observe(cwd, again, chat)).agentSessionId).toBe(chat);
    });
  },
);
