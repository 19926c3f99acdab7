import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gitRepo } from "@ao/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { harness } from "./harness.js";

type H = ReturnType<typeof harness>;
let h: H | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

const git = (cwd: string, ...args: string[]) => execFileSync("git", args, { cwd, encoding: "utf8" });

describe("the launch context", () => {
  it("carries the permissions mode, the agent's home and the project's rules (text, then the repo file)", async () => {
    h = harness({
      agentEnv: { HOME: "/home/agent" },
      project: { agentPermissions: "edits", agentRules: "Run pnpm test.", agentRulesFile: "AGENTS.md" },
    });
    // The rules file is read from the session's workspace (the fake workspace's dir).
    const wsDir = join(h.home, "ws", "app", "app-1");
    mkdirSync(wsDir, { recursive: true });
    writeFileSync(join(wsDir, "AGENTS.md"), "Use tabs.\u001b[2J\n");
    const s = await h.engine.spawn({ project: "app", issue: "1" });
    expect(s.id).toBe("app-1");
    const launch = h.agent.control.launches()[0];
    expect(launch).toMatchObject({ permissions: "edits", home: "/home/agent", resume: false });
    expect(launch?.rules).toBe("Run pnpm test.\n\nUse tabs.");
  });

  it("takes the agent's home from a runtime that gives each session its own (a container's mounted home)", async () => {
    h = harness({
      agentEnv: { HOME: "/home/agent" },
      runtime: { workspaceAccess: "mount", agentHome: (o) => `/containers/${o.project}/${o.session}/home` },
    });
    await h.engine.spawn({ project: "app", issue: "1" });
    expect(h.agent.control.launches()[0]?.home).toBe("/containers/app/app-1/home");
  });

  it("defaults to auto, and a missing rules file only warns", async () => {
    h = harness({ project: { agentRulesFile: "NOPE.md" } });
    await h.engine.spawn({ project: "app", issue: "1" });
    expect(h.agent.control.launches()[0]).toMatchObject({ permissions: "auto", rules: null });
    expect(h.warnings.join("\n")).toContain("agentRulesFile NOPE.md");
  });
});

describe("workspace files and trust", () => {
  it("merges into the user's file, creates the rest, git-ignores both, and undoes it all at cleanup", async () => {
    const repo = await gitRepo();
    try {
      h = harness({
        agent: {
          trust: true,
          files: [
            { path: ".claude/settings.local.json", content: '{"ao":true}', merge: true },
            { path: ".agent/config.toml", content: "trusted = true\n" },
          ],
        },
      });
      // The session's workspace is a real git worktree of the repository.
      const wsDir = join(h.home, "ws", "app", "app-1");
      mkdirSync(join(h.home, "ws", "app"), { recursive: true });
      git(repo.path, "worktree", "add", "-q", "-b", "ao/1-x", wsDir);
      mkdirSync(join(wsDir, ".claude"));
      writeFileSync(join(wsDir, ".claude/settings.local.json"), '{"mine":1}\n');

      const s = await h.engine.spawn({ project: "app", issue: "1" });
      expect(readFileSync(join(wsDir, ".claude/settings.local.json"), "utf8")).toBe(
        '{"mine":1}\n{"ao":true}',
      );
      expect(readFileSync(join(wsDir, ".agent/config.toml"), "utf8")).toBe("trusted = true\n");
      // The worktree's exclude file is the main repository's, and git sees neither file.
      const exclude = readFileSync(join(repo.path, ".git/info/exclude"), "utf8");
      expect(exclude).toContain("/.claude/settings.local.json");
      expect(exclude).toContain("/.agent/config.toml");
      expect(git(wsDir, "status", "--porcelain")).toBe("");
      expect(h.agent.control.trusted()).toEqual([wsDir]);

      // A relaunch keeps the user's original as the backup, not ao's merged content.
      await h.engine.restore(s.id);
      expect(readFileSync(join(wsDir, ".claude/settings.local.json"), "utf8")).toBe(
        '{"mine":1}\n{"ao":true}\n{"ao":true}',
      );

      // Unsaved work keeps the workspace at cleanup: what ao wrote is undone there.
      h.workspace.control.setDirty(wsDir, true);
      await h.engine.kill(s.id);
      expect(readFileSync(join(wsDir, ".claude/settings.local.json"), "utf8")).toBe('{"mine":1}\n');
      expect(existsSync(join(wsDir, ".agent/config.toml"))).toBe(false);
      expect(h.agent.control.trusted()).toEqual([]);
    } finally {
      await repo.cleanup();
    }
  });

  it("refuses a launch file outside the workspace, and the spawn rolls back", async () => {
    h = harness({ agent: { files: [{ path: "../escape.txt", content: "x" }] } });
    await expect(h.engine.spawn({ project: "app", issue: "1" })).rejects.toMatchObject({
      code: "AGENT_FILE_PATH",
    });
    expect(existsSync(join(h.home, "ws", "app", "escape.txt"))).toBe(false);
    expect(h.engine.session("app-1")?.state).toBe("errored");
  });
});
