import { constants } from "node:fs";
import { type FileHandle, mkdir, open, readFile, rename, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { errors, type Logger } from "@ao/core";
import type { JournalRecord } from "./api.js";
import { JournalFold, type RecordInput } from "./fold.js";
import {
  foldJournal,
  hasSessionDirs,
  JOURNAL_FILE,
  type JournalLoss,
  parseLines,
  readSnapshot,
  SNAPSHOT_FILE,
  type SnapshotFile,
} from "./journal-load.js";
import { acquireLock, unlock } from "@ao/file-lock";

export { JOURNAL_FILE, SNAPSHOT_FILE } from "./journal-load.js";
export const JOURNAL_LOCK = "journal.lock";

export interface JournalOptions {
  /** `$home/projects/<projectId>` */
  dir: string;
  /** The project id, for messages (default: the directory's name). */
  project?: string;
  log?: Logger;
  /** Masks secrets in each serialized line (see redact.ts). */
  redact?: (line: string) => string;
  /** Write `snapshot.json` after this many appended records (default 1000; 0 = never on its own). */
  snapshotEvery?: number;
  /**
   * Continue from what survives when records are lost (journaling a
   * `journal_loss` record) instead of refusing with JOURNAL_DAMAGED.
   */
  acceptLoss?: boolean;
  /** Clock for the records the journal writes itself (default Date.now). */
  now?: () => number;
}

/** Writes `length` bytes of `buf` from `offset` to the journal; returns how many were written. */
export type JournalWrite = (fh: FileHandle, buf: Buffer, offset: number, length: number) => Promise<number>;

interface Pending {
  input: RecordInput;
  /** Apply to the fold once written (commit), or only write (append). */
  fold: boolean;
  resolve: (record: JournalRecord) => void;
  reject: (error: unknown) => void;
}

const realWrite: JournalWrite = async (fh, buf, offset, length) =>
  (await fh.write(buf, offset, length)).bytesWritten;

/**
 * One project's journal: `journal.jsonl` plus `snapshot.json`. Appends are
 * batched (records committed in the same turn share one write and one fsync),
 * each batch written with one write() to an O_APPEND fd under `journal.lock`,
 * so several processes can append without losing or interleaving lines. A
 * record joins the fold only once its batch is fsync'd: a failed write leaves
 * neither bytes nor state behind.
 */
export class Journal {
  /**
   * Test-only: replaces the write of every batch, so tests can inject a short
   * write or ENOSPC into a real file. Null in production.
   */
  static testWrite: JournalWrite | null = null;

  readonly path: string;
  readonly lockPath: string;
  readonly snapshotPath: string;
  readonly project: string;
  fold = new JournalFold();
  /** The highest seq in the file, as far as this process knows. */
  lastSeq = 0;
  private size = 0;
  private queue: Pending[] = [];
  private flushing: Promise<void> | null = null;
  private sinceSnapshot = 0;
  /** A snapshot being written after a drain, if any. */
  private snapshotting: Promise<void> | null = null;
  private fh: FileHandle | null = null;
  /** Set when a failed write could not be cut off again: no more appends until reopened. */
  private broken: string | null = null;
  private takeovers: Array<number | null> = [];
  private listeners = new Set<(record: JournalRecord) => void>();

  private constructor(private readonly options: JournalOptions) {
    this.path = join(options.dir, JOURNAL_FILE);
    this.lockPath = join(options.dir, JOURNAL_LOCK);
    this.snapshotPath = join(options.dir, SNAPSHOT_FILE);
    this.project = options.project ?? basename(options.dir);
  }

  /**
   * Opens (creating) a journal and folds it: snapshot + tail; a torn last line
   * is truncated. Lost records (a missing journal next to its snapshot, a jump
   * in seq) throw JOURNAL_DAMAGED unless `acceptLoss`.
   */
  static async open(options: JournalOptions): Promise<Journal> {
    const journal = new Journal(options);
    await mkdir(options.dir, { recursive: true });
    await journal.load();
    return journal;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private lock() {
    return acquireLock(this.lockPath, {
      onTakeover: (pid) => {
        this.options.log?.warn(`journal: took over a stale lock of pid ${pid}`, { path: this.lockPath });
        this.takeovers.push(pid);
      },
    });
  }

  private async load(): Promise<void> {
    const log = this.options.log;
    const { snap, unreadable } = await readSnapshot(this.options.dir);
    if (unreadable) log?.warn("journal: ignoring an unreadable snapshot", { path: this.snapshotPath });
    let loss: JournalLoss | null = null;
    await this.lock();
    try {
      this.fh = await open(this.path, constants.O_CREAT | constants.O_APPEND | constants.O_RDWR, 0o600);
      const { size } = await this.fh.stat();
      const from = snap && snap.offset <= size ? snap.offset : 0;
      const buf = Buffer.alloc(size - from);
      if (buf.length > 0) await this.fh.read(buf, 0, buf.length, from);
      const hadRecords = unreadable || (size === 0 && (await hasSessionDirs(this.options.dir)));
      const loaded = foldJournal({ snap, buf, from, size, hadRecords, ...(log ? { log } : {}) });
      if (loaded.loss && !this.options.acceptLoss) {
        await this.fh.close();
        this.fh = null;
        throw errors.journalDamaged(this.project, loaded.loss.problem);
      }
      loss = loaded.loss;
      this.fold = loaded.fold;
      this.lastSeq = loaded.lastSeq;
      if (loaded.torn) {
        log?.warn("journal: truncated a torn last line (an interrupted write)", {
          path: this.path,
          bytes: buf.length - loaded.goodEnd,
        });
        await this.fh.truncate(from + loaded.goodEnd);
        await this.fh.sync();
      }
      this.size = from + loaded.goodEnd;
      // Count the tail left by earlier processes: short-lived writers (one-shot
      // commands) each append a few records, and must still snapshot in turn.
      this.sinceSnapshot = this.lastSeq - (snap && snap.offset <= size ? snap.seq : 0);
    } finally {
      unlock(this.lockPath);
    }
    if (loss) {
      log?.warn(`journal: accepted lost records of project "${this.project}": ${loss.problem}`);
      await this.append({
        at: this.now(),
        kind: "journal_loss",
        missing: loss.missing,
        problem: loss.problem,
      });
      // A fresh snapshot makes the surviving state the new starting point.
      await this.writeSnapshot();
    }
    this.noteTakeovers();
    // A long tail makes every reader (`ao status`) replay it: start again from here.
    if (!loss && this.snapshotDue()) {
      await this.writeSnapshot().catch((error) =>
        log?.warn("journal: snapshot failed", { error: String(error) }),
      );
    }
  }

  /** Whether enough records were appended since the last snapshot to write a new one. */
  private snapshotDue(): boolean {
    return this.options.snapshotEvery !== 0 && this.sinceSnapshot >= (this.options.snapshotEvery ?? 1000);
  }

  /** Journals the stale journal.lock takeovers seen so far (`lock_takeover` records). */
  private noteTakeovers(): void {
    for (const from of this.takeovers.splice(0)) {
      this.append({
        at: this.now(),
        kind: "lock_takeover",
        lock: "journal.lock",
        from,
        pid: process.pid,
      }).catch(
        () => {}, // best effort: the warning was logged already
      );
    }
  }

  /**
   * Queues a record for writing; it joins the fold once its batch is on disk.
   * Resolves with the record as written; rejects (JOURNAL_WRITE_FAILED) when
   * the write failed, in which case neither the file nor the fold has it.
   */
  commit(input: RecordInput): Promise<JournalRecord> {
    return this.enqueue(input, true);
  }

  /** Queues a record for writing without folding it (appenders that keep no state). */
  append(input: RecordInput): Promise<JournalRecord> {
    return this.enqueue(input, false);
  }

  private enqueue(input: RecordInput, fold: boolean): Promise<JournalRecord> {
    if (!this.fh) return Promise.reject(new Error(`journal ${this.path} is closed`));
    const done = new Promise<JournalRecord>((resolve, reject) =>
      this.queue.push({ input, fold, resolve, reject }),
    );
    if (!this.flushing) this.flushing = new Promise((r) => setImmediate(r)).then(() => this.drain());
    return done;
  }

  /** Resolves when every queued record is on disk. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0);
        let written: JournalRecord[];
        try {
          written = await this.writeBatch(batch.map((p) => p.input));
        } catch (error) {
          for (const p of batch) p.reject(error);
          continue;
        }
        // Only now, with the batch fsync'd, do its records become state.
        for (const p of batch) if (p.fold) this.fold.apply(p.input);
        for (const [i, p] of batch.entries()) p.resolve(written[i] as JournalRecord);
        for (const record of written) for (const l of this.listeners) l(record);
        this.noteTakeovers();
      }
    } finally {
      this.flushing = null;
    }
    if (this.snapshotDue() && !this.snapshotting) {
      // Tracked, so close() waits for it: a snapshot renamed after the next process opened
      // the journal would leave that process replaying a tail it should not have.
      this.snapshotting = this.writeSnapshot()
        .catch((error) => this.options.log?.warn("journal: snapshot failed", { error: String(error) }))
        .finally(() => {
          this.snapshotting = null;
        });
      await this.snapshotting;
    }
  }

  private async writeBatch(inputs: RecordInput[]): Promise<JournalRecord[]> {
    const fh = this.fh;
    if (!fh) throw new Error(`journal ${this.path} is closed`);
    if (this.broken) throw errors.journalWriteFailed(this.path, this.broken);
    await this.lock();
    try {
      await this.catchUp(fh);
      const redact = this.options.redact ?? ((l: string) => l);
      const seqBefore = this.lastSeq;
      const records = inputs.map((input) => ({ seq: ++this.lastSeq, ...input }) as JournalRecord);
      const text = records.map((r) => `${redact(JSON.stringify(r))}\n`).join("");
      const buf = Buffer.from(text, "utf8");
      try {
        const write = Journal.testWrite ?? realWrite;
        let off = 0;
        // One write() for the whole batch; a short write is finished, never interleaved, as we hold the lock.
        while (off < buf.length) off += await write(fh, buf, off, buf.length - off);
        await fh.sync();
      } catch (error) {
        this.lastSeq = seqBefore;
        await this.cutBack(fh);
        throw errors.journalWriteFailed(this.path, (error as Error).message ?? String(error), error);
      }
      this.size += buf.length;
      this.sinceSnapshot += records.length;
      return records.map((r) => JSON.parse(redact(JSON.stringify(r))) as JournalRecord);
    } finally {
      unlock(this.lockPath);
    }
  }

  /** After a failed write: truncate the file back to the end of the last good record. */
  private async cutBack(fh: FileHandle): Promise<void> {
    try {
      await fh.truncate(this.size);
      await fh.sync();
    } catch (error) {
      // A partial line may remain: refuse further appends; the next load truncates it as torn.
      this.broken = `a failed write could not be cut off (${(error as Error).message}); restart ao`;
      this.options.log?.error("journal: could not truncate after a failed write", { path: this.path });
    }
  }

  /** Another process appended since our last write: learn its last seq. */
  private async catchUp(fh: FileHandle): Promise<void> {
    const { size } = await fh.stat();
    if (size === this.size) return;
    const buf = Buffer.alloc(size - this.size);
    await fh.read(buf, 0, buf.length, this.size);
    for (const record of parseLines(buf, this.size)) if (record.seq > this.lastSeq) this.lastSeq = record.seq;
    this.size = size;
  }

  /** Writes `snapshot.json` atomically (temp file, fsync, rename) for the records on disk. */
  async writeSnapshot(): Promise<void> {
    await this.flush();
    const snap: SnapshotFile = { format: 1, seq: this.lastSeq, offset: this.size, state: this.fold.toJSON() };
    const redact = this.options.redact ?? ((l: string) => l);
    const tmp = `${this.snapshotPath}.${process.pid}.tmp`;
    await writeFile(tmp, redact(JSON.stringify(snap)), { mode: 0o600 });
    const fh = await open(tmp, "r+");
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, this.snapshotPath);
    this.sinceSnapshot = 0;
  }

  /** Called with every record once it is on disk (the SSE stream). */
  onRecord(listener: (record: JournalRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    await this.flush();
    await this.snapshotting;
    const fh = this.fh;
    this.fh = null;
    await fh?.close();
  }
}

/** Reads every complete record of a journal without locking or folding (`ao events`). */
export async function readJournal(dir: string): Promise<JournalRecord[]> {
  try {
    return parseLines(await readFile(join(dir, JOURNAL_FILE)), 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}

/** Where a project's journal lives: `$home/projects/<projectId>`. */
export function journalDir(home: string, projectId: string): string {
  return join(home, "projects", projectId);
}
