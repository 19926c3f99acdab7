import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { isAoError } from "@ao/core";
import { afterEach, describe, expect, it } from "vitest";
import { findConfig } from "../src/config/find.js";
import { loadConfig } from "../src/config/load.js";
import { normalizeConfig } from "../src/config/normalize.js";
import { validateConfig } from "../src/config/validate.js";
import { copyFixture, FIXTURES, outsideTemp, scrub } from "./helpers.js";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string; hint?: string }> {
  try {
    await promise;
  } catch (error) {
    if (isAoError(error))
      return { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) };
    throw error;
  }
  throw new Error("expected a failure");
}

describe("finding the config", () => {
  it("walks up from a subdirectory, and honours --config and AO_CONFIG", () => {
    const dir = join(FIXTURES, "valid");
    expect(findConfig({ cwd: join(dir, "app", "deeper"), env: {} })).toBe(join(dir, "ao.config.ts"));
    expect(findConfig({ cwd: "/", env: {}, explicit: join(dir, "ao.config.ts") })).toBe(
      join(dir, "ao.config.ts"),
    );
    expect(findConfig({ cwd: "/", env: { AO_CONFIG: join(FIXTURES, "invalid", "ao.config.ts") } })).toBe(
      join(FIXTURES, "invalid", "ao.config.ts"),
    );
    expect(() => findConfig({ cwd: "/", env: {}, explicit: "/nope/ao.config.ts" })).toThrow(/does not exist/);
  });

  it("reports a missing config with what to do", async () => {
    const t = outsideTemp();
    cleanups.push(t.cleanup);
    expect(scrub(await failure(loadConfig({ cwd: t.dir, env: {} })), t.dir)).toMatchInlineSnapshot(`
      {
        "code": "CONFIG_NOT_FOUND",
        "hint": "Run \`ao init\` to write one, or pass --config <path> (or set AO_CONFIG).",
        "message": "No ao.config.ts found in <dir> or any parent directory.",
      }
    `);
  });
});

