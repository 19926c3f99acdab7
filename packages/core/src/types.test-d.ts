import { describe, expectTypeOf, it } from "vitest";
import { type AoConfig, type ConfigEnv, defineConfig } from "./config.js";
import { definePlugin, type PluginFactory, type PluginOf } from "./plugin.js";
import type { NotifierPlugin } from "./slots/notifier.js";
import type { RuntimePlugin } from "./slots/runtime.js";

const console_ = definePlugin({
  slot: "notifier",
  name: "@ao/notifier-test",
  create(options: { prefix?: string }) {
    expectTypeOf(options).toEqualTypeOf<{ prefix?: string }>();
    return { async notify() {} };
  },
});

const needsUrl = definePlugin({
  slot: "notifier",
  name: "@ao/notifier-hook",
  create(_options: { url: string }) {
    return { async notify() {} };
  },
});

describe("definePlugin", () => {
  it("types the factory by slot and options", () => {
    expectTypeOf(console_).toEqualTypeOf<PluginFactory<"notifier", { prefix?: string }>>();
    expectTypeOf(console_.slot).toEqualTypeOf<"notifier">();
    expectTypeOf(console_.pluginName).toEqualTypeOf<string>();
    // All-optional options may be omitted; required ones may not.
    expectTypeOf(console_).toBeCallableWith();
    expectTypeOf(console_).toBeCallableWith({ prefix: "ao" });
    expectTypeOf(needsUrl).toBeCallableWith({ url: "http://x" });
    // @ts-expect-error the url option is required
    needsUrl();
    // @ts-expect-error wrong option type
    console_({ prefix: 3 });
  });

  it("returns an instance of the slot's interface, with its slot literal", () => {
    const instance = console_();
    expectTypeOf(instance).toEqualTypeOf<NotifierPlugin>();
    expectTypeOf(instance).toEqualTypeOf<PluginOf<"notifier">>();
    expectTypeOf(instance.slot).toEqualTypeOf<"notifier">();
    expectTypeOf(instance).not.toMatchTypeOf<RuntimePlugin>();
  });

  it("requires create to implement the slot's methods", () => {
    definePlugin({
      slot: "notifier",
      name: "x",
      // @ts-expect-error notify is missing
      create: () => ({}),
    });
    // A plugin may not place itself in a slot that does not exist.
    // @ts-expect-error "database" is not a slot
    definePlugin({ slot: "database", name: "x", create: () => ({}) });
  });
});

const declared = definePlugin({
  slot: "notifier",
  name: "@ao/notifier-declared",
  options: {
    url: { type: "string", required: true, doc: "Where to post." },
    retries: { type: "number", integer: true, default: 2, doc: "Attempts." },
    level: { type: "enum", values: ["info", "all"], doc: "What to send." },
    wait: { type: "duration", default: "5s", doc: "Delay." },
  },
  create(options) {
    // Required and defaulted options are present; the rest may be missing; durations arrive as ms.
    expectTypeOf(options).toEqualTypeOf<
      { url: string; retries: number; wait: number } & { level?: "info" | "all" }
    >();
    return { async notify() {} };
  },
});

describe("definePlugin with declared options", () => {
  it("types create's argument and the factory's input from the description", () => {
    expectTypeOf(declared).toBeCallableWith({ url: "http://x" });
    expectTypeOf(declared).toBeCallableWith({ url: "http://x", wait: 300, level: "all" });
    // @ts-expect-error url is required
    declared({});
    // @ts-expect-error level is one of two words
    declared({ url: "http://x", level: "some" });
    expectTypeOf(declared.options.url.doc).toEqualTypeOf<"Where to post.">();
  });
});

describe("defineConfig", () => {
  const projects = { app: { repo: "acme/app", path: "~/app" } };

  it("accepts an object and returns it typed", () => {
    const config = defineConfig({
      projects,
      defaults: { runtime: "tmux", notifiers: [console_(), ["slack", {}]] },
    });
    expectTypeOf(config).toEqualTypeOf<AoConfig>();
  });

  it("accepts a promise", () => {
    expectTypeOf(defineConfig(Promise.resolve({ projects }))).toEqualTypeOf<Promise<AoConfig>>();
  });

  it("accepts a function of the env, sync or async", () => {
    const fn = defineConfig((env) => {
      expectTypeOf(env).toEqualTypeOf<ConfigEnv>();
      return { projects };
    });
    expectTypeOf(fn).toBeFunction();
    expectTypeOf(fn).parameter(0).toEqualTypeOf<ConfigEnv>();
    expectTypeOf(fn).returns.toEqualTypeOf<AoConfig | Promise<AoConfig>>();
    defineConfig(async () => ({ projects }));
  });

  it("rejects bad shapes", () => {
    // @ts-expect-error projects is required
    defineConfig({});
    // @ts-expect-error a notifier instance is not a runtime
    defineConfig({ projects, defaults: { runtime: console_() } });
    // @ts-expect-error unknown reaction key
    defineConfig({ projects, reactions: { "ci-broke": { retries: 1 } } });
  });
});
