import { spawnSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { AttachStream, RuntimeHandle } from "@ao/core";
import { skipWithout, toolAvailable } from "@ao/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import tmuxRuntime from "../src/index.js";
import { host, killServer, makeTemp, testSocket, waitFor } from "./helpers.js";

// What a hostile agent prints: colour escapes, a title-setting OSC, invalid UTF-8 and a line that
// looks like the end of a control-mode block.
const HOSTILE = Buffer.concat([
  Buffer.from("\x1b[31mred\x1b[0m \x1b]0;title\x07"),
  Buffer.from([0xe8, 0x81, 0xff]),
  Buffer.from("\n%end 1795915757 292 1\n"),
]);
// The pty turns each newline into CR LF on its way out (onlcr): that is what any terminal receives.
const HOSTILE_SEEN = Buffer.from(HOSTILE.toString("latin1").replace(/\n/g, "\r\n"), "latin1");

// A program in raw mode that records every byte it reads and prints HOSTILE on "!".
const RAW_AGENT = `
const fs = require("node:fs");
process.stdin.setRawMode(true);
process.stdout.write(Buffer.from(${JSON.stringify([...HOSTILE])}));
process.stdout.write("ready\\r\\n");
process.stdin.on("data", (d) => {
  fs.appendFileSync(process.env.RECORD, d);
  if (d.includes(0x21)) process.stdout.write(Buffer.from(${JSON.stringify([...HOSTILE])}));
});
`;

const socket = testSocket();
let temp: { path: string; cleanup: () => Promise<void> };
let runtime: ReturnType<typeof tmuxRuntime>;

const clients = () =>
  (
    spawnSync("tmux", ["-L", socket, "list-clients", "-F", "#{client_control_mode}"], { encoding: "utf8" })
      .stdout ?? ""
  )
    .split("\n")
    .filter((l) => l === "1").length;

function collect(stream: AttachStream): () => Buffer {
  const chunks: Uint8Array[] = [];
  stream.onData((c) => chunks.push(c));
  return () => Buffer.concat(chunks);
}

// Skipped only without tmux, saying so; under AO_TEST_FULL=1 skipWithout fails the suite instead.
describe.skipIf(skipWithout("tmux", () => toolAvailable("tmux")))("tmux attach stream", () => {
  let n = 0;
  let script: string;
  beforeAll(async () => {
    temp = await makeTemp();
    runtime = tmuxRuntime({ socket, width: 100, height: 30 });
    await runtime.setup?.(host(temp.path));
    script = join(temp.path, "raw-agent.cjs");
    await writeFile(script, RAW_AGENT);
    spawnSync("tmux", ["-L", socket, "new-session", "-d", "-s", "keepalive", "sleep", "600"]);
  });
  afterAll(async () => {
    killServer(socket);
    await temp.cleanup();
  });

  async function start(): Promise<{ handle: RuntimeHandle; record: string }> {
    n += 1;
    const record = join(temp.path, `typed-${n}.bin`);
    const owner = { home: "attach-test", project: "p", session: `a-${n}` };
    const handle = await runtime.create({
      sessionId: owner.session,
      owner,
      cwd: temp.path,
      command: [process.execPath, script],
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", RECORD: record },
    });
    await waitFor(async () => ((await runtime.getOutput(handle)).includes("ready") ? true : undefined));
    return { handle, record };
  }

  it("passes the agent's bytes through untouched, escape sequences and invalid UTF-8 included", async () => {
    const { handle } = await start();
    const stream = await runtime.attach!(handle, { cols: 100, rows: 30 });
    try {
      const seen = collect(stream);
      // The first chunk is the screen as it is now: a block-end look-alike is just text in it.
      await waitFor(async () => (seen().includes("%end 1795915757") ? true : undefined));
      await stream.write("!");
      await waitFor(async () => (seen().includes(HOSTILE_SEEN) ? true : undefined));
    } finally {
      await stream.close();
      await runtime.destroy(handle);
    }
  });

  it("types exactly the bytes written: control keys, escapes, quotes and tmux syntax arrive as they are", async () => {
    const { handle, record } = await start();
    const stream = await runtime.attach!(handle, { cols: 100, rows: 30 });
    const typed = Buffer.concat([
      Buffer.from("a;b \\; 'q' \"d\" $(id) `id` Enter C-c #{pane_id} "),
      Buffer.from([0x03, 0x1b, 0x5b, 0x41, 0x7f, 0x09]),
      Buffer.from("héllo 日本"),
      Buffer.from("x".repeat(700)),
    ]);
    try {
      await stream.write(typed);
      await waitFor(async () => {
        const got = await readFile(record).catch(() => Buffer.alloc(0));
        return got.length >= typed.length ? got : undefined;
      }).then((got) => expect(got.equals(typed)).toBe(true));
    } finally {
      await stream.close();
      await runtime.destroy(handle);
    }
  });

  it("ends the view and its tmux client when the session is killed outside ao", async () => {
    const { handle } = await start();
    const before = clients();
    const stream = await runtime.attach!(handle, { cols: 80, rows: 24 });
    expect(clients()).toBe(before + 1);
    spawnSync("tmux", ["-L", socket, "kill-session", "-t", `=${handle.id}`]);
    expect((await stream.closed).reason).toBe("ended");
    expect(clients()).toBe(before);
    await runtime.destroy(handle);
  });

  it("dispose closes every open view", async () => {
    const { handle } = await start();
    const before = clients();
    const views = await Promise.all([1, 2].map(() => runtime.attach!(handle, { cols: 80, rows: 24 })));
    expect(clients()).toBe(before + 2);
    await runtime.dispose?.();
    for (const view of views) expect((await view.closed).reason).toBe("ended");
    expect(clients()).toBe(before);
    await runtime.destroy(handle);
  });
});
