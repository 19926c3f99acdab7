import {
  homeIdFor,
  type ResourceOwner,
  type RuntimeHandle,
  type RuntimePlugin,
  runtimeNameFor,
} from "@ao/core";
import { expect } from "vitest";
import { type Check, type ContractOptions, type FixtureBase, registerContract } from "../check.js";
import { echoCommand, echoedLines } from "../echo-program.js";
import { expectAoError } from "../expect-ao-error.js";
import { type AttachFixture, runtimeAttachChecks } from "./runtime-attach.js";
import { waitFor } from "../wait-for.js";
import { expectPluginShape, uniqueId } from "./shared.js";

export interface RuntimeFixture extends FixtureBase {
  /** The plugin, already `setup` with {@link RuntimeFixture.home} as the host's home. */
  plugin: RuntimePlugin;
  /** The AO_HOME given to the plugin's `setup`: `list()` returns only runtimes stamped with its id. */
  home: string;
  /** An existing directory the runtime can start the agent in. */
  cwd: string;
  /**
   * argv of a program that prints each stdin line as `echo:` plus the line
   * JSON-encoded (see `ECHO_SCRIPT`). Default: `echoCommand()` (this Node binary).
   */
  echoCommand?: string[];
  /** How long delivered text may take to show in `getOutput` (default 10_000 ms). */
  outputTimeoutMs?: number;
  /** The terminal size the runtime gives the program now, so the attach checks can check `resize`. */
  terminalSize?: AttachFixture["terminalSize"];
  /** How many attach resources (processes, clients) are live, so the attach checks can check for leaks. */
  attachResources?: AttachFixture["attachResources"];
}

/** Messages that break naive delivery: shell syntax, quotes, unicode, several lines. */
export const TRICKY_MESSAGES: readonly string[] = [
  "plain words",
  // Built from parts: a literal `${` in a plain string reads like a template mistake.
  "$(echo pwned) and `id` and $" + "{HOME} and $HOME",
  `'single' "double" \\back\\slash; exit 1 && rm -rf / | cat > x`,
  "unicode: héllo wörld — 日本語 🚀",
  "first line\nsecond line\n  indented third",
  "ends with a semicolon;",
];

/** A fresh owner under the fixture's home. */
const ownerFor = (f: RuntimeFixture, session = uniqueId("rt")): ResourceOwner => ({
  home: homeIdFor(f.home),
  project: "contract",
  session,
});

const start = async (
  f: RuntimeFixture,
  command = f.echoCommand ?? echoCommand(),
  owner = ownerFor(f),
): Promise<RuntimeHandle> =>
  f.plugin.create({ sessionId: owner.session, owner, cwd: f.cwd, command, env: { AO_CONTRACT: "1" } });

/**
 * Two owners of one session whose runtime names are the same: projects whose
 * short hashes collide. A runtime named by `runtimeNameFor` (or by the session
 * id alone) then meets a same-named runtime that is not its own.
 */
export function collidingOwners(home: string, session = uniqueId("rt")): [ResourceOwner, ResourceOwner] {
  const first: ResourceOwner = { home: homeIdFor(home), project: "contract", session };
  const name = runtimeNameFor(first);
  for (let i = 0; ; i++) {
    const second = { ...first, project: `contract-${i}` };
    if (runtimeNameFor(second) === name) return [first, second];
  }
}

