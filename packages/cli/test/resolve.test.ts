import { join } from "node:path";
import { definePlugin, isAoError } from "@ao/core";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config/load.js";
import { slotRows } from "../src/plugins/report.js";
import { candidatesFor, locate, resolveSlot } from "../src/plugins/resolve.js";
import { CLI_DIR, copyFixture, scrub } from "./helpers.js";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

const PACKAGES = [
  "ao-runtime-fixture",
  "@acme/ao-notifier-fixture",
  "ao-not-a-plugin",
  "@ao/runtime-fixture",
];

function fixture() {
  const t = copyFixture("third-party", PACKAGES);
  cleanups.push(t.cleanup);
  return t.dir;
}

async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isAoError(error))
      return `${error.code}: ${error.message}${error.hint ? ` | hint: ${error.hint}` : ""}`;
    throw error;
  }
  throw new Error("expected a failure");
}

describe("plugin resolution", () => {
  it("maps a short name to @ao/<slot>-<name>, then the name itself", () => {
    expect(candidatesFor("runtime", "tmux")).toEqual(["@ao/runtime-tmux", "tmux"]);
    expect(candidatesFor("notifier", "@acme/ao-notifier-x")).toEqual(["@acme/ao-notifier-x"]);
  });

  it("resolves a third-party package by name from the config's node_modules", async () => {
    const dir = fixture();
    const r = await resolveSlot("runtime", "ao-runtime-fixture", "defaults.runtime", { configDir: dir });
    expect(r.name).toBe("ao-runtime-fixture");
    expect(r.from).toBe("config");
    expect(r.file).toBe(join(dir, "node_modules", "ao-runtime-fixture", "index.js"));
    expect(await r.plugin.getOutput({ id: "x" })).toBe("");
  });

  it("resolves a short name to its @ao package", async () => {
    const dir = fixture();
    const r = await resolveSlot("runtime", "fixture", "projects.other.runtime", { configDir: dir });
    expect(r.name).toBe("@ao/runtime-fixture");
  });

  it("resolves the bundled chat notifiers by short name, with their options", async () => {
    const dir = fixture();
    process.env.AO_TEST_RESOLVE_URL = "https://hooks.slack.com/services/T/B/resolve-test";
    process.env.AO_TEST_RESOLVE_SECRET = "resolve-test-secret";
    cleanups.push(() => {
      delete process.env.AO_TEST_RESOLVE_URL;
      delete process.env.AO_TEST_RESOLVE_SECRET;
    });
    const cases = [
      ["slack", { webhookUrlEnv: "AO_TEST_RESOLVE_URL" }],
      ["discord", { webhookUrlEnv: "AO_TEST_RESOLVE_URL" }],
      ["webhook", { urlEnv: "AO_TEST_RESOLVE_URL", secretEnv: "AO_TEST_RESOLVE_SECRET" }],
    ] as const;
    for (const [name, options] of cases) {
      const r = await resolveSlot("notifier", [name, options], "defaults.notifiers[0]", { configDir: dir });
      expect(r.name).toBe(`@ao/notifier-${name}`);
      expect(r.plugin.slot).toBe("notifier");
    }
    expect(
      await failure(resolveSlot("notifier", "slack", "defaults.notifiers[0]", { configDir: dir })),
    ).toMatch(/webhookUrlEnv/);
  });

  it("passes a tuple's options to the factory", async () => {
    const dir = fixture();
    const r = await resolveSlot("runtime", ["ao-runtime-fixture", { greeting: "hi" }], "defaults.runtime", {
      configDir: dir,
    });
    expect(await r.plugin.getOutput({ id: "x" })).toBe("hi");
    const n = await resolveSlot(
      "notifier",
      ["@acme/ao-notifier-fixture", { channel: "#ops" }],
      "defaults.notifiers[0]",
      {
        configDir: dir,
      },
    );
    expect((n.plugin as unknown as { channel: string }).channel).toBe("#ops");
  });

  it("uses an imported instance as it is, and checks its slot", async () => {
    const factory = definePlugin({
      slot: "notifier",
      name: "inline-notifier",
      create: () => ({ async notify() {} }),
    });
    const instance = factory();
    const r = await resolveSlot("notifier", instance, "defaults.notifiers[0]", { configDir: CLI_DIR });
    expect(r).toMatchObject({ plugin: instance, from: "instance", name: "inline-notifier" });
    expect(
      await failure(resolveSlot("runtime", instance as never, "defaults.runtime", { configDir: CLI_DIR })),
    ).toMatchInlineSnapshot(
      `"PLUGIN_WRONG_SLOT: defaults.runtime: "inline-notifier" is a notifier plugin, but it was configured as the runtime plugin. | hint: Use a runtime plugin here, or move "inline-notifier" to the notifier key."`,
    );
  });

  it("resolves the bundled terminals by their short names", async () => {
    const dir = fixture();
    for (const name of ["tmux", "web", "iterm2"]) {
      const r = await resolveSlot("terminal", name, "defaults.terminal", { configDir: dir });
      expect(r.name).toBe(`@ao/terminal-${name}`);
      expect(r.from).toBe("cli");
      expect(r.plugin.slot).toBe("terminal");
    }
  });

  it("falls back to the CLI's own dependencies", () => {
    const dir = fixture();
    expect(locate("@ao/core", { configDir: dir })?.from).toBe("cli");
    expect(locate("ao-runtime-fixture", { configDir: dir })?.from).toBe("config");
  });

  it("names the key, package, slot and install command on a wrong slot, a missing package or a bad export", async () => {
    const dir = fixture();
    const bases = { configDir: dir };
    expect(
      await failure(resolveSlot("agent", "ao-runtime-fixture", "projects.other.agent", bases)),
    ).toMatchInlineSnapshot(
      `"PLUGIN_WRONG_SLOT: projects.other.agent: "ao-runtime-fixture" is a runtime plugin, but it was configured as the agent plugin. | hint: Use a agent plugin here, or move "ao-runtime-fixture" to the runtime key."`,
    );
    expect(
      scrub(await failure(resolveSlot("scm", "nowhere", "defaults.scm", bases)), dir),
    ).toMatchInlineSnapshot(
      `"PLUGIN_NOT_FOUND: defaults.scm: The scm plugin "nowhere" could not be loaded (tried "@ao/scm-nowhere", "nowhere"). | hint: No scm plugin is called "nowhere". Installed: github, local; ao's: local, github, gitlab. A third-party plugin is named by its package, e.g. "@acme/ao-scm-x"."`,
    );
    // A misspelled or over-qualified name gets the name that works, not an npm command for a package that does not exist.
    const hint = async (slot: Parameters<typeof resolveSlot>[0], name: string) =>
      (await failure(resolveSlot(slot, name, "k", bases))).split(" | hint: ")[1];
    expect(await hint("notifier", "consle")).toBe(
      'Did you mean "console"? (notifier plugins here: console, desktop, discord, slack, webhook)',
    );
    expect(await hint("notifier", "ao-notifier-console")).toBe(
      'Write "console" (the short name of @ao/notifier-console).',
    );
    // An official plugin not bundled with the CLI (tracker-github is, since it ships with ao).
    expect(await hint("tracker", "linear")).toBe(
      `Install it next to your config: npm install @ao/tracker-linear  (in ${dir})`,
    );
    expect(await hint("notifier", "@acme/ao-notifier-pager")).toBe(
      `Install it next to your config: npm install @acme/ao-notifier-pager  (in ${dir})`,
    );
    expect(
      await failure(resolveSlot("tracker", "ao-not-a-plugin", "defaults.tracker", bases)),
    ).toMatchInlineSnapshot(
      `"PLUGIN_BAD_EXPORT: defaults.tracker: "ao-not-a-plugin" does not default-export an ao tracker plugin factory. | hint: A plugin package must \`export default definePlugin({ slot, name, create })\` from @ao/core."`,
    );
  });

  it("reports every slot of every project (ao plugins), per-project overrides included", async () => {
    const dir = fixture();
    const config = await loadConfig({ cwd: dir, env: { AO_HOME: join(dir, "home") } });
    const other = config.projects.find((p) => p.id === "other")!;
    const rows = await slotRows(config, other);
    const runtime = rows.find((r) => r.slot === "runtime")!;
    expect(runtime).toMatchObject({
      key: "projects.other.runtime",
      plugin: "@ao/runtime-fixture",
      from: "config",
    });
    const agent = rows.find((r) => r.slot === "agent")!;
    expect(agent.error?.code).toBe("PLUGIN_WRONG_SLOT");
    const app = await slotRows(config, config.projects.find((p) => p.id === "app")!);
    expect(app.find((r) => r.slot === "runtime")).toMatchObject({
      key: "defaults.runtime",
      plugin: "ao-runtime-fixture",
    });
    expect(app.find((r) => r.slot === "notifier")).toMatchObject({ plugin: "@acme/ao-notifier-fixture" });
  });

  it("reports a token env var that is not set by name, never by value", async () => {
    const dir = join(CLI_DIR, "test", "fixtures", "missing-env");
    const config = await loadConfig({ cwd: dir, env: { AO_HOME: "/tmp/ao-x" } });
    const rows = await slotRows(config, config.projects[0]!, { AO_FIXTURE_UNSET_TOKEN: undefined });
    expect(rows.find((r) => r.slot === "notifier")?.error).toMatchInlineSnapshot(`
      {
        "code": "MISSING_ENV",
        "message": "defaults.notifiers[0].webhookUrlEnv: the environment variable AO_FIXTURE_UNSET_TOKEN is not set — export AO_FIXTURE_UNSET_TOKEN before running ao (its value is never printed)",
      }
    `);
  });
});
