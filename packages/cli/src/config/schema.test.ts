import { defineConfig } from "@ao/core";
import { describe, expect, expectTypeOf, it } from "vitest";
import { defineConfig as exported } from "../index.js";
import { closest, formatPath } from "./schema.js";

describe("schema helpers", () => {
  it("formats key paths with array indices", () => {
    expect(formatPath(["defaults", "notifiers", 1, "webhookUrlEnv"])).toBe(
      "defaults.notifiers[1].webhookUrlEnv",
    );
    expect(formatPath([])).toBe("(config)");
  });

  it("suggests the closest key only when it is close", () => {
    expect(closest("runtme", ["runtime", "agent"])).toBe("runtime");
    expect(closest("zzzzzz", ["runtime", "agent"])).toBeUndefined();
  });
});

describe("defineConfig from @ao/cli", () => {
  it("is core's, typed for the object, async and function forms", () => {
    expect(exported).toBe(defineConfig);
    const obj = exported({ projects: { app: { repo: "a/b", path: "." } } });
    expectTypeOf(obj.projects).toHaveProperty("app");
    const fn = exported(({ command, env }) => {
      expectTypeOf(command).toEqualTypeOf<string>();
      expectTypeOf(env).toEqualTypeOf<Record<string, string | undefined>>();
      return { projects: {} };
    });
    expectTypeOf(fn).toBeFunction();
    expectTypeOf(exported(Promise.resolve({ projects: {} }))).resolves.toHaveProperty("projects");
    // @ts-expect-error a project needs repo and path
    exported({ projects: { app: { repo: "a/b" } } });
  });
});

describe("agent settings", () => {
  const base = { projects: { app: { repo: "a/b", path: "." } } };

  it("accepts permissions, rules, budgets and prices", async () => {
    const { validateConfig } = await import("./validate.js");
    expect(
      validateConfig({
        ...base,
        defaults: { agentPermissions: "ask", agentRules: "Be brief.", budget: { sessionUsd: 5 } },
        projects: { app: { ...base.projects.app, agentRulesFile: "AGENTS.md", budget: { projectUsd: 50 } } },
        pricing: { "my-model": { input: 1, output: 2, cacheRead: 0.1 } },
      }),
    ).toEqual([]);
  });

  it.each([
    [
      { defaults: { agentPermissions: "yolo" } },
      'defaults.agentPermissions: is not a permissions mode — write one of "ask", "edits", "auto", "full"',
    ],
    [
      { defaults: { budget: { sessionUsd: -1 } } },
      "defaults.budget.sessionUsd: must be more than 0 — write sessionUsd: 5",
    ],
    [{ defaults: { budget: { sesionUsd: 1 } } }, "sessionUsd"],
    [{ pricing: { m: { input: 1 } } }, "pricing.m.output"],
    [
      { projects: { app: { repo: "a/b", path: ".", agentRulesFile: "../secrets" } } },
      "projects.app.agentRulesFile: must be a path inside the repository",
    ],
  ])("%j is refused with the key and what to write", async (over, message) => {
    const { validateConfig } = await import("./validate.js");
    expect(validateConfig({ ...base, ...over }).join("\n")).toContain(message);
  });
});

describe("orchestrator", () => {
  const base = { projects: { app: { repo: "a/b", path: "." } } };

  it("accepts it in defaults and per project", async () => {
    const { validateConfig } = await import("./validate.js");
    expect(
      validateConfig({
        ...base,
        defaults: { orchestrator: { enabled: true, agent: "claude-code", rules: "One worker at a time." } },
        projects: { app: { ...base.projects.app, orchestrator: { enabled: false } } },
      }),
    ).toEqual([]);
  });

  it.each([
    [{ defaults: { orchestrator: true } }, "defaults.orchestrator: must be an object"],
    [
      { defaults: { orchestrator: { enabled: "yes" } } },
      "defaults.orchestrator.enabled: must be true or false",
    ],
    [{ defaults: { orchestrator: { enabled: true, rule: "x" } } }, "rule"],
  ])("%j is refused with the key and what to write", async (over, message) => {
    const { validateConfig } = await import("./validate.js");
    expect(validateConfig({ ...base, ...over }).join("\n")).toContain(message);
  });

  it("is resolved only when enabled, the project's keys over the defaults', slots defaulting to the project's", async () => {
    const { normalizeConfig } = await import("./normalize.js");
    const config = normalizeConfig(
      {
        defaults: { runtime: "process", orchestrator: { enabled: true, rules: "Be frugal." } },
        projects: {
          app: { repo: "a/b", path: ".", orchestrator: { agent: "codex" } },
          off: { repo: "a/c", path: ".", orchestrator: { enabled: false } },
        },
      },
      "/x/ao.config.ts",
      "/x",
      {},
    );
    const [app, off] = config.projects;
    expect(app?.orchestrator).toEqual({
      agent: { value: "codex", key: "projects.app.orchestrator.agent" },
      runtime: { value: "process", key: "defaults.runtime" },
      rules: "Be frugal.",
    });
    expect(off?.orchestrator).toBeUndefined();
  });
});
