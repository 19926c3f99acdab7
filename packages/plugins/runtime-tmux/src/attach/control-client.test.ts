import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ControlClient } from "./control-client.js";

// A stand-in for tmux's control mode speaking its block protocol, for what a real server does
// only sometimes: a hook's block (flag 0) after the attach's, or the attach refused. Every
// command read from stdin is answered in a flag-1 block, as tmux does.
const FAKE_TMUX = `#!/usr/bin/env node
const out = (s) => process.stdout.write(s);
if (process.env.FAKE_TMUX === "refused") {
  out("%begin 1 1 0\\ncan't find session: gone\\n%error 1 1 0\\n%exit\\n");
  process.exit(0);
}
out("%begin 1 1 0\\n%end 1 1 0\\n%session-changed $0 s\\n");
out("%begin 1 2 0\\nfrom-a-hook\\n%end 1 2 0\\n");
let n = 10, rest = "";
process.stdin.on("data", (d) => {
  rest += d;
  for (let nl = rest.indexOf("\\n"); nl >= 0; nl = rest.indexOf("\\n")) {
    n += 1;
    out("%begin 1 " + n + " 1\\nanswer:" + rest.slice(0, nl) + "\\n%end 1 " + n + " 1\\n");
    rest = rest.slice(nl + 1);
  }
});
process.stdin.on("end", () => { out("%exit\\n"); process.exit(0); });
`;

let dir: string;
const savedPath = process.env.PATH;

describe("tmux control client", () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "ao-fake-tmux-"));
    await writeFile(join(dir, "tmux"), FAKE_TMUX);
    await chmod(join(dir, "tmux"), 0o755);
    process.env.PATH = `${dir}${delimiter}${savedPath ?? ""}`;
  });
  afterAll(async () => {
    process.env.PATH = savedPath;
    delete process.env.FAKE_TMUX;
    await rm(dir, { recursive: true, force: true });
  });

  it("answers each command with its own block: the attach's and a hook's (flag 0) are not taken for one", async () => {
    process.env.FAKE_TMUX = "hook";
    const exits: Array<[string, boolean]> = [];
    const client = new ControlClient([], "s", { output() {}, exit: (r, a) => exits.push([r, a]) });
    // Asked before the attach is answered: written once it is, and still matched to its own block.
    const [first, second] = await Promise.all([client.command("one"), client.command("two")]);
    expect(first).toEqual(["answer:one"]);
    expect(second).toEqual(["answer:two"]);
    expect(await client.command("three")).toEqual(["answer:three"]);
    await client.close();
    expect(exits).toEqual([[expect.any(String), true]]);
  });

  it("a refused attach rejects the waiting commands with tmux's reason and reports it was never attached", async () => {
    process.env.FAKE_TMUX = "refused";
    const exits: Array<[string, boolean]> = [];
    const client = new ControlClient([], "gone", { output() {}, exit: (r, a) => exits.push([r, a]) });
    await expect(client.command("display-message -p x")).rejects.toThrow(/can't find session: gone/);
    await client.done;
    expect(exits).toEqual([["can't find session: gone", false]]);
  });
});
