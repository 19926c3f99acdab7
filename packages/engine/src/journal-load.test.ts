import { mkdtemp, open, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSession, DEFAULT_REACTION_RULES } from "@ao/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Journal } from "./journal.js";
import { readJournalState, type SnapshotFile } from "./journal-load.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "ao-journal-load-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const session = (id: string) =>
  createSession({ id, project: "p", issue: id, branch: `ao/${id}`, rules: DEFAULT_REACTION_RULES, at: 1 });

/** Sessions p-1, p-2 under a snapshot, and p-3 in the tail after it. */
async function seedWithTail(): Promise<{ snap: SnapshotFile; tail: Buffer }> {
  const j = await Journal.open({ dir, snapshotEvery: 0 });
  await j.commit({ at: 1, kind: "session", session: session("p-1") });
  await j.commit({ at: 2, kind: "session", session: session("p-2") });
  await j.writeSnapshot();
  await j.commit({ at: 3, kind: "session", session: session("p-3") });
  await j.close();
  const snap = JSON.parse(await readFile(join(dir, "snapshot.json"), "utf8")) as SnapshotFile;
  const tail = (await readFile(join(dir, "journal.jsonl"))).subarray(snap.offset);
  return { snap, tail };
}

describe("readJournalState (the CLI's read path)", () => {
  it("reads only the tail after the snapshot's offset, whatever lies before it", async () => {
    const { snap, tail } = await seedWithTail();
    // 3 GiB of zeros before the tail (a sparse file: no disk used). Reading the
    // whole file would fail (past Node's largest buffer); the tail is all we need.
    const offset = 3 * 1024 ** 3;
    await rm(join(dir, "journal.jsonl"));
    const fh = await open(join(dir, "journal.jsonl"), "w");
    try {
      await fh.write(tail, 0, tail.length, offset);
    } finally {
      await fh.close();
    }
    await writeFile(join(dir, "snapshot.json"), JSON.stringify({ ...snap, offset }));

    const state = await readJournalState(dir);
    expect(state.loss).toBeNull();
    expect([...state.fold.sessions.keys()]).toEqual(["p-1", "p-2", "p-3"]);
    expect(state.lastSeq).toBe(3);
  });

  it("still reports records lost in the tail after the snapshot", async () => {
    const { snap } = await seedWithTail();
    const lines = (await readFile(join(dir, "journal.jsonl"), "utf8")).trimEnd().split("\n");
    // Seq 3 is replaced by seq 5: records 3 and 4 are gone.
    lines[2] = (lines[2] as string).replace('"seq":3', '"seq":5');
    await writeFile(join(dir, "journal.jsonl"), `${lines.join("\n")}\n`);
    const state = await readJournalState(dir);
    expect(snap.seq).toBe(2);
    expect(state.loss?.missing).toEqual([[3, 4]]);
  });
});
