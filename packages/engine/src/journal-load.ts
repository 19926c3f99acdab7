import { type FileHandle, open, readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "@ao/core";
import type { JournalRecord } from "./api.js";
import { type FoldJSON, JournalFold } from "./fold.js";

export const JOURNAL_FILE = "journal.jsonl";
export const SNAPSHOT_FILE = "snapshot.json";

/** `snapshot.json`: the fold after record `seq`, which ends at byte `offset` of the journal. */
export interface SnapshotFile {
  format: 1;
  /** The last seq the state covers. */
  seq: number;
  /** Byte length of the journal the state covers. */
  offset: number;
  state: FoldJSON;
}

/** Records a journal has lost: the state after them cannot be trusted without a decision. */
export interface JournalLoss {
  /** Seq ranges known lost, `[from, to]`; `to` is null when the end is unknown. */
  missing: Array<[number, number | null]>;
  /** What was found, in words (goes into the error and the `journal_loss` record). */
  problem: string;
}

/**
 * Parses the complete lines of a journal chunk, handing each record to
 * `onRecord` as soon as it is parsed (so replay never holds every record at
 * once), and reports where the good part ends: a partial last line (no
 * newline) or an unparsable last line is torn; an unparsable line in the
 * middle is skipped with a warning (its seq then shows as a gap).
 */
export function scanLines(
  buf: Buffer,
  base: number,
  onRecord: (record: JournalRecord) => void,
  log?: Logger,
): { goodEnd: number; torn: boolean } {
  const lastNl = buf.lastIndexOf(10);
  if (lastNl === -1) return { goodEnd: 0, torn: buf.length > 0 };
  // One decode for the whole chunk: much faster than decoding line by line.
  const text = buf.toString("utf8", 0, lastNl);
  let torn = lastNl + 1 < buf.length;
  let goodEnd = lastNl + 1;
  for (let start = 0, line = 1; start <= text.length; line++) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    if (end > start) {
      let record: JournalRecord | undefined;
      try {
        record = JSON.parse(text.slice(start, end)) as JournalRecord;
      } catch {
        if (end === text.length) {
          torn = true;
          goodEnd = buf.lastIndexOf(10, lastNl - 1) + 1;
        } else {
          log?.warn("journal: skipped an unreadable line", { line, from: base });
        }
      }
      if (record !== undefined) onRecord(record);
    }
    start = end + 1;
  }
  return { goodEnd, torn };
}

/** Every complete record of a chunk, in order. */
export function parseLines(buf: Buffer, base: number, log?: Logger): JournalRecord[] {
  const records: JournalRecord[] = [];
  scanLines(buf, base, (record) => records.push(record), log);
  return records;
}

/** The snapshot of a journal directory; `unreadable` when a file exists but cannot be used. */
export async function readSnapshot(dir: string): Promise<{ snap: SnapshotFile | null; unreadable: boolean }> {
  try {
    const snap = JSON.parse(await readFile(join(dir, SNAPSHOT_FILE), "utf8")) as SnapshotFile;
    const ok = snap?.format === 1 && Number.isInteger(snap.seq) && Number.isInteger(snap.offset);
    return ok ? { snap, unreadable: false } : { snap: null, unreadable: true };
  } catch (error) {
    return { snap: null, unreadable: (error as NodeJS.ErrnoException).code !== "ENOENT" };
  }
}

/** True when sessions were ever spawned here (their prompt directories outlive a lost journal). */
export async function hasSessionDirs(dir: string): Promise<boolean> {
  try {
    return (await readdir(join(dir, "sessions"))).length > 0;
  } catch {
    return false;
  }
}

/** What folding a journal's bytes on top of its snapshot gave. */
export interface FoldedJournal {
  fold: JournalFold;
  lastSeq: number;
  /** End of the last good line, relative to `from`. */
  goodEnd: number;
  torn: boolean;
  loss: JournalLoss | null;
}

/**
 * Folds the journal bytes `buf` (read from byte `from`) on top of `snap`, and
 * says what was lost. Seqs are assigned 1, 2, 3, … under the append lock, so
 * after the snapshot every record must follow the one before: a jump is lost
 * records, unless a later `journal_loss` record already accepted that range.
 * A journal that is missing, empty or shorter than its snapshot says, while a
 * snapshot or session directories show it once had records, lost its tail.
 */
