import { appendFile, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { hostAgentFiles } from "./host-files.js";
import { isTailCursor, readNewLines } from "./jsonl-tail.js";

describe("readNewLines", () => {
  let dir: string;
  let file: string;
  const files = () => hostAgentFiles(dir, dir);
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "ao-tail-"));
    file = join(dir, "t.jsonl");
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("is null for a missing file", async () => {
    expect(await readNewLines(files(), file, null)).toBeNull();
  });

  it("reads whole lines, leaves a torn last line for the next call, and goes on from the cursor", async () => {
    await writeFile(file, '{"n":1}\n{"n":2}\n{"n":');
    const first = await readNewLines(files(), file, null);
    expect(first?.lines).toEqual([{ n: 1 }, { n: 2 }]);
    expect(first?.cursor).toEqual({ file, offset: 16 });
    await appendFile(file, "3}\n");
    const second = await readNewLines(files(), file, first?.cursor ?? null);
    expect(second?.lines).toEqual([{ n: 3 }]);
    expect(second?.more).toBe(false);
  });

  it("skips lines that are not JSON objects, and lines the filter does not want", async () => {
    await writeFile(file, '[1]\nnot json\n"s"\n{"keep":true}\n{"drop":true}\n');
    const read = await readNewLines(files(), file, null, undefined, (t) => !t.includes("drop"));
    expect(read?.lines).toEqual([{ keep: true }]);
  });

  it("reads a backlog in bounded chunks, saying there is more", async () => {
    await writeFile(file, '{"a":1}\n{"b":2}\n{"c":3}\n');
    const first = await readNewLines(files(), file, null, 12);
    expect(first?.lines).toEqual([{ a: 1 }]);
    expect(first?.more).toBe(true);
    const second = await readNewLines(files(), file, first?.cursor ?? null, 12);
    expect(second?.lines).toEqual([{ b: 2 }]);
  });

  it("skips a single line longer than the chunk instead of stalling on it", async () => {
    await writeFile(file, `{"big":"${"x".repeat(40)}"}\n{"n":1}\n`);
    const first = await readNewLines(files(), file, null, 16);
    expect(first?.lines).toEqual([]);
    expect(first?.cursor.offset).toBe(16);
  });

  it("starts over when the file shrank (rewritten), or the cursor names another file", async () => {
    await writeFile(file, '{"n":1}\n{"n":2}\n');
    const first = await readNewLines(files(), file, null);
    await writeFile(file, '{"n":9}\n');
    const again = await readNewLines(files(), file, first?.cursor ?? null);
    expect(again?.restarted).toBe(true);
    expect(again?.lines).toEqual([{ n: 9 }]);
    const other = await readNewLines(files(), file, { file: join(dir, "other.jsonl"), offset: 5 });
    expect(other?.lines).toEqual([{ n: 9 }]);
  });
});

describe("isTailCursor", () => {
  it("accepts only a file and a non-negative integer offset", () => {
    expect(isTailCursor({ file: "/t.jsonl", offset: 0 })).toBe(true);
    for (const bad of [null, "x", {}, { file: "/t", offset: -1 }, { file: "/t", offset: 1.5 }, { offset: 3 }])
      expect(isTailCursor(bad)).toBe(false);
  });
});
