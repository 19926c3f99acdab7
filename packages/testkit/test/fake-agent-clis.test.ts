import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { installFakeAgentClis } from "../src/fake-agent-clis.js";
import { type GitRepo, gitRepo } from "../src/git-repo.js";
import { type TempDir, tempDir } from "../src/temp-dir.js";

let tmp: TempDir;
let repo: GitRepo;
let env: NodeJS.ProcessEnv;

beforeEach(async () => {
  tmp = await tempDir("ao-fake-clis-");
  repo = await gitRepo();
  const clis = await installFakeAgentClis(join(tmp.path, "bin"));
  env = {
    PATH: clis.path,
    HOME: join(tmp.path, "home"),
    CLAUDE_CONFIG_DIR: join(tmp.path, "claude"),
    CODEX_HOME: join(tmp.path, "codex"),
    GIT_AUTHOR_NAME: "t",
    GIT_AUTHOR_EMAIL: "t@example.com",
    GIT_COMMITTER_NAME: "t",
    GIT_COMMITTER_EMAIL: "t@example.com",
  };
});
afterEach(async () => {
  await repo.cleanup();
  await tmp.cleanup();
});

/** Run a fake CLI with `input` typed on stdin (a pipe: one message per line). */
const run = (cli: string, args: string[], input = "", extra: NodeJS.ProcessEnv = {}) =>
  spawnSync(cli, args, {
    cwd: repo.path,
    env: { ...env, ...extra },
    input,
    encoding: "utf8",
    timeout: 20_000,
  });

const jsonl = (file: string) =>
  readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    // biome-ignore lint/suspicious/noExplicitAny: the tests read nested fields of the CLIs' JSON lines.
    .map((l) => JSON.parse(l) as Record<string, any>);

