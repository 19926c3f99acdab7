import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { AGENT_CLIS } from "../src/agent-clis.js";
import { ao, outsideTemp } from "./helpers.js";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

/** PATH without any directory that holds a known agent CLI, plus `extra` first. */
function pathWithoutAgents(extra: string[] = []): string {
  const dirs = (process.env.PATH ?? "").split(delimiter).filter((dir) => {
    for (const cli of AGENT_CLIS) {
      try {
        execFileSync("test", ["-x", join(dir, cli.binary)]);
        return false;
      } catch {
        // not in this directory
      }
    }
    return true;
  });
  return [...extra, ...dirs].join(delimiter);
}

/** A fresh repository with one commit, its AO_HOME beside it, and an env with no agent CLI on PATH. */
function freshRepo(extraPath: string[] = []): { dir: string; env: NodeJS.ProcessEnv } {
  const t = outsideTemp("ao-newcomer-");
  cleanups.push(t.cleanup);
  const dir = join(t.dir, "app");
  mkdirSync(dir);
  const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, stdio: "pipe" });
  git("init", "-q", "-b", "main");
  git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty", "-m", "first");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AO_HOME: join(t.dir, "home"),
    PATH: pathWithoutAgents(extraPath),
    NO_COLOR: "1",
    AO_CONFIG: "",
  };
  delete env.FORCE_COLOR;
  return { dir, env };
}

/** A directory holding an executable `name` that only prints its arguments. */
function fakeCli(name: string): string {
  const t = outsideTemp("ao-fake-cli-");
  cleanups.push(t.cleanup);
  const file = join(t.dir, name);
  writeFileSync(file, '#!/bin/sh\necho "$@"\n');
  chmodSync(file, 0o755);
  return t.dir;
}

