import { constants } from "node:fs";
import { type FileHandle, mkdir, open, readFile, rename, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "@ao/core";
import type { JournalRecord } from "./api.js";
import { type FoldJSON, JournalFold, type PendingEffect, type RecordInput } from "./fold.js";
import { acquireLock, unlock } from "./lock.js";

export const JOURNAL_FILE = "journal.jsonl";
export const SNAPSHOT_FILE = "snapshot.json";
export const JOURNAL_LOCK = "journal.lock";

export interface JournalOptions {
  /** `$home/projects/<projectId>` */
  dir: string;
  log?: Logger;
  /** Masks secrets in each serialized line (see redact.ts). */
  redact?: (line: string) => string;
  /** Write `snapshot.json` after this many appended records (default 1000; 0 = never on its own). */
  snapshotEvery?: number;
}

interface SnapshotFile {
  format: 1;
  /** The last seq the state covers. */
  seq: number;
  /** Byte length of the journal the state covers. */
  offset: number;
  state: FoldJSON;
}

interface Pending {
  input: RecordInput;
  resolve: (record: JournalRecord) => void;
  reject: (error: unknown) => void;
}

/**
 * Parses the complete lines of a journal chunk, handing each record to
 * `onRecord` as soon as it is parsed (so replay never holds every record at
 * once), and reports where the good part ends: a partial last line (no
 * newline) or an unparsable last line is torn; an unparsable line in the
 * middle is skipped with a warning.
 */
function scanLines(buf: Buffer, base: number, onRecord: (record: JournalRecord) => void, log?: Logger) {
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
function parseLines(buf: Buffer, base: number, log?: Logger): JournalRecord[] {
  const records: JournalRecord[] = [];
  scanLines(buf, base, (record) => records.push(record), log);
  return records;
}

/**
 * One project's journal: `journal.jsonl` plus `snapshot.json`. Appends are
 * batched (records committed in the same turn share one write and one fsync),
 * each batch written with one write() to an O_APPEND fd under `journal.lock`,
 * so several processes can append without losing or interleaving lines.
 */
export class Journal {
  readonly path: string;
  readonly lockPath: string;
  readonly snapshotPath: string;
  fold = new JournalFold();
  /** The highest seq in the file, as far as this process knows. */
  lastSeq = 0;
  private size = 0;
  private queue: Pending[] = [];
  private flushing: Promise<void> | null = null;
  private sinceSnapshot = 0;
  private fh: FileHandle | null = null;
  private listeners = new Set<(record: JournalRecord) => void>();

  private constructor(private readonly options: JournalOptions) {
    this.path = join(options.dir, JOURNAL_FILE);
    this.lockPath = join(options.dir, JOURNAL_LOCK);
    this.snapshotPath = join(options.dir, SNAPSHOT_FILE);
  }

  /** Opens (creating) a journal and folds it: snapshot + tail; a torn last line is truncated. */
  static async open(options: JournalOptions): Promise<Journal> {
    const journal = new Journal(options);
    await mkdir(options.dir, { recursive: true });
    await journal.load();
    return journal;
  }

  private lock() {
    return acquireLock(this.lockPath, {
      onTakeover: (pid) =>
        this.options.log?.warn(`journal: took over a stale lock of pid ${pid}`, { path: this.lockPath }),
    });
  }

  private async load(): Promise<void> {
    const log = this.options.log;
    let snap: SnapshotFile | null = null;
    try {
      snap = JSON.parse(await readFile(this.snapshotPath, "utf8")) as SnapshotFile;
      if (snap.format !== 1) snap = null;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT")
        log?.warn("journal: ignoring an unreadable snapshot");
    }
    await this.lock();
    try {
      this.fh = await open(this.path, constants.O_CREAT | constants.O_APPEND | constants.O_RDWR, 0o600);
      const { size } = await this.fh.stat();
      if (snap && snap.offset > size) {
        log?.warn("journal: snapshot is ahead of the journal; replaying the whole journal");
        snap = null;
      }
      const from = snap?.offset ?? 0;
      const buf = Buffer.alloc(size - from);
      if (buf.length > 0) await this.fh.read(buf, 0, buf.length, from);
      if (snap) {
        this.fold = JournalFold.fromJSON(snap.state);
        this.lastSeq = snap.seq;
      }
      const covered = snap?.seq;
      // Folding while scanning lets each parsed line become garbage at once: far less GC on a long replay.
      const { goodEnd, torn } = scanLines(
        buf,
        from,
        (record) => {
          if (covered !== undefined && record.seq <= covered) return;
          this.fold.apply(record);
          if (record.seq > this.lastSeq) this.lastSeq = record.seq;
        },
        log,
      );
      if (torn) {
        log?.warn("journal: truncated a torn last line (an interrupted write)", {
          path: this.path,
          bytes: buf.length - goodEnd,
        });
        await this.fh.truncate(from + goodEnd);
        await this.fh.sync();
      }
      this.size = from + goodEnd;
    } finally {
      unlock(this.lockPath);
    }
  }

  /**
   * Applies a record to the fold at once and queues it for writing. Returns
   * the effects it made pending and a promise settled once the line is fsync'd.
   */
  commit(input: RecordInput): { pending: PendingEffect[]; written: Promise<JournalRecord> } {
    const pending = this.fold.apply(input);
    return { pending, written: this.append(input) };
  }

  /** Queues a record for writing without folding it (appenders that keep no state). */
  append(input: RecordInput): Promise<JournalRecord> {
    if (!this.fh) return Promise.reject(new Error(`journal ${this.path} is closed`));
    const done = new Promise<JournalRecord>((resolve, reject) => this.queue.push({ input, resolve, reject }));
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
        try {
          const written = await this.writeBatch(batch.map((p) => p.input));
          for (const [i, p] of batch.entries()) p.resolve(written[i] as JournalRecord);
          for (const record of written) for (const l of this.listeners) l(record);
        } catch (error) {
          for (const p of batch) p.reject(error);
        }
      }
    } finally {
      this.flushing = null;
    }
    if (this.options.snapshotEvery !== 0 && this.sinceSnapshot >= (this.options.snapshotEvery ?? 1000)) {
      await this.writeSnapshot().catch((error) =>
        this.options.log?.warn("journal: snapshot failed", { error: String(error) }),
      );
    }
  }

  private async writeBatch(inputs: RecordInput[]): Promise<JournalRecord[]> {
    const fh = this.fh;
    if (!fh) throw new Error(`journal ${this.path} is closed`);
    await this.lock();
    try {
      await this.catchUp(fh);
      const redact = this.options.redact ?? ((l: string) => l);
      const records = inputs.map((input) => ({ seq: ++this.lastSeq, ...input }) as JournalRecord);
      const text = records.map((r) => `${redact(JSON.stringify(r))}\n`).join("");
      const buf = Buffer.from(text, "utf8");
      let off = 0;
      // One write() for the whole batch; a short write (disk full) is finished, never interleaved, as we hold the lock.
      while (off < buf.length) off += (await fh.write(buf, off, buf.length - off)).bytesWritten;
      await fh.sync();
      this.size += buf.length;
      this.sinceSnapshot += records.length;
      return records.map((r) => JSON.parse(redact(JSON.stringify(r))) as JournalRecord);
    } finally {
      unlock(this.lockPath);
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
    const fh = this.fh;
    this.fh = null;
    await fh?.close();
  }
}

/** Reads every complete record of a journal without locking or folding (`ao events`). */
export async function readJournal(dir: string): Promise<JournalRecord[]> {
  try {
    await stat(join(dir, JOURNAL_FILE));
  } catch {
    return [];
  }
  const buf = await readFile(join(dir, JOURNAL_FILE));
  return parseLines(buf, 0);
}

/** Where a project's journal lives: `$home/projects/<projectId>`. */
export function journalDir(home: string, projectId: string): string {
  return join(home, "projects", projectId);
}