/** The runtime contract's checks (each gets a fresh fixture). */
export const runtimeChecks: Check<RuntimeFixture>[] = [
  {
    name: "has the runtime slot and a name",
    async run(f) {
      expectPluginShape(f.plugin, "runtime");
    },
  },
  {
    name: "create starts a live process; destroy stops it and is idempotent",
    async run(f) {
      const handle = await start(f);
      expect(typeof handle.id).toBe("string");
      expect(handle.id.length).toBeGreaterThan(0);
      expect(JSON.parse(JSON.stringify(handle))).toEqual(handle);
      expect(await f.plugin.isAlive(handle)).toBe(true);
      await f.plugin.destroy(handle);
      expect(await f.plugin.isAlive(handle)).toBe(false);
      await f.plugin.destroy(handle);
    },
  },
  {
    name: "create over a live runtime with the same owner returns it (adoption)",
    async run(f) {
      const owner = ownerFor(f);
      const handle = await start(f, undefined, owner);
      try {
        const again = await start(f, undefined, owner);
        expect(again.id).toBe(handle.id);
        expect(await f.plugin.isAlive(again)).toBe(true);
      } finally {
        await f.plugin.destroy(handle);
      }
    },
  },
  {
    name: "create over a same-named runtime of another owner is refused with RUNTIME_CONFLICT",
    async run(f) {
      const [mine, foreign] = collidingOwners(f.home);
      const theirs = await start(f, undefined, foreign);
      try {
        await expectAoError(start(f, undefined, mine), "RUNTIME_CONFLICT");
        // The foreign runtime is left exactly as it was.
        expect(await f.plugin.isAlive(theirs)).toBe(true);
        if (f.plugin.list) {
          const listed = (await f.plugin.list()).find((h) => h.id === theirs.id);
          expect(listed?.owner).toEqual(foreign);
        }
      } finally {
        await f.plugin.destroy(theirs);
      }
    },
  },
  {
    name: "destroy of a runtime that does not exist is a no-op",
    async run(f) {
      const missing = { id: uniqueId("ao-contract-missing") };
      await f.plugin.destroy(missing);
      expect(await f.plugin.isAlive(missing)).toBe(false);
    },
  },
  {
    name: "sendMessage delivers text literally and submits it exactly once",
    async run(f) {
      const handle = await start(f);
      try {
        const expected: string[] = [];
        for (const message of TRICKY_MESSAGES) {
          await f.plugin.sendMessage(handle, message);
          expected.push(...message.split("\n"));
          // Wait for each message before the next, so a late duplicate cannot hide behind a later one.
          await waitFor(
            async () => echoedLines(await f.plugin.getOutput(handle, 500)).length >= expected.length,
            { timeoutMs: f.outputTimeoutMs ?? 10_000, what: `the echo of ${JSON.stringify(message)}` },
          ).catch(async (error) => {
            const seen = echoedLines(await f.plugin.getOutput(handle, 500));
            throw new Error(`${(error as Error).message}; received so far: ${JSON.stringify(seen)}`);
          });
        }
        // Give a duplicate submission time to show up before comparing.
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(echoedLines(await f.plugin.getOutput(handle, 500))).toEqual(expected);
      } finally {
        await f.plugin.destroy(handle);
      }
    },
  },
  {
    name: "sendMessage to a destroyed runtime rejects with DELIVERY_FAILED",
    async run(f) {
      const handle = await start(f);
      await f.plugin.destroy(handle);
      await expectAoError(f.plugin.sendMessage(handle, "hello?"), "DELIVERY_FAILED");
    },
  },
  {
    name: "getOutput returns text and honours the line count",
    async run(f) {
      const handle = await start(f);
      try {
        await f.plugin.sendMessage(handle, "one\ntwo\nthree");
        await waitFor(async () => echoedLines(await f.plugin.getOutput(handle, 500)).length >= 3, {
          timeoutMs: f.outputTimeoutMs ?? 10_000,
          what: "three echoed lines",
        });
        const last = await f.plugin.getOutput(handle, 1);
        expect(typeof last).toBe("string");
        expect(last.trimEnd().split("\n").length).toBeLessThanOrEqual(1);
        expect(last).not.toMatch(/\u001b\[/);
      } finally {
        await f.plugin.destroy(handle);
      }
    },
  },
  {
    name: "list (when present) includes live runtimes with their owner and drops destroyed ones",
    async run(f, ctx) {
      if (!f.plugin.list) return ctx.skip("the plugin has no list()");
      const owner = ownerFor(f);
      const handle = await start(f, undefined, owner);
      const listed = (await f.plugin.list()).find((h) => h.id === handle.id);
      expect(listed?.owner).toEqual(owner);
      await f.plugin.destroy(handle);
      expect((await f.plugin.list()).map((h) => h.id)).not.toContain(handle.id);
    },
  },
  {
    name: "list (when present) leaves out runtimes of another AO_HOME",
    async run(f, ctx) {
      if (!f.plugin.list) return ctx.skip("the plugin has no list()");
      const elsewhere = { ...ownerFor(f), home: homeIdFor(`${f.home}-elsewhere`) };
      const handle = await start(f, undefined, elsewhere);
      try {
        expect((await f.plugin.list()).map((h) => h.id)).not.toContain(handle.id);
      } finally {
        await f.plugin.destroy(handle);
      }
    },
  },
  {
    name: "workspaceAccess is host, mount or inside; an inside runtime can exec and read the agent's files",
    async run(f) {
      const access = f.plugin.workspaceAccess ?? "host";
      expect(["host", "mount", "inside"]).toContain(access);
      if (access === "inside") {
        expect(typeof f.plugin.exec).toBe("function");
        expect(typeof f.plugin.agentFiles).toBe("function");
      }
    },
  },
  {
    name: "agentFiles (when present) is rooted at the workspace and names a home, without a runtime",
    async run(f, ctx) {
      if (!f.plugin.agentFiles) return ctx.skip("the plugin has no agentFiles()");
      // Called before create and after a restart: it may not depend on a live runtime.
      const files = f.plugin.agentFiles(ownerFor(f), f.cwd);
      expect(files.root).toBe(f.cwd);
      expect(files.home.length).toBeGreaterThan(0);
      expect(await files.read("ao-contract-no-such-file")).toBeNull();
    },
  },
  {
    name: "exec (when present) runs a command next to the agent",
    async run(f, ctx) {
      if (!f.plugin.exec) return ctx.skip("the plugin has no exec()");
      const handle = await start(f);
      try {
        const result = await f.plugin.exec(handle, ["echo", "ao-contract-exec"]);
        expect(result.exitCode).toBe(0);
        expect(result.stdout).toContain("ao-contract-exec");
        expect(typeof result.stderr).toBe("string");
      } finally {
        await f.plugin.destroy(handle);
      }
    },
  },
  {
    name: "attachInfo (when present) describes how to attach",
    async run(f, ctx) {
      if (!f.plugin.attachInfo) return ctx.skip("the plugin has no attachInfo()");
      const handle = await start(f);
      try {
        const info = f.plugin.attachInfo(handle);
        expect(["tmux", "command", "url"]).toContain(info.type);
        if (info.type === "tmux") expect(info.target.length).toBeGreaterThan(0);
        if (info.type === "command") expect(info.argv.length).toBeGreaterThan(0);
        if (info.type === "url") expect(() => new URL(info.url)).not.toThrow();
      } finally {
        await f.plugin.destroy(handle);
      }
    },
  },
  // The attach checks get the echo program through the same fixture.
  ...runtimeAttachChecks.map(
    (check): Check<RuntimeFixture> => ({
      name: check.name,
      run: (f, ctx) => check.run({ ...f, start: () => start(f) }, ctx),
    }),
  ),
];

/**
 * Register the runtime contract: `runtimeContract({ setup: async () => ({ plugin, home, cwd, cleanup }) })`.
 * The fixture's `echoCommand` (default: this Node running `ECHO_SCRIPT`) plays the agent.
 */
export function runtimeContract(options: ContractOptions<RuntimeFixture>): void {
  registerContract("runtime", options, runtimeChecks);
}