describe("ao init → doctor → start with no agent CLI installed", () => {
  it("writes the Claude Code agent, warns about the missing CLI, and starts", async () => {
    const { dir, env } = freshRepo();
    const init = await ao(["init", "--yes"], { cwd: dir, env });
    expect(init.code, init.stderr).toBe(0);
    expect(init.stderr).toContain("no agent CLI is on PATH");
    const config = readFileSync(join(dir, "ao.config.ts"), "utf8");
    expect(config).toContain('agent: "claude-code",');
    expect(config).toContain("Claude Code is not installed yet");
    expect(config).not.toContain("AO_PROMPT_FILE");

    const doctor = await ao(["doctor", "--json"], { cwd: dir, env });
    expect(doctor.code, doctor.stdout).toBe(0);
    const checks = JSON.parse(doctor.stdout).checks as Array<{ name: string; status: string; fix?: string }>;
    const agent = checks.find((c) => c.name.endsWith(".agent"));
    expect(agent?.status).toBe("warn");
    expect(agent?.fix).toContain("npm install -g @anthropic-ai/claude-code");
    expect(checks.filter((c) => c.status === "fail")).toEqual([]);
    expect((await ao(["doctor", "--strict"], { cwd: dir, env })).code).toBe(1);

    const start = await ao(["start", "--detach", "--port", "0"], { cwd: dir, env });
    expect(start.code, start.stderr).toBe(0);
    try {
      // A spawn fails at once with the same hint, and leaves no session behind.
      const spawn = await ao(["spawn", "--prompt", "fix the flaky test"], { cwd: dir, env });
      expect(spawn.code).toBe(1);
      expect(spawn.stderr).toContain("runs `claude`, which is not installed");
      expect(spawn.stderr).toContain("hint: Install it: npm install -g @anthropic-ai/claude-code");
      const status = await ao(["status", "--json"], { cwd: dir, env });
      expect(JSON.parse(status.stdout)).toEqual({
        sessions: [],
        cost: { totalUsd: 0, mergedPrs: 0, perMergedPrUsd: null },
      });
    } finally {
      expect((await ao(["stop"], { cwd: dir, env })).code).toBe(0);
    }
  });

  it("picks the first agent CLI found on PATH and says why", async () => {
    const { dir, env } = freshRepo([fakeCli("codex"), fakeCli("goose")]);
    const init = await ao(["init", "--yes"], { cwd: dir, env });
    expect(init.code, init.stderr).toBe(0);
    expect(init.stderr).toContain("agent: Codex CLI (`codex` is on PATH; also found: goose)");
    const config = readFileSync(join(dir, "ao.config.ts"), "utf8");
    expect(config).toContain('agent: "codex",');
    expect(config).toContain("found on PATH by `ao init`");
    const doctor = await ao(["doctor", "--strict"], { cwd: dir, env });
    expect(doctor.code, doctor.stdout).toBe(0);
    expect(doctor.stdout).toMatch(/✓ plugin app\.agent: @ao\/agent-codex/);
  });

  it("prefers claude over codex, and doctor passes with the Claude Code plugin", async () => {
    const { dir, env } = freshRepo([fakeCli("codex"), fakeCli("claude")]);
    const init = await ao(["init", "--yes"], { cwd: dir, env });
    expect(init.code, init.stderr).toBe(0);
    expect(init.stderr).toContain("agent: Claude Code (`claude` is on PATH; also found: codex)");
    expect(readFileSync(join(dir, "ao.config.ts"), "utf8")).toContain('agent: "claude-code",');
    const doctor = await ao(["doctor", "--strict"], { cwd: dir, env });
    expect(doctor.code, doctor.stdout).toBe(0);
    expect(doctor.stdout).toMatch(/✓ plugin app\.agent: @ao\/agent-claude-code/);
  });

  it("picks the cursor plugin; doctor names CURSOR_API_KEY, never its value", async () => {
    const { dir, env } = freshRepo([fakeCli("cursor-agent")]);
    delete env.CURSOR_API_KEY;
    const init = await ao(["init", "--yes"], { cwd: dir, env });
    expect(init.stderr).toContain("agent: Cursor's agent CLI (`cursor-agent` is on PATH)");
    expect(readFileSync(join(dir, "ao.config.ts"), "utf8")).toContain('agent: "cursor",');
    const doctor = await ao(["doctor", "--strict"], { cwd: dir, env });
    expect(doctor.code, doctor.stdout).toBe(0);
    expect(doctor.stdout).toMatch(/✓ plugin app\.agent: @ao\/agent-cursor/);
    const secret = "key_0123456789abcdef0123";
    const keyed = await ao(["doctor", "--json"], { cwd: dir, env: { ...env, CURSOR_API_KEY: secret } });
    expect(keyed.stdout).toContain("CURSOR_API_KEY set in ao's environment");
    expect(keyed.stdout).not.toContain(secret);
  });

  it("picks the opencode plugin; doctor checks its version, and a key kept by `opencode auth login` is fine", async () => {
    const { dir, env } = freshRepo([fakeCli("opencode")]);
    for (const name of ["ANTHROPIC_API_KEY", "OPENAI_API_KEY", "GEMINI_API_KEY", "OPENROUTER_API_KEY"])
      delete env[name];
    const init = await ao(["init", "--yes"], { cwd: dir, env });
    expect(init.stderr).toContain("agent: OpenCode (`opencode` is on PATH)");
    expect(readFileSync(join(dir, "ao.config.ts"), "utf8")).toContain('agent: "opencode",');
    const doctor = await ao(["doctor", "--strict"], { cwd: dir, env });
    expect(doctor.code, doctor.stdout).toBe(0);
    expect(doctor.stdout).toMatch(/✓ plugin app\.agent: @ao\/agent-opencode/);
    expect(doctor.stdout).toMatch(/✓ agent @ao\/agent-opencode: --version/);
    expect(doctor.stdout).toMatch(
      /✓ agent keys @ao\/agent-opencode: none of .* is set in ao.s environment; OpenCode normally keeps the key `opencode auth login`/,
    );
    const secret = "sk-ant-test-0123456789abcdef";
    const keyed = await ao(["doctor", "--json"], { cwd: dir, env: { ...env, ANTHROPIC_API_KEY: secret } });
    expect(keyed.stdout).toContain("ANTHROPIC_API_KEY set in ao's environment");
    expect(keyed.stdout).not.toContain(secret);
  });

  it("picks the aider plugin, and doctor checks its version and its keys by name, never by value", async () => {
    const { dir, env } = freshRepo([fakeCli("aider")]);
    for (const name of [
      "ANTHROPIC_API_KEY",
      "OPENAI_API_KEY",
      "GEMINI_API_KEY",
      "DEEPSEEK_API_KEY",
      "OPENROUTER_API_KEY",
    ])
      delete env[name];
    const init = await ao(["init", "--yes"], { cwd: dir, env });
    expect(init.code, init.stderr).toBe(0);
    expect(init.stderr).toContain("agent: Aider (`aider` is on PATH)");
    expect(readFileSync(join(dir, "ao.config.ts"), "utf8")).toContain('agent: "aider",');
    const bare = await ao(["doctor"], { cwd: dir, env });
    expect(bare.stdout).toMatch(/✓ plugin app\.agent: @ao\/agent-aider/);
    expect(bare.stdout).toMatch(/✓ agent @ao\/agent-aider: --version/);
    expect(bare.stdout).toMatch(/! agent keys @ao\/agent-aider: none of ANTHROPIC_API_KEY, OPENAI_API_KEY/);
    const secret = "sk-ant-test-0123456789abcdef";
    const keyed = await ao(["doctor", "--json"], { cwd: dir, env: { ...env, ANTHROPIC_API_KEY: secret } });
    expect(keyed.stdout).toContain("ANTHROPIC_API_KEY set in ao's environment");
    expect(keyed.stdout).not.toContain(secret);
  });

  it("picks the goose plugin; a key kept by `goose configure` is fine", async () => {
    const { dir, env } = freshRepo([fakeCli("goose")]);
    for (const name of ["ANTHROPIC_API_KEY", "OPENAI_API_KEY", "GOOGLE_API_KEY", "OPENROUTER_API_KEY"])
      delete env[name];
    expect((await ao(["init", "--yes"], { cwd: dir, env })).code).toBe(0);
    expect(readFileSync(join(dir, "ao.config.ts"), "utf8")).toContain('agent: "goose",');
    const doctor = await ao(["doctor", "--strict"], { cwd: dir, env });
    expect(doctor.code, doctor.stdout).toBe(0);
    expect(doctor.stdout).toMatch(/✓ plugin app\.agent: @ao\/agent-goose/);
    expect(doctor.stdout).toMatch(
      /✓ agent keys @ao\/agent-goose: none of .* is set in ao's environment; Goose normally keeps/,
    );
  });
});

