import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { AttachStream, RuntimeHandle } from "@ao/core";
import { skipWithout, toolAvailable } from "@ao/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import tmuxRuntime from "../src/index.js";
import { host, killServer, makeTemp, testSocket, waitFor } from "./helpers.js";

// Echoes each line it reads as "got:<line>" and records the raw bytes, so a test sees both
// directions of every viewer: its input arrived, and every viewer received the answer.
const ECHO_AGENT = `
const fs = require("node:fs");
process.stdout.write("ready\\n");
let line = "";
process.stdin.on("data", (d) => {
  fs.appendFileSync(process.env.RECORD, d);
  line += d.toString("utf8");
  for (let nl = line.indexOf("\\n"); nl >= 0; nl = line.indexOf("\\n")) {
    process.stdout.write("got:" + line.slice(0, nl).trim() + "\\n");
    line = line.slice(nl + 1);
  }
});
`;

const socket = testSocket();
let temp: { path: string; cleanup: () => Promise<void> };
let runtime: ReturnType<typeof tmuxRuntime>;

function collect(stream: AttachStream): () => string {
  const chunks: Uint8Array[] = [];
  stream.onData((c) => chunks.push(c));
  return () => Buffer.concat(chunks).toString("utf8");
}

// Skipped only without tmux, saying so; under AO_TEST_FULL=1 skipWithout fails the suite instead.
describe.skipIf(skipWithout("tmux", () => toolAvailable("tmux")))("tmux attach: several viewers", () => {
  let n = 0;
  let script: string;
  beforeAll(async () => {
    temp = await makeTemp();
    runtime = tmuxRuntime({ socket, width: 100, height: 30 });
    await runtime.setup?.(host(temp.path));
    script = join(temp.path, "echo-agent.cjs");
    await writeFile(script, ECHO_AGENT);
  });
  afterAll(async () => {
    await runtime.dispose?.();
    killServer(socket);
    await temp.cleanup();
  });

  async function create(): Promise<{ handle: RuntimeHandle; record: string }> {
    n += 1;
    const record = join(temp.path, `typed-${n}.bin`);
    const owner = { home: "viewers-test", project: "p", session: `v-${n}` };
    const handle = await runtime.create({
      sessionId: owner.session,
      owner,
      cwd: temp.path,
      command: [process.execPath, script],
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", RECORD: record },
    });
    return { handle, record };
  }

  /** Each viewer types its own line; each line arrives once, and every viewer sees every answer. */
  async function talk(views: AttachStream[], record: string, seen = views.map(collect)): Promise<void> {
    for (const [i, view] of views.entries()) await view.write(`hello-${i}\r`);
    const typed = await waitFor(async () => {
      const got = await readFile(record, "utf8").catch(() => "");
      return views.every((_, i) => got.includes(`hello-${i}`)) ? got : undefined;
    });
    for (const i of views.keys()) expect(typed.split(`hello-${i}`).length).toBe(2);
    for (const see of seen)
      await waitFor(async () => (views.every((_, i) => see().includes(`got:hello-${i}`)) ? true : undefined));
  }

  for (const count of [2, 3]) {
    it(`${count} viewers opened at once each see the output and type into the agent`, async () => {
      const { handle, record } = await create();
      await waitFor(async () => ((await runtime.getOutput(handle)).includes("ready") ? true : undefined));
      const views = await Promise.all(
        Array.from({ length: count }, () => runtime.attach!(handle, { cols: 100, rows: 30 })),
      );
      try {
        await talk(views, record);
      } finally {
        await Promise.all(views.map((v) => v.close()));
        await runtime.destroy(handle);
      }
    });

    it(`${count} viewers opened one after another each see the output and type into the agent`, async () => {
      const { handle, record } = await create();
      await waitFor(async () => ((await runtime.getOutput(handle)).includes("ready") ? true : undefined));
      const views: AttachStream[] = [];
      const seen: Array<() => string> = [];
      try {
        for (let i = 0; i < count; i++) {
          const view = await runtime.attach!(handle, { cols: 100 - i, rows: 30 });
          views.push(view);
          seen.push(collect(view));
          // The first chunk is the screen: the newcomer sees what was printed before it came.
          await waitFor(async () => (seen[i]?.().includes("ready") ? true : undefined));
        }
        await talk(views, record, seen);
      } finally {
        await Promise.all(views.map((v) => v.close()));
        await runtime.destroy(handle);
      }
    });
  }

  it("attaches right after the session was created, before the agent printed anything", async () => {
    const { handle, record } = await create();
    const view = await runtime.attach!(handle, { cols: 100, rows: 30 });
    try {
      const seen = collect(view);
      await waitFor(async () => (seen().includes("ready") ? true : undefined));
      await talk([view], record);
    } finally {
      await view.close();
      await runtime.destroy(handle);
    }
  });
});