describe("fake claude", () => {
  it("rejects an unknown flag and a bad mode with the CLI's own words", () => {
    const unknown = run("claude", ["--frobnicate"]);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toBe("error: unknown option '--frobnicate'\n");
    const mode = run("claude", ["--permission-mode", "yolo"]);
    expect(mode.status).toBe(1);
    expect(mode.stderr).toContain("argument 'yolo' is invalid");
  });

  it("asks for trust in an untrusted folder, records the answer in .claude.json, and keeps other keys", () => {
    const config = join(env.CLAUDE_CONFIG_DIR as string, ".claude.json");
    spawnSync("mkdir", ["-p", env.CLAUDE_CONFIG_DIR as string]);
    writeFileSync(
      config,
      JSON.stringify({ numStartups: 3, projects: { "/elsewhere": { allowedTools: ["x"] } } }),
    );
    const first = run("claude", ["--", "do it"], "1\n");
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain("Do you trust the files in this folder?");
    const saved = JSON.parse(readFileSync(config, "utf8"));
    expect(saved.numStartups).toBe(3);
    expect(saved.projects["/elsewhere"]).toEqual({ allowedTools: ["x"] });
    expect(saved.projects[repo.path].hasTrustDialogAccepted).toBe(true);
    expect(run("claude", ["--", "again"], "").stdout).not.toContain("Do you trust");
    // A subfolder is trusted through its ancestor; a fresh config asks again, and "2" exits.
    expect(
      run("claude", ["--", "again"], "", { CLAUDE_CONFIG_DIR: join(tmp.path, "other") }).stdout,
    ).toContain("Do you trust");
    expect(run("claude", ["--", "no"], "2\n", { CLAUDE_CONFIG_DIR: join(tmp.path, "other") }).status).toBe(1);
  });

  it("writes a transcript under projects/<slug> with usage per message id, and commits work", () => {
    const done = run("claude", ["--model", "opus", "--", "Fix it"], "1\n");
    expect(done.status, done.stderr).toBe(0);
    const dir = join(env.CLAUDE_CONFIG_DIR as string, "projects", repo.path.replace(/[^a-zA-Z0-9]/g, "-"));
    const [file] = readdirSync(dir);
    expect(file).toMatch(/^[0-9a-f-]{36}\.jsonl$/);
    const lines = jsonl(join(dir, file as string));
    const assistant = lines.filter((l) => l.type === "assistant");
    expect(assistant.length).toBeGreaterThan(2);
    for (const l of assistant) {
      expect(l.sessionId).toBe((file as string).slice(0, 36));
      expect(l.message.usage.input_tokens).toBeTypeOf("number");
      expect(l.message.model).toBe("opus");
    }
    // A tool call is written as two lines of one response: same id, same usage.
    const ids = assistant.map((l) => l.message.id);
    expect(new Set(ids).size).toBeLessThan(ids.length);
    expect(lines[0]).toMatchObject({ type: "user", message: { role: "user", content: "Fix it" } });
    expect(
      spawnSync("git", ["log", "--format=%s", "-1"], { cwd: repo.path, encoding: "utf8" }).stdout,
    ).toContain("Fake agent");
  });

  it("resumes a session by id into the same transcript, and fails on an unknown id", () => {
    run("claude", ["--", "first"], "1\n");
    const dir = join(env.CLAUDE_CONFIG_DIR as string, "projects", repo.path.replace(/[^a-zA-Z0-9]/g, "-"));
    const [file] = readdirSync(dir);
    const id = (file as string).slice(0, 36);
    const before = jsonl(join(dir, file as string)).length;
    const resumed = run("claude", ["--resume", id, "--", "go on"]);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(readdirSync(dir)).toEqual([file]);
    expect(jsonl(join(dir, file as string)).length).toBeGreaterThan(before);
    const missing = run("claude", ["--resume", "0b7c5a2e-1111-4222-8333-944445555666"]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("No conversation found with session ID: 0b7c5a2e");
  });

  it("runs the workspace's hooks with the event on stdin", () => {
    const log = join(tmp.path, "hooks.log");
    spawnSync("mkdir", ["-p", join(repo.path, ".claude")]);
    const hook = () => ({
      hooks: [{ type: "command", command: `cat >> '${log}'; echo >> '${log}'` }],
    });
    writeFileSync(
      join(repo.path, ".claude", "settings.local.json"),
      JSON.stringify({ hooks: { Stop: [hook()], UserPromptSubmit: [hook()] } }),
    );
    run("claude", ["--", "hello"], "1\n");
    const events = readFileSync(log, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    expect(events.map((e) => e.hook_event_name)).toEqual(["UserPromptSubmit", "Stop"]);
    expect(events[0]).toMatchObject({ prompt: "hello", cwd: repo.path });
    expect(events[1].transcript_path).toMatch(/\.jsonl$/);
  });

  it("follows a scenario: permission prompt, usage limit with a reset time, replies to messages", () => {
    const scenario = {
      start: [{ permission: "rm -rf build" }, { work: "Thinking", ms: 10, tokens: { input: 5, output: 5 } }],
      replies: [{ match: "limit", steps: [{ limit: { resetsInSeconds: 3600 } }] }, { steps: [{ crash: 3 }] }],
    };
    const out = run("claude", ["--", "go"], "1\n1\nhit the limit\ncrash now\n", {
      FAKE_AGENT_SCENARIO: JSON.stringify(scenario),
      TZ: "UTC",
    });
    expect(out.stdout).toContain("Do you want to proceed?");
    expect(out.stdout).toMatch(/You've hit your limit · resets \d{1,2}(:\d\d)?[ap]m \(UTC\)/);
    expect(out.status).toBe(3);
  });
});

describe("fake codex", () => {
  it("rejects an unknown flag with clap's words and exit 2", () => {
    const unknown = run("codex", ["--frobnicate"]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("error: unexpected argument '--frobnicate' found");
    expect(run("codex", ["-a", "sometimes"]).stderr).toContain("[possible values: untrusted, on-failure");
  });

  it("asks for trust, records it in config.toml as a projects table, and writes a rollout with token counts", () => {
    const first = run(
      "codex",
      ["-a", "never", "-s", "workspace-write", "-m", "gpt-5", "--", "Fix it"],
      "1\n",
    );
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain("Do you trust the contents of this directory?");
    const toml = readFileSync(join(env.CODEX_HOME as string, "config.toml"), "utf8");
    expect(toml).toContain(`[projects.${JSON.stringify(repo.path)}]\ntrust_level = "trusted"`);
    const sessions = join(env.CODEX_HOME as string, "sessions");
    const files = readdirSync(sessions, { recursive: true, encoding: "utf8" }).filter((f) =>
      f.endsWith(".jsonl"),
    );
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(
      /^\d{4}\/\d\d\/\d\d\/rollout-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-[0-9a-f-]{36}\.jsonl$/,
    );
    const lines = jsonl(join(sessions, files[0] as string));
    expect(lines[0]).toMatchObject({ type: "session_meta", payload: { cwd: repo.path } });
    expect(lines[1]).toMatchObject({
      type: "turn_context",
      payload: { model: "gpt-5", approval_policy: "never" },
    });
    const counts = lines.filter((l) => l.payload?.type === "token_count");
    expect(counts.length).toBeGreaterThan(0);
    expect(counts.at(-1)?.payload.info.total_token_usage.output_tokens).toBeGreaterThan(0);
    expect(run("codex", ["--", "again"]).stdout).not.toContain("Do you trust");
    // resume by id appends to the same rollout
    const id = /([0-9a-f-]{36})\.jsonl$/.exec(files[0] as string)?.[1] as string;
    expect(run("codex", ["resume", id, "-a", "never", "--", "go on"]).status).toBe(0);
    expect(jsonl(join(sessions, files[0] as string)).length).toBeGreaterThan(lines.length);
    expect(run("codex", ["resume", "0b7c5a2e-1111-4222-8333-944445555666"]).status).toBe(1);
    expect(existsSync(join(env.CODEX_HOME as string, "config.toml"))).toBe(true);
  });

  it("in workspace-write, commits from a linked worktree only when --add-dir names the shared git dir", async () => {
    const worktree = join(tmp.path, "wt");
    await repo.git(["worktree", "add", "-q", "-b", "ao/wt", worktree]);
    const scenario = JSON.stringify({ start: [{ write: "a.txt", content: "a\n" }, { commit: "Add a" }] });
    const head = () =>
      spawnSync("git", ["log", "-1", "--format=%s"], { cwd: worktree, encoding: "utf8" }).stdout;
    const codex = (args: string[]) =>
      spawnSync("codex", ["-a", "never", "-s", "workspace-write", ...args, "--", "go"], {
        cwd: worktree,
        env: { ...env, FAKE_AGENT_SCENARIO: scenario },
        input: "1\n",
        encoding: "utf8",
        timeout: 20_000,
      });
    const blocked = codex([]);
    expect(blocked.status, blocked.stderr).toBe(0);
    expect(blocked.stdout).toContain("Read-only file system");
    expect(head()).not.toContain("Add a");
    const allowed = codex(["--add-dir", join(repo.path, ".git")]);
    expect(allowed.status, allowed.stderr).toBe(0);
    expect(head().trim()).toBe("Add a");
    // In the main checkout the git dir lies inside the workspace: nothing to add.
    expect(
      run("codex", ["-a", "never", "-s", "workspace-write", "--", "go"], "1\n", {
        FAKE_AGENT_SCENARIO: scenario,
      }).stdout,
    ).not.toContain("Read-only");
  });
});