describe("a project path that is not a checkout", () => {
  it("fails doctor and start with the key and the fix", async () => {
    const { dir, env } = freshRepo();
    expect((await ao(["init", "--yes"], { cwd: dir, env })).code).toBe(0);
    const file = join(dir, "ao.config.ts");
    writeFileSync(file, readFileSync(file, "utf8").replace('path: "."', 'path: "./nowhere"'));
    const doctor = await ao(["doctor"], { cwd: dir, env });
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toContain(
      `✗ project app: projects.app.path: ${join(dir, "nowhere")} does not exist`,
    );
    const start = await ao(["start", "--port", "0"], { cwd: dir, env });
    expect(start.code).toBe(1);
    expect(start.stderr).toContain("projects.app.path:");
    expect(start.stderr).toContain("hint: Set projects.app.path to the project's git checkout");

    mkdirSync(join(dir, "nowhere"));
    const outside = outsideTemp("ao-not-a-repo-");
    cleanups.push(outside.cleanup);
    writeFileSync(
      file,
      readFileSync(file, "utf8").replace('path: "./nowhere"', `path: ${JSON.stringify(outside.dir)}`),
    );
    const again = await ao(["doctor", "--json"], { cwd: dir, env });
    expect(again.code).toBe(1);
    expect(again.stdout).toContain("is not a git repository");
  });
});

describe("ao status with no config", () => {
  it("says how to make one", async () => {
    const t = outsideTemp("ao-noconfig-");
    cleanups.push(t.cleanup);
    const out = await ao(["status"], {
      cwd: t.dir,
      env: { ...process.env, AO_HOME: join(t.dir, "home"), NO_COLOR: "1", AO_CONFIG: "" },
    });
    expect(out.code).toBe(0);
    expect(out.stdout).toContain("Make one with `ao init`");
  });
});
