import { spawnSync } from "node:child_process";
import { chmod, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { AttachInfo } from "@ao/core";
import { expectAoError, terminalContract } from "@ao/plugin-kit";
import { tempDir } from "@ao/testkit";
import { describe, expect, it } from "vitest";
import terminal, { iTermAction } from "../src/index.js";

// Real iTerm2 is not exercised here (no macOS in CI): the script is checked by parsing it,
// and the shell command inside it by running it.
terminalContract({
  name: "@ao/terminal-iterm2",
  async setup() {
    return {
      plugin: terminal(),
      info: { type: "tmux", target: "ao-demo-1", socket: "ao-test" },
      unsupported: { type: "url", url: "http://127.0.0.1:4300/sessions/demo-1" },
      kind: "applescript",
      unavailable: process.platform !== "darwin",
    };
  },
});

/** Read an AppleScript string literal starting at `at` (a `"`): its value and where it ends. */
function readLiteral(script: string, at: number): { value: string; end: number } {
  const escapes: Record<string, string> = { "\\": "\\", '"': '"', n: "\n", r: "\r", t: "\t" };
  let value = "";
  for (let i = at + 1; i < script.length; i++) {
    const ch = script[i] as string;
    if (ch === '"') return { value, end: i + 1 };
    if (ch === "\n") throw new Error(`a raw line break inside a literal at ${i}`);
    if (ch === "\\") {
      const next = script[i + 1] as string;
      const meaning = escapes[next];
      if (meaning === undefined) throw new Error(`an unknown escape \\${next} at ${i}`);
      value += meaning;
      i++;
    } else value += ch;
  }
  throw new Error("an unterminated literal");
}

/** The script with each literal replaced by `"…"`, and the literals' values in order. */
function parseScript(script: string): { skeleton: string; literals: string[] } {
  let skeleton = "";
  const literals: string[] = [];
  for (let i = 0; i < script.length; ) {
    if (script[i] === '"') {
      const { value, end } = readLiteral(script, i);
      literals.push(value);
      skeleton += '"…"';
      i = end;
    } else skeleton += script[i++];
  }
  return { skeleton, literals };
}

const HOSTILE = [
  `quote " and backslash \\ and \\" together`,
  "single ' quote and $(touch pwned) `touch pwned2` $HOME ; & | > *",
  "line one\nline two",
  "tab\there",
  "ünïcödé 日本 🚀",
  "-starts-with-dash",
];

const TAB_SKELETON = [
  'tell application "…"',
  "  activate",
  "  if (count of windows) is 0 then",
  "    set target to (create window with default profile)",
  "  else",
  "    tell current window to set target to (create tab with default profile)",
  "  end if",
  '  tell current session of target to write text "…"',
  "end tell",
  "",
].join("\n");

describe("@ao/terminal-iterm2", () => {
  it("refuses with a hint off macOS", async () => {
    const error = await expectAoError(
      async () =>
        iTermAction({ tmux: "tmux", mode: "tab", profile: "" }, { type: "tmux", target: "s" }, "linux"),
      "CANNOT_ATTACH",
    );
    expect(error.message).toMatch(/macOS/);
    expect((error as { hint?: string }).hint).toMatch(/terminal: "tmux"/);
  });

  it("escapes every value for AppleScript, and the script keeps its shape whatever the values", async () => {
    for (const hostile of HOSTILE) {
      const info: AttachInfo = { type: "tmux", target: hostile, socket: hostile };
      const action = iTermAction({ tmux: hostile, mode: "tab", profile: "" }, info, "darwin");
      if (action.kind !== "applescript") throw new Error("expected AppleScript");
      const { skeleton, literals } = parseScript(action.script);
      expect(skeleton).toBe(TAB_SKELETON);
      expect(literals[0]).toBe("iTerm2");
    }
    const windowed = iTermAction(
      { tmux: "tmux", mode: "window", profile: HOSTILE[0] as string },
      { type: "tmux", target: "s" },
      "darwin",
    );
    if (windowed.kind !== "applescript") throw new Error("expected AppleScript");
    const { skeleton, literals } = parseScript(windowed.script);
    expect(skeleton).toContain('set target to (create window with profile "…")');
    expect(literals[1]).toBe(HOSTILE[0]);
  });

  it("the shell command inside runs exactly the attach argv, with hostile values as single words", async () => {
    const dir = await tempDir("ao-iterm2-");
    try {
      const record = join(dir.path, "argv.json");
      // The "tmux" the tab would run: a recorder at a path with a space and a quote in it.
      const recorder = join(dir.path, "fake tmux's bin");
      await writeFile(
        recorder,
        `#!${process.execPath}\nrequire("node:fs").writeFileSync(${JSON.stringify(record)}, JSON.stringify(process.argv.slice(2)));\n`,
      );
      await chmod(recorder, 0o755);
      for (const hostile of HOSTILE) {
        const action = iTermAction(
          { tmux: recorder, mode: "tab", profile: "" },
          { type: "tmux", target: hostile, socket: hostile },
          "darwin",
        );
        if (action.kind !== "applescript") throw new Error("expected AppleScript");
        const command = parseScript(action.script).literals.at(-1) as string;
        const ran = spawnSync("sh", ["-c", command], { cwd: dir.path, encoding: "utf8" });
        expect(ran.status, ran.stderr).toBe(0);
        expect(JSON.parse(await readFile(record, "utf8"))).toEqual([
          "-L",
          hostile,
          "attach-session",
          "-t",
          `=${hostile}`,
        ]);
      }
      // Nothing in the values ran as shell code.
      expect(spawnSync("ls", [dir.path], { encoding: "utf8" }).stdout).not.toMatch(/pwned/);
    } finally {
      await dir.cleanup();
    }
  });

  it("opens a runtime's own attach command, and refuses control characters it would have to type", async () => {
    const action = iTermAction(
      { tmux: "tmux", mode: "tab", profile: "" },
      { type: "command", argv: ["tail", "-f", "/tmp/a b.log"] },
      "darwin",
    );
    if (action.kind !== "applescript") throw new Error("expected AppleScript");
    expect(parseScript(action.script).literals.at(-1)).toBe("'tail' '-f' '/tmp/a b.log'");
    await expectAoError(
      async () =>
        iTermAction(
          { tmux: "tmux", mode: "tab", profile: "" },
          { type: "tmux", target: "s\x1b[2J\x03" },
          "darwin",
        ),
      "CANNOT_ATTACH",
    );
    await expectAoError(
      async () =>
        iTermAction({ tmux: "tmux", mode: "tab", profile: "" }, { type: "url", url: "http://x/" }, "darwin"),
      "CANNOT_ATTACH",
    );
  });

  it("validates its options", () => {
    expect(() => terminal({ mode: "pane" } as never)).toThrow(/mode/);
    expect(() => terminal({ tmuxx: "x" } as never)).toThrow(/tmuxx/);
  });
});
