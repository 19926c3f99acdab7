import type { AttachStream, RuntimeHandle, RuntimePlugin, TerminalSize } from "@ao/core";
import { expect } from "vitest";
import type { Check, FixtureBase } from "../check.js";
import { echoLine } from "../echo-program.js";
import { expectAoError } from "../expect-ao-error.js";
import { waitFor } from "../wait-for.js";

/** What the attach checks need of a runtime fixture (see `RuntimeFixture`). */
export interface AttachFixture extends FixtureBase {
  plugin: RuntimePlugin;
  /** Start the fixture's echo program; the check destroys it. */
  start(): Promise<RuntimeHandle>;
  /** The terminal size the runtime gives the program now, to check `resize` (when the runtime can tell). */
  terminalSize?(handle: RuntimeHandle): Promise<TerminalSize>;
  /** How many attach resources (processes, clients) are live on the runtime's side, to check nothing leaks. */
  attachResources?(): Promise<number>;
  outputTimeoutMs?: number;
}

/** A viewer that keeps everything it was sent, as text for matching. */
function collect(stream: AttachStream): { text(): string } {
  const chunks: Uint8Array[] = [];
  stream.onData((chunk) => chunks.push(chunk));
  return { text: () => Buffer.concat(chunks).toString("utf8") };
}

const SIZE = { cols: 100, rows: 30 };

async function withRuntime(f: AttachFixture, body: (handle: RuntimeHandle) => Promise<void>): Promise<void> {
  const handle = await f.start();
  try {
    await body(handle);
  } finally {
    await f.plugin.destroy(handle);
  }
}

/** The attach checks of the runtime contract; each skips when the runtime has no `attach`. */
export const runtimeAttachChecks: Check<AttachFixture>[] = [
  {
    name: "attach (when present): a new viewer sees the current screen, then typed input reaches the program",
    async run(f, ctx) {
      const attach = f.plugin.attach?.bind(f.plugin);
      if (!attach) return ctx.skip("the plugin has no attach()");
      const timeoutMs = f.outputTimeoutMs ?? 10_000;
      await withRuntime(f, async (handle) => {
        await f.plugin.sendMessage(handle, "before the viewer");
        await waitFor(
          async () => (await f.plugin.getOutput(handle)).includes(echoLine("before the viewer")),
          {
            timeoutMs,
            what: "the first message's echo",
          },
        );
        const stream = await attach(handle, SIZE);
        try {
          const seen = collect(stream);
          await waitFor(() => seen.text().includes(echoLine("before the viewer")), {
            timeoutMs,
            what: "the current screen in the first chunk",
          });
          await stream.write("typed by a viewer\r");
          await waitFor(() => seen.text().includes(echoLine("typed by a viewer")), {
            timeoutMs,
            what: "the program's answer to typed input",
          });
          expect(await f.plugin.getOutput(handle)).toContain(echoLine("typed by a viewer"));
        } finally {
          await stream.close();
        }
        expect(await stream.closed).toEqual({ reason: "closed" });
      });
    },
  },
  {
    name: "attach (when present): several viewers at once; closing one leaves the others",
    async run(f, ctx) {
      const attach = f.plugin.attach?.bind(f.plugin);
      if (!attach) return ctx.skip("the plugin has no attach()");
      const timeoutMs = f.outputTimeoutMs ?? 10_000;
      await withRuntime(f, async (handle) => {
        const [a, b] = await Promise.all([attach(handle, SIZE), attach(handle, SIZE)]);
        try {
          const seenA = collect(a);
          const seenB = collect(b);
          await f.plugin.sendMessage(handle, "for both viewers");
          for (const seen of [seenA, seenB]) {
            await waitFor(() => seen.text().includes(echoLine("for both viewers")), {
              timeoutMs,
              what: "output in each viewer",
            });
          }
          await a.close();
          await f.plugin.sendMessage(handle, "after one closed");
          await waitFor(() => seenB.text().includes(echoLine("after one closed")), {
            timeoutMs,
            what: "output in the open viewer",
          });
          expect(seenA.text()).not.toContain(echoLine("after one closed"));
        } finally {
          await Promise.all([a.close(), b.close()]);
        }
      });
    },
  },
  {
    name: "attach (when present): resize is applied; malformed sizes are ignored",
    async run(f, ctx) {
      const attach = f.plugin.attach?.bind(f.plugin);
      if (!attach) return ctx.skip("the plugin has no attach()");
      await withRuntime(f, async (handle) => {
        const stream = await attach(handle, SIZE);
        try {
          await stream.resize({ cols: 90, rows: 33 });
          if (f.terminalSize) expect(await f.terminalSize(handle)).toEqual({ cols: 90, rows: 33 });
          for (const bad of [
            { cols: 0, rows: 10 },
            { cols: 10.5, rows: 10 },
            { cols: -1, rows: 1e9 },
          ]) {
            await stream.resize(bad);
          }
          if (f.terminalSize) expect(await f.terminalSize(handle)).toEqual({ cols: 90, rows: 33 });
        } finally {
          await stream.close();
        }
      });
    },
  },
  {
    name: "attach (when present): close frees everything, and destroying the runtime ends open viewers",
    async run(f, ctx) {
      const attach = f.plugin.attach?.bind(f.plugin);
      if (!attach) return ctx.skip("the plugin has no attach()");
      const before = (await f.attachResources?.()) ?? 0;
      const handle = await f.start();
      try {
        const closing = await attach(handle, SIZE);
        if (f.attachResources) expect(await f.attachResources()).toBe(before + 1);
        await closing.close();
        await closing.close();
        expect(await closing.closed).toEqual({ reason: "closed" });
        if (f.attachResources) expect(await f.attachResources()).toBe(before);
        const open = await attach(handle, SIZE);
        await f.plugin.destroy(handle);
        expect((await open.closed).reason).toBe("ended");
        if (f.attachResources) expect(await f.attachResources()).toBe(before);
        // Writing to an ended view is a no-op, not a crash.
        await open.write("too late\r");
      } finally {
        await f.plugin.destroy(handle);
      }
      await expectAoError(attach(handle, SIZE), "CANNOT_ATTACH");
    },
  },
];