export function foldJournal(input: {
  snap: SnapshotFile | null;
  buf: Buffer;
  from: number;
  /** The journal's whole size on disk (0 when missing). */
  size: number;
  /** Evidence the project had records: an unreadable snapshot, or session directories. */
  hadRecords: boolean;
  log?: Logger;
}): FoldedJournal {
  const { snap, buf, from, size } = input;
  const fold = snap ? JournalFold.fromJSON(snap.state) : new JournalFold();
  const covered = snap?.seq ?? 0;
  let lastSeq = covered;
  const gaps: Array<[number, number]> = [];
  const accepted: Array<{ at: number; range: [number, number | null] }> = [];
  // Folding while scanning lets each parsed line become garbage at once: far less GC on a long replay.
  const { goodEnd, torn } = scanLines(
    buf,
    from,
    (record) => {
      if (record.seq <= covered) return;
      if (record.seq > lastSeq + 1) gaps.push([lastSeq + 1, record.seq - 1]);
      if (record.kind === "journal_loss")
        for (const range of record.missing) accepted.push({ at: record.seq, range });
      fold.apply(record);
      if (record.seq > lastSeq) lastSeq = record.seq;
    },
    input.log,
  );
  const isAccepted = ([a, b]: [number, number]) =>
    accepted.some(({ at, range: [x, y] }) => x <= a && (y === null ? b < at : b <= y));
  const open = gaps.filter((g) => !isAccepted(g));
  let loss: JournalLoss | null = null;
  if (snap && snap.offset > size) {
    loss = {
      missing: [[snap.seq + 1, null]],
      problem:
        size === 0
          ? `journal.jsonl is missing or empty while snapshot.json covers ${snap.seq} records`
          : `journal.jsonl has ${size} bytes but snapshot.json covers ${snap.offset}: records after seq ${snap.seq} may be lost`,
    };
  } else if (!snap && size === 0 && input.hadRecords) {
    loss = {
      missing: [[1, null]],
      problem: "journal.jsonl is missing or empty but this project had sessions",
    };
  } else if (open.length > 0) {
    const list = open.map(([a, b]) => (a === b ? `${a}` : `${a}–${b}`)).join(", ");
    const one = open.length === 1 && open[0]?.[0] === open[0]?.[1];
    loss = {
      missing: open,
      problem: `${one ? "record" : "records"} ${list} ${one ? "is" : "are"} missing (seq jumps over them)`,
    };
  }
  return { fold, lastSeq, goodEnd, torn, loss };
}

/**
 * Reads and folds a project's journal without locking or repairing it (the
 * CLI's read path: `ao status`). Same rules as the engine's load, so a
 * damaged journal is reported, never shown as an empty one. Only the bytes
 * after the snapshot's offset are read, as the engine does: the cost follows
 * the tail, not the journal's whole history.
 */
export async function readJournalState(dir: string): Promise<FoldedJournal> {
  const { snap: found, unreadable } = await readSnapshot(dir);
  let size = 0;
  let from = 0;
  let buf = Buffer.alloc(0);
  let fh: FileHandle | undefined;
  try {
    fh = await open(join(dir, JOURNAL_FILE), "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  if (fh) {
    try {
      size = (await fh.stat()).size;
      // A journal shorter than its snapshot is read whole: foldJournal reports the loss.
      from = found && found.offset <= size ? found.offset : 0;
      buf = Buffer.alloc(size - from);
      // read() may return fewer bytes than asked: loop until the tail is in.
      let got = 0;
      while (got < buf.length) {
        const { bytesRead } = await fh.read(buf, got, buf.length - got, from + got);
        if (bytesRead === 0) break; // cut short while we read: keep what was there
        got += bytesRead;
      }
      buf = buf.subarray(0, got);
    } finally {
      await fh.close();
    }
  }
  return foldJournal({
    snap: found,
    buf,
    from,
    size,
    hadRecords: unreadable || (await hasSessionDirs(dir)),
  });
}