describe("loading ao.config.ts", () => {
  it("resolves defaults, overrides, paths and durations", async () => {
    const dir = join(FIXTURES, "valid");
    const config = await loadConfig({ cwd: dir, env: { AO_HOME: "/tmp/ao-home" }, command: "status" });
    expect(scrub(config, dir)).toMatchInlineSnapshot(`
      {
        "dir": "<dir>",
        "file": "<dir>/ao.config.ts",
        "home": "/tmp/ao-home",
        "intake": {
          "auto": true,
          "labels": [
            "agent",
          ],
          "maxConcurrent": 5,
        },
        "notificationRouting": {},
        "pollIntervalMs": 2000,
        "pricing": {},
        "projects": [
          {
            "agentEnv": [
              "GITHUB_TOKEN",
            ],
            "defaultBranch": "main",
            "id": "app",
            "intake": {
              "auto": true,
              "labels": [
                "agent",
              ],
              "maxConcurrent": 2,
            },
            "path": "<dir>/app",
            "repo": "<dir>/remote.git",
            "slots": {
              "agent": {
                "key": "defaults.agent",
                "value": [
                  "command",
                  {
                    "run": "./agent.sh",
                  },
                ],
              },
              "lifecycle": {
                "key": "(default)",
                "value": "reactions",
              },
              "notifiers": [
                {
                  "key": "defaults.notifiers[0]",
                  "name": "console",
                  "value": "console",
                },
              ],
              "runtime": {
                "key": "defaults.runtime",
                "value": "process",
              },
              "scm": {
                "key": "(default)",
                "value": "local",
              },
              "terminal": {
                "key": "(default)",
                "value": "tmux",
              },
              "tracker": {
                "key": "(default)",
                "value": "local",
              },
              "workspace": {
                "key": "(default)",
                "value": "worktree",
              },
            },
          },
          {
            "agentEnv": [],
            "defaultBranch": "trunk",
            "id": "api",
            "intake": {
              "auto": true,
              "labels": [
                "agent",
              ],
              "maxConcurrent": 5,
            },
            "path": "~/code/api",
            "repo": "acme/api",
            "slots": {
              "agent": {
                "key": "defaults.agent",
                "value": [
                  "command",
                  {
                    "run": "./agent.sh",
                  },
                ],
              },
              "lifecycle": {
                "key": "(default)",
                "value": "reactions",
              },
              "notifiers": [],
              "runtime": {
                "key": "projects.api.runtime",
                "value": "tmux",
              },
              "scm": {
                "key": "(default)",
                "value": "local",
              },
              "terminal": {
                "key": "(default)",
                "value": "tmux",
              },
              "tracker": {
                "key": "(default)",
                "value": "local",
              },
              "workspace": {
                "key": "(default)",
                "value": "worktree",
              },
            },
          },
        ],
        "reactions": {
          "agent-stuck": {
            "threshold": "5m",
          },
          "ci-failed": {
            "retries": 3,
          },
        },
        "server": {
          "allowRemote": false,
          "host": "127.0.0.1",
          "port": 0,
        },
      }
    `);
  });

  it("calls a function-form config with the command and env", async () => {
    const config = await loadConfig({
      cwd: join(FIXTURES, "function-form"),
      env: { AO_FIXTURE_PROJECT: "web" },
      command: "status",
    });
    expect(config.projects.map((p) => p.id)).toEqual(["web"]);
    expect(config.pollIntervalMs).toBe(60_000);
    const other = await loadConfig({ cwd: join(FIXTURES, "function-form"), env: {}, command: "start" });
    expect(other.projects.map((p) => p.id)).toEqual(["fallback"]);
    expect(other.pollIntervalMs).toBe(30_000);
  });

  it("loads a config that imports @ao/cli from a folder with no node_modules", async () => {
    const t = copyFixture("valid");
    cleanups.push(t.cleanup);
    const config = await loadConfig({ cwd: t.dir, env: { AO_HOME: join(t.dir, "home") } });
    expect(config.projects.map((p) => [p.id, p.path])).toEqual([
      ["app", join(t.dir, "app")],
      ["api", join(process.env.HOME ?? "", "code/api")],
    ]);
  });

  it("reports every problem with its key path and the fix, and exits 1", async () => {
    const dir = join(FIXTURES, "invalid");
    const error = await failure(loadConfig({ cwd: dir, env: {} }));
    expect(error.code).toBe("CONFIG_INVALID");
    expect(scrub(error.message, dir)).toMatchInlineSnapshot(`
      "<dir>/ao.config.ts is invalid:
        - defaults.agent: is not an agent plugin — write a name ("tmux"), a package ("@acme/ao-agent-x"), a tuple ["name", { ...options }], or an imported factory call
        - defaults.notifiers: must be a list or named instances — write notifiers: ["desktop"] or notifiers: { oncall: ["slack", { ... }], log: "console" }
        - defaults.runtme: unknown key — did you mean "runtime"?
        - projects.app.path: is missing — write path: "~/code/app"
        - projects.app.defaultBranch: must be a branch name — write defaultBranch: "main"
        - projects.app.intake.maxConcurrent: must be a whole number >= 1 — write maxConcurrent: 3
        - reactions.ci-failed.action: is not an action — write one of "send-to-agent", "notify", "merge", "restore"
        - reactions.agent-stuck.threshold: is not a duration — write a number with a unit, e.g. "10m"
        - server.port: must be a port number — write port: 3000 (or 0 for any free port)
        - projcts: unknown key — did you mean "projects"?
        - projects.bad id!: is not a valid project key (it may hold only letters, digits, '.', '_' and '-', starting with a letter or digit) — write a key like "my-app"
        - pollInterval: is below the 100 ms minimum — write pollInterval: "100ms" or more"
    `);
  });

  it("refuses project keys a path or a tmux name cannot hold, and checks agentEnv names", () => {
    const project = { repo: "a/b", path: "." };
    const problems = validateConfig({
      defaults: { agentEnv: ["GITHUB_TOKEN", "NOT-A-NAME"] },
      projects: { "../escape": project, "a/b": project, "a..b": project, ok: { ...project, agentEnv: "X" } },
    });
    expect(problems).toEqual([
      'defaults.agentEnv[1]: holds a name that is not an environment variable — write agentEnv: ["GITHUB_TOKEN"]',
      'projects.ok.agentEnv: must be a list of variable names — write agentEnv: ["GITHUB_TOKEN"]',
      `projects.../escape: is not a valid project key (it may hold only letters, digits, '.', '_' and '-', starting with a letter or digit) — write a key like "my-app"`,
      `projects.a/b: is not a valid project key (it may hold only letters, digits, '.', '_' and '-', starting with a letter or digit) — write a key like "my-app"`,
      `projects.a..b: is not a valid project key (it may not contain '..') — write a key like "my-app"`,
    ]);
    expect(
      validateConfig({ defaults: { agentEnv: ["GITHUB_TOKEN"] }, projects: { "my.app_2": project } }),
    ).toEqual([]);
  });

  it("takes named notifier instances and routes priorities to them, refusing unknown names", () => {
    const project = { repo: "a/b", path: "." };
    const named = {
      defaults: { notifiers: { oncall: ["slack", { webhookUrlEnv: "SLACK_URL" }], log: "console" } },
      projects: { app: project, api: { ...project, notifiers: ["desktop"] } },
      notificationRouting: { urgent: ["oncall", "log"], info: ["log", "desktop"], action: [] },
      reactions: { "agent-waiting": { priority: "action" } },
    };
    expect(validateConfig(named)).toEqual([]);
    const resolved = normalizeConfig(named as never, "/x/ao.config.ts", "/x", {});
    expect(resolved.projects[0]?.slots.notifiers.map((n) => [n.name, n.key])).toEqual([
      ["oncall", "defaults.notifiers.oncall"],
      ["log", "defaults.notifiers.log"],
    ]);
    expect(resolved.projects[1]?.slots.notifiers.map((n) => n.name)).toEqual(["desktop"]);
    expect(resolved.notificationRouting).toEqual(named.notificationRouting);
    expect(
      validateConfig({
        ...named,
        notificationRouting: { urgent: ["oncal"], loud: ["log"], warning: "log" },
        reactions: { "agent-waiting": { priority: "high" } },
      }),
    ).toEqual([
      'reactions.agent-waiting.priority: is not a priority — write one of "urgent", "action", "warning", "info"',
      'notificationRouting.warning: must be a list of notifier names — write warning: ["oncall", "log"]',
      "notificationRouting.loud: unknown key — remove it (known keys: urgent, action, warning, info)",
      'notificationRouting.urgent[0]: no notifier is named "oncal" — did you mean "oncall"? the notifiers are "oncall", "log", "desktop" (name them with notifiers: { oncal: "console" })',
    ]);
    expect(
      validateConfig({ projects: { app: { ...project, notifiers: { "bad name": "console" } } } }),
    ).toEqual([
      'projects.app.notifiers: must be a list or named instances — write notifiers: ["desktop"] or notifiers: { oncall: ["slack", { ... }], log: "console" }',
    ]);
  });

  it("rejects a default export that is not a config", async () => {
    const dir = join(FIXTURES, "not-object");
    expect(scrub(await failure(loadConfig({ cwd: dir, env: {} })), dir)).toMatchInlineSnapshot(`
      {
        "code": "CONFIG_INVALID",
        "hint": "Fix the keys listed above; each one is described in https://github.com/ao-dev/ao/blob/main/docs/configuration.md",
        "message": "<dir>/ao.config.ts is invalid:
        - (config): the default export is not a config object — write \`export default defineConfig({ projects: { ... } })\`",
      }
    `);
  });

  it.each([
    [
      "a throwing config function",
      'export default () => { throw new Error("boom"); };',
      /the config function failed: boom \(.*ao\.config\.ts:1\)/,
    ],
    [
      "a rejecting async function",
      'export default async () => { throw "a string"; };',
      /the config function failed: a string/,
    ],
    [
      "a thrown undefined",
      "export default () => { throw undefined; };",
      /the config function failed: undefined/,
    ],
    [
      "a rejected promise",
      'export default Promise.reject(new Error("nope"));',
      /the config promise failed: nope/,
    ],
    ["a module that throws on import", 'throw new Error("top-level");', /could not be loaded: top-level/],
  ])("reports %s as a config error naming the file, not a bug in ao", async (_what, source, message) => {
    const t = outsideTemp();
    cleanups.push(t.cleanup);
    writeFileSync(join(t.dir, "ao.config.ts"), source);
    const error = await failure(loadConfig({ cwd: t.dir, env: {} }));
    expect(error.code).toBe("CONFIG_LOAD_FAILED");
    expect(error.message).toContain(join(t.dir, "ao.config.ts"));
    expect(error.message).toMatch(message);
    expect(error.hint).toBeTruthy();
  });

  it.each([
    ["export default null;", "(config): the default export is not a config object"],
    [
      'export default { projects: { app: { repo: "x", path: "." } }, pollInterval: -5 };',
      "pollInterval: is not a duration",
    ],
  ])("validates %s with the key and the fix", async (source, problem) => {
    const t = outsideTemp();
    cleanups.push(t.cleanup);
    writeFileSync(join(t.dir, "ao.config.ts"), source);
    const error = await failure(loadConfig({ cwd: t.dir, env: {} }));
    expect(error.code).toBe("CONFIG_INVALID");
    expect(error.message).toContain(problem);
  });
});
