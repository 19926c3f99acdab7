import { describe, expect, it } from "vitest";
import { AoError } from "./errors.js";
import { definePlugin } from "./plugin.js";

const calls: unknown[] = [];
const hook = definePlugin({
  slot: "notifier",
  name: "@ao/notifier-hook",
  options: {
    url: { type: "string", required: true, example: "http://localhost:8080", doc: "Where to post." },
    retries: { type: "number", integer: true, min: 0, max: 5, default: 2, doc: "Attempts." },
    level: { type: "enum", values: ["info", "all"], default: "info", doc: "What to send." },
    wait: { type: "duration", default: "5s", doc: "Delay between attempts." },
    headers: { type: "string-map", default: {}, doc: "Extra headers." },
    tags: { type: "string-list", doc: "Labels." },
    run: { type: "command", doc: "A command." },
    quiet: { type: "boolean", default: false, doc: "No output." },
  },
  create(options) {
    calls.push(options);
    return { async notify() {} };
  },
});

function failure(fn: () => unknown): AoError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AoError);
    return error as AoError;
  }
  throw new Error("expected the call to throw");
}

describe("definePlugin with declared options", () => {
  it("applies defaults and converts durations to milliseconds", () => {
    calls.length = 0;
    hook({ url: "http://x", wait: "2m", tags: ["a"] });
    expect(calls[0]).toEqual({
      url: "http://x",
      retries: 2,
      level: "info",
      wait: 120_000,
      headers: {},
      tags: ["a"],
      quiet: false,
    });
  });

  it("gives each instance its own copy of a default list or map", () => {
    calls.length = 0;
    hook({ url: "http://x" });
    hook({ url: "http://x" });
    const [a, b] = calls as { headers: Record<string, string> }[];
    a!.headers.X = "1";
    expect(b!.headers).toEqual({});
    expect(hook.options.headers.default).toEqual({});
  });

  it("refuses an unknown key, naming the plugin, the key and the known ones", () => {
    const error = failure(() => hook({ url: "http://x", retry: 3 } as never));
    expect(error.code).toBe("PLUGIN_OPTION_INVALID");
    expect(error.message).toBe('@ao/notifier-hook: option "retry" is not an option of this plugin.');
    expect(error.hint).toContain("retries");
    expect(error.plugin).toBe("@ao/notifier-hook");
  });

  it("says a required option is missing and shows its example", () => {
    const error = failure(() => hook({} as never));
    expect(error.message).toBe('@ao/notifier-hook: option "url" is required.');
    expect(error.hint).toBe('Set url: "http://localhost:8080"');
  });

  it.each([
    ["retries", 1.5, "must be an integer >= 0 <= 5 (got 1.5)"],
    ["retries", 9, "must be an integer >= 0 <= 5 (got 9)"],
    ["level", "some", 'must be one of "info", "all" (got "some")'],
    ["wait", "soon", 'must be a duration such as "30s", "10m" or a number of milliseconds (got "soon")'],
    ["headers", { A: 1 }, "must be an object of string values (got an object)"],
    ["tags", ["a", 2], "must be an array of strings (got an array)"],
    ["run", [], "must be a shell command line or a non-empty argv array (got an array)"],
    ["quiet", "yes", 'must be true or false (got "yes")'],
    ["url", "", 'must be a non-empty string (got "")'],
  ])("refuses %s = %j with a message naming the option", (name, value, problem) => {
    const error = failure(() => hook({ url: "http://x", [name]: value } as never));
    expect(error.message).toBe(`@ao/notifier-hook: option "${name}" ${problem}.`);
    expect(error.hint).toMatch(new RegExp(`^Set ${name}`));
  });

  it("blames the plugin for a default that fails its own type", () => {
    const broken = definePlugin({
      slot: "notifier",
      name: "@ao/notifier-broken",
      options: { level: { type: "enum", values: ["a"], default: "b" as "a", doc: "Level." } },
      create: () => ({ async notify() {} }),
    });
    expect(failure(() => broken()).message).toBe(
      '@ao/notifier-broken: option "level" has a default that must be one of "a" (got "b").',
    );
  });

  it("exposes the description on the factory; the old form has none", () => {
    expect(Object.keys(hook.options)).toEqual([
      "url",
      "retries",
      "level",
      "wait",
      "headers",
      "tags",
      "run",
      "quiet",
    ]);
    const old = definePlugin({
      slot: "notifier",
      name: "x",
      create: (_o: { a?: string }) => ({ async notify() {} }),
    });
    expect(old.options).toBeUndefined();
    // The old form still hands create the raw object, unchecked.
    expect(old({ a: "b" }).name).toBe("x");
  });
});
