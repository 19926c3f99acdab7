import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSession, DEFAULT_REACTION_RULES } from "@ao/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Journal, type JournalWrite } from "./journal.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "ao-journal-write-"));
});
afterEach(async () => {
  Journal.testWrite = null;
  await rm(dir, { recursive: true, force: true });
});

const session = (id: string) =>
  createSession({ id, project: "p", issue: id, branch: `ao/${id}`, rules: DEFAULT_REACTION_RULES, at: 1 });

/** Writes the first 20 bytes of the next batch for real, then fails like a full disk. */
function failNextWriteAfter20Bytes(): void {
  const write: JournalWrite = async (fh, buf, offset) => {
    Journal.testWrite = null;
    await fh.write(buf, offset, 20);
    throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
  };
  Journal.testWrite = write;
}

describe("write, then fold", () => {
  it("a failed write is cut off the file, rejects with JOURNAL_WRITE_FAILED and leaves the fold untouched", async () => {
    const j = await Journal.open({ dir });
    await j.commit({ at: 1, kind: "session", session: session("p-1") });
    const good = (await stat(j.path)).size;

    failNextWriteAfter20Bytes();
    const failed = j.commit({ at: 2, kind: "session", session: session("p-2") });
    // Not folded while the write is in flight either.
    expect(j.fold.sessions.has("p-2")).toBe(false);
    await expect(failed).rejects.toMatchObject({
      code: "JOURNAL_WRITE_FAILED",
      message: expect.stringMatching(/no space left.*Nothing of this command was recorded/) as unknown,
      hint: expect.stringMatching(/Free disk space/) as unknown,
    });
    expect((await stat(j.path)).size).toBe(good);
    expect([...j.fold.sessions.keys()]).toEqual(["p-1"]);

    // The journal goes on: the next record gets the next seq, and a reopen folds the same state.
    const again = await j.commit({ at: 3, kind: "session", session: session("p-2") });
    expect(again.seq).toBe(2);
    await j.close();
    const text = await readFile(j.path, "utf8");
    expect(
      text
        .trimEnd()
        .split("\n")
        .map((l) => JSON.parse(l).seq),
    ).toEqual([1, 2]);
    const k = await Journal.open({ dir });
    expect([...k.fold.sessions.keys()]).toEqual(["p-1", "p-2"]);
    await k.close();
  });

  it("fails every record of the failed batch and none of the next batch", async () => {
    const j = await Journal.open({ dir });
    failNextWriteAfter20Bytes();
    const a = j.commit({ at: 1, kind: "session", session: session("p-1") });
    const b = j.commit({ at: 1, kind: "delivery", id: "d-1" });
    await expect(a).rejects.toMatchObject({ code: "JOURNAL_WRITE_FAILED" });
    await expect(b).rejects.toMatchObject({ code: "JOURNAL_WRITE_FAILED" });
    expect(j.fold.deliveries.size).toBe(0);
    await j.commit({ at: 2, kind: "delivery", id: "d-1" });
    expect(j.fold.deliveries.has("d-1")).toBe(true);
    await j.close();
    expect((await readFile(j.path, "utf8")).trimEnd().split("\n")).toHaveLength(1);
  });
});

describe("journal.lock", () => {
  it("a stale lock of a dead process is taken over and journaled as a lock_takeover record", async () => {
    const dead = spawnSync(process.execPath, ["-e", "0"]).pid as number;
    await writeFile(join(dir, "journal.lock"), `${dead}\n`);
    const j = await Journal.open({ dir });
    await j.flush();
    await j.close();
    const records = (await readFile(j.path, "utf8"))
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(records).toMatchObject([
      { kind: "lock_takeover", lock: "journal.lock", from: dead, pid: process.pid },
    ]);
  });
});
