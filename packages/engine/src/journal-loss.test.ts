import { mkdir, mkdtemp, readFile, rm, truncate, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSession, DEFAULT_REACTION_RULES, type Logger } from "@ao/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Journal } from "./journal.js";
import { readJournalState } from "./journal-load.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "ao-journal-loss-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const session = (id: string) =>
  createSession({ id, project: "p", issue: id, branch: `ao/${id}`, rules: DEFAULT_REACTION_RULES, at: 1 });

function recordingLog(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, debug() {}, info() {}, error() {}, warn: (m) => void warnings.push(m) };
}

/** A journal with sessions p-1..p-n, closed; with a snapshot after the first `snapAfter` sessions. */
async function seed(n: number, snapAfter?: number): Promise<void> {
  const j = await Journal.open({ dir, snapshotEvery: 0 });
  for (let i = 1; i <= n; i++) {
    await j.commit({ at: i, kind: "session", session: session(`p-${i}`) });
    if (i === snapAfter) await j.writeSnapshot();
  }
  await j.close();
}

const lines = async () => (await readFile(join(dir, "journal.jsonl"), "utf8")).trimEnd().split("\n");

describe("a damaged journal is never empty", () => {
  it("refuses a journal deleted while its snapshot exists, then continues from the snapshot once accepted", async () => {
    await seed(3, 3);
    await unlink(join(dir, "journal.jsonl"));
    await expect(Journal.open({ dir })).rejects.toMatchObject({
      code: "JOURNAL_DAMAGED",
      hint: expect.stringContaining("AO_ACCEPT_JOURNAL_LOSS=") as unknown,
    });
    // The CLI's read path says so too, rather than "no sessions".
    expect((await readJournalState(dir)).loss?.problem).toMatch(/missing or empty while snapshot/);
    // Refusing changed nothing: it refuses again.
    await expect(Journal.open({ dir })).rejects.toMatchObject({ code: "JOURNAL_DAMAGED" });

    const log = recordingLog();
    const j = await Journal.open({ dir, acceptLoss: true, log });
    expect([...j.fold.sessions.keys()]).toEqual(["p-1", "p-2", "p-3"]);
    expect(log.warnings.join()).toMatch(/accepted lost records/);
    await j.commit({ at: 9, kind: "session", session: session("p-4") });
    await j.close();
    const records = (await lines()).map((l) => JSON.parse(l));
    expect(records[0]).toMatchObject({ seq: 4, kind: "journal_loss", missing: [[4, null]] });
    expect(records[1]).toMatchObject({ seq: 5, kind: "session" });

    // Accepted once is enough: later opens (and the CLI) see a whole journal.
    const k = await Journal.open({ dir });
    expect([...k.fold.sessions.keys()]).toEqual(["p-1", "p-2", "p-3", "p-4"]);
    await k.close();
    expect((await readJournalState(dir)).loss).toBeNull();
  });

  it("refuses a journal cut shorter than its snapshot says", async () => {
    await seed(4, 4);
    const first = (await lines())[0] as string;
    await truncate(join(dir, "journal.jsonl"), first.length + 1);
    await expect(Journal.open({ dir })).rejects.toMatchObject({
      code: "JOURNAL_DAMAGED",
      message: expect.stringMatching(/after seq 4 may be lost/) as unknown,
    });
  });

  it("refuses a jump in seq after the snapshot and names the missing records", async () => {
    await seed(5);
    const all = await lines();
    all.splice(2, 2); // records 3 and 4 are gone
    await writeFile(join(dir, "journal.jsonl"), `${all.join("\n")}\n`);
    await expect(Journal.open({ dir })).rejects.toMatchObject({
      code: "JOURNAL_DAMAGED",
      message: expect.stringMatching(/records 3–4 are missing/) as unknown,
    });
    expect((await readJournalState(dir)).loss?.missing).toEqual([[3, 4]]);

    const j = await Journal.open({ dir, acceptLoss: true });
    expect([...j.fold.sessions.keys()]).toEqual(["p-1", "p-2", "p-5"]);
    await j.close();
    // The journal_loss record acknowledges exactly that gap, even when replayed without a snapshot.
    await rm(join(dir, "snapshot.json"));
    const k = await Journal.open({ dir });
    expect(k.lastSeq).toBe(6);
    await k.close();
  });

  it("refuses an unreadable line in the middle, which hides a record", async () => {
    await seed(3);
    const all = await lines();
    all[1] = "{not json";
    await writeFile(join(dir, "journal.jsonl"), `${all.join("\n")}\n`);
    await expect(Journal.open({ dir })).rejects.toMatchObject({ code: "JOURNAL_DAMAGED" });
  });

  it("refuses a missing journal when sessions were spawned in the project", async () => {
    await seed(1);
    await mkdir(join(dir, "sessions", "p-1"), { recursive: true });
    await unlink(join(dir, "journal.jsonl"));
    await expect(Journal.open({ dir })).rejects.toMatchObject({ code: "JOURNAL_DAMAGED" });
  });

  it("still truncates a torn last line without refusing (an interrupted write, not a loss)", async () => {
    await seed(2);
    await writeFile(join(dir, "journal.jsonl"), `${(await lines()).join("\n")}\n{"seq":3,"at`);
    const j = await Journal.open({ dir });
    expect(j.fold.sessions.size).toBe(2);
    await j.close();
  });

  it("opens a brand-new project as empty", async () => {
    const j = await Journal.open({ dir });
    expect(j.fold.sessions.size).toBe(0);
    await j.close();
  });
});
