// The plugin driving the fake `claude` in a real tmux session, in real git
// worktrees: trust pre-accepted (no prompt) or not (detected), hooks calling
// `ao report` with the session's token from the environment, resume by id,
// and a usage limit read back with its reset time.
import { execFileSync } from "node:child_process";
import { chmod, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { waitFor } from "@ao/plugin-kit";
import { fakeCliHarness, skipWithout, toolAvailable } from "@ao/testkit";
import { beforeEach, describe, expect, it } from "vitest";
import claudeCode from "../src/index.js";

// Skipped only without tmux, saying so; under AO_TEST_FULL=1 skipWithout fails the suite instead.
describe.skipIf(skipWithout("tmux", () => toolAvailable("tmux")))(
  "claude-code with the fake claude in tmux",
  () => {
    const {
      tmp,
      home,
      plugin,
      worktree,
      context,
      start,
      observe,
      info: sessionInfo,
    } = fakeCliHarness({
      prefix: "ao-claude-tmux-",
      clis: { claude: true },
      plugin: ({ tmp }) => claudeCode({ configDir: join(tmp, "claude") }),
      env: ({ tmp }) => ({
        TZ: "UTC",
        CLAUDE_CONFIG_DIR: join(tmp, "claude"),
        AO_SESSION_ID: "app-1",
        AO_SESSION_TOKEN: "ao_agent_0123",
      }),
    });

    const configDir = () => join(tmp(), "claude");

    // A stand-in `ao` that logs what a hook asked and whether the session's token reached it.
    beforeEach(async () => {
      const ao = join(tmp(), "bin", "ao");
      await writeFile(
        ao,
        `#!/bin/sh\necho "$* token=\${AO_SESSION_TOKEN:+set} session=$AO_SESSION_ID" >> '${join(tmp(), "ao.log")}'\n`,
      );
      await chmod(ao, 0o755);
    });

    it("in an untrusted worktree the trust prompt is detected as waiting_input with its text", async () => {
      const cwd = await worktree("untrusted");
      const agent = await start(await context(cwd));
      const seen = await waitFor(
        async () => {
          const a = await observe(cwd, agent);
          return a.state === "waiting_input" && a;
        },
        { what: "the trust prompt", timeoutMs: 5_000 },
      ).catch((error) => {
        throw new Error(`${error.message}; the pane shows:\n${agent.capture()}`);
      });
      expect(seen.evidence).toBe("Do you trust the files in this folder?");
      expect(seen.source).toBe("output");
    });

    it("with trust pre-accepted it never shows the prompt, works, reports through hooks, and untrust cleans up", async () => {
      await writeFile(join(home(), "x"), "");
      const cwd = await worktree("trusted");
      await plugin().trust?.({ sessionId: "app-1", cwd, home: home() });
      const agent = await start(await context(cwd));
      const idle = await waitFor(
        async () => {
          const a = await observe(cwd, agent);
          return a.state === "idle" && a.source === "transcript" && a;
        },
        { what: "the first turn to end", timeoutMs: 15_000 },
      );
      expect(agent.capture()).not.toContain("Do you trust");
      expect(idle.agentSessionId).toMatch(/^[0-9a-f-]{36}$/);
      expect(execFileSync("git", ["log", "-1", "--format=%s"], { cwd, encoding: "utf8" })).toContain(
        "Fake agent",
      );
      const log = await waitFor(async () => {
        const text = await readFile(join(tmp(), "ao.log"), "utf8").catch(() => "");
        return text.includes("report done") && text;
      });
      expect(log).toContain("report working token=set session=app-1");
      expect(log).toContain("report done token=set session=app-1");
      // The settings file ao wrote is git-ignored: the agent's `git add -A` did not commit it.
      expect(
        execFileSync("git", ["show", "--name-only", "--format=", "HEAD"], { cwd, encoding: "utf8" }),
      ).not.toContain(".claude");
      const settings = JSON.parse(await readFile(join(cwd, ".claude", "settings.local.json"), "utf8"));
      expect(settings.hooks.Stop[0].hooks[0].command).toContain(`eval "${"$"}{AO_BIN:-ao}" report done`);
      await plugin().untrust?.({ sessionId: "app-1", cwd, home: home() });
      const config = JSON.parse(await readFile(join(configDir(), ".claude.json"), "utf8"));
      expect(config.projects[cwd]).toBeUndefined();
    });

    it("resumes the same native session by id after the process is gone", async () => {
      const cwd = await worktree("resume");
      await plugin().trust?.({ sessionId: "app-1", cwd, home: home() });
      const first = await start(await context(cwd));
      const idle = await waitFor(async () => {
        const a = await observe(cwd, first);
        return a.state === "idle" && a.source === "transcript" && a;
      });
      first.kill();
      expect((await observe(cwd, { ...first, capture: () => "", alive: () => false })).state).toBe("exited");
      const id = idle.agentSessionId as string;
      const info = await sessionInfo(cwd, id, null);
      const again = await start(
        await context(cwd, { resume: { agentSessionId: id, handoff: "done before" } }),
      );
      await waitFor(async () => again.capture().includes("Continue where you left off"));
      const after = await waitFor(async () => {
        const got = await sessionInfo(cwd, id, info?.cursor ?? null);
        const before = info?.info.usage?.[0]?.output ?? 0;
        return got && (got.info.usage?.[0]?.output ?? 0) > before && got;
      });
      expect(after?.info.agentSessionId).toBe(id);
      expect(again.capture()).not.toContain("No conversation found");
    });

    it("in `ask` mode a permission dialog is waiting_input with the command, and the answer lets it go on", async () => {
      const cwd = await worktree("ask");
      await plugin().trust?.({ sessionId: "app-1", cwd, home: home() });
      const scenario = JSON.stringify({ start: [{ permission: "rm -rf build" }, { say: "Removed." }] });
      const agent = await start(await context(cwd, { permissions: "ask" }), {
        FAKE_AGENT_SCENARIO: scenario,
      });
      const asked = await waitFor(async () => {
        const a = await observe(cwd, agent);
        return a.state === "waiting_input" && a;
      });
      expect(asked.evidence).toContain("rm -rf build");
      expect(asked.evidence).toContain("Do you want to proceed?");
      agent.send("1");
      await waitFor(async () => (await observe(cwd, agent)).state === "idle");
      expect(agent.capture()).toContain("Removed.");
    });

    it("hits a usage limit: rate_limited with the reset time, from the screen and the transcript", async () => {
      const cwd = await worktree("limit");
      await plugin().trust?.({ sessionId: "app-1", cwd, home: home() });
      const scenario = JSON.stringify({
        start: [{ say: "Ready." }],
        replies: [{ steps: [{ limit: { resetsInSeconds: 5400 } }] }],
      });
      const agent = await start(await context(cwd), { FAKE_AGENT_SCENARIO: scenario });
      await waitFor(async () => (await observe(cwd, agent)).state === "idle");
      const sent = Date.now();
      agent.send("carry on");
      const limited = await waitFor(async () => {
        const a = await observe(cwd, agent);
        return a.state === "rate_limited" && a;
      });
      expect(limited.evidence).toContain("You've hit your limit · resets");
      expect(Math.abs((limited.resetsAt as number) - (sent + 5_400_000))).toBeLessThan(120_000);
    });
  },
);
