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
