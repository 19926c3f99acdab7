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
