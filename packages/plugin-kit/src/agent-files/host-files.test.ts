import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { hostAgentFiles } from "./host-files.js";

describe("hostAgentFiles", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "ao-files-"));
    await mkdir(join(dir, "ws"));
    await mkdir(join(dir, "home", ".agent"), { recursive: true });
    await writeFile(join(dir, "ws", "a.txt"), "0123456789");
    await writeFile(join(dir, "home", ".agent", "t.jsonl"), "line1\nline2\n");
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("reads a window of a file from an offset, with the whole size", async () => {
    const files = hostAgentFiles(join(dir, "ws"), join(dir, "home"));
    const got = await files.read("a.txt", { offset: 3, maxBytes: 4 });
    expect(got?.data.toString()).toBe("3456");
    expect(got?.size).toBe(10);
    expect((await files.read("a.txt", { offset: 20 }))?.data.length).toBe(0);
  });

  it("resolves ~/ against the home and absolute paths as they are", async () => {
    const files = hostAgentFiles(join(dir, "ws"), join(dir, "home"));
    expect((await files.read("~/.agent/t.jsonl"))?.data.toString()).toBe("line1\nline2\n");
    expect((await files.read(join(dir, "ws", "a.txt")))?.size).toBe(10);
    expect(await files.list("~/.agent")).toEqual(["t.jsonl"]);
    expect(await files.stat("~/.agent")).toMatchObject({ isDirectory: true });
  });

  it("answers null or empty for what does not exist", async () => {
    const files = hostAgentFiles(join(dir, "ws"), join(dir, "home"));
    expect(await files.read("nope.txt")).toBeNull();
    expect(await files.read("a.txt/below")).toBeNull();
    expect(await files.stat("nope")).toBeNull();
    expect(await files.list("nope")).toEqual([]);
  });
});
