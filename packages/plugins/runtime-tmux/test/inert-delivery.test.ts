import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { homeIdFor, inertText } from "@ao/core";
import { echoCommand, echoedLines } from "@ao/plugin-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skipWithout, toolAvailable } from "@ao/testkit";
import tmuxRuntime from "../src/index.js";
import { host, killServer, makeTemp, testSocket, waitFor } from "./helpers.js";

const RAW = fileURLToPath(new URL("./fixtures/raw-hex.mjs", import.meta.url));
const socket = testSocket();
let temp: { path: string; cleanup: () => Promise<void> };
let runtime: ReturnType<typeof tmuxRuntime>;
let n = 0;

/** Outside text carrying every key a terminal acts on: interrupt, suspend, kill-line, EOF, NUL, escapes. */
const HOSTILE =
  "CI says\u0003 interrupted\u001a suspended\u0015 killed line\u0004 eof\u0000 nul " +
  "\u001b[201~ paste ended \u001b[31mred\u001b[0m \u001b]0;title\u0007 \u009b201~ c1 \u007f del";

beforeAll(async () => {
  temp = await makeTemp();
  runtime = tmuxRuntime({ socket, width: 200, height: 30, confirmTimeoutMs: 1500 });
  await runtime.setup?.(host(temp.path));
});

afterAll(async () => {
  killServer(socket);
  await temp.cleanup();
});

function start(command: string[], env: Record<string, string> = {}) {
  n += 1;
  const session = `inert-${n}`;
  const owner = { home: homeIdFor(temp.path), project: "p", session };
  // The whole environment is the one given (started under env -i): keep PATH so the program is found.
  return runtime.create({
    sessionId: session,
    owner,
    cwd: temp.path,
    command,
    env: { PATH: process.env.PATH ?? "", ...env },
  });
}

// Skipped only without tmux, saying so; under AO_TEST_FULL=1 skipWithout fails the suite instead.
describe.skipIf(skipWithout("tmux", () => toolAvailable("tmux")))("delivery of outside text is inert", () => {
  it("a line-mode reader gets the text without control bytes and survives ^C, ^Z, ^U, ^D and NUL", async () => {
    const handle = await start(echoCommand());
    await runtime.sendMessage(handle, HOSTILE);
    await runtime.sendMessage(handle, `second line\u0003\nthird\u0004`);
    const lines = await waitFor(async () => {
      const seen = echoedLines(await runtime.getOutput(handle, 200));
      return seen.length >= 3 ? seen : undefined;
    });
    expect(lines).toEqual([inertText(HOSTILE), "second line", "third"]);
    for (const line of lines) expect(line).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
    expect(await runtime.isAlive(handle)).toBe(true);
    await runtime.destroy(handle);
  });

  it("a raw-mode reader with bracketed paste receives no control byte and one whole paste", async () => {
    const out = join(temp.path, "raw.out");
    const handle = await start(["node", RAW], { AO_TEST_OUT: out });
    await waitFor(async () => ((await runtime.getOutput(handle, 5)).includes("raw>") ? true : undefined));
    // A newline makes the runtime paste rather than type, so the paste brackets are in play.
    await runtime.sendMessage(handle, `${HOSTILE}\nnext line \u001b[201~\u0003 after`);
    const bytes = Buffer.from((await readFile(out, "utf8")).replace(/\n/g, ""), "hex");
    const text = bytes.toString("latin1");
    const START = "\x1b[200~";
    const END = "\x1b[201~";
    // Exactly the brackets tmux adds: the text cannot end the paste early.
    expect(text.split(START).length - 1).toBe(1);
    expect(text.split(END).length - 1).toBe(1);
    expect(text.indexOf(START)).toBeLessThan(text.indexOf(END));
    const inside = text.slice(text.indexOf(START) + START.length, text.indexOf(END));
    // tmux turns the pasted newline into CR; nothing else below 0x20 may arrive.
    expect(inside).not.toMatch(/[\x00-\x08\x0a-\x0c\x0e-\x1f\x7f-\x9f]/);
    expect(Buffer.from(inside, "latin1").toString("utf8")).toBe(
      inertText(`${HOSTILE}\nnext line \u001b[201~\u0003 after`).replace(/\n/g, "\r"),
    );
    // After the paste only the runtime's own Enter (CR) arrives.
    expect(text.slice(text.indexOf(END) + END.length)).toBe("\r");
    expect(await runtime.isAlive(handle)).toBe(true);
    await runtime.destroy(handle);
  });
});
