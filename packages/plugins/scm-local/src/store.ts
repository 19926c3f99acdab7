import { mkdir, open, readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { AoError } from "@ao/core";
import { withFileLock } from "@ao/file-lock";
import { writeFileAtomic } from "./atomic-write.js";

export type ReviewDecisionInput = "approve" | "request_changes" | "comment";

export interface StoredReview {
  id: string;
  decision: ReviewDecisionInput;
  body: string;
  author: string;
  /** The PR head the review was made on. */
  headSha: string | null;
  createdAt: number;
}

export interface StoredComment {
  id: string;
  author: string;
  body: string;
  path?: string;
  line?: number;
  createdAt: number;
}

export interface CiRun {
  id: string;
  sha: string;
  status: "pending" | "passed" | "failed";
  startedAt: number;
  finishedAt?: number;
  exitCode?: number;
  /** The detached runner's pid (a process group leader). */
  pid?: number;
  log: string;
  /** The temporary clean checkout (removed when the run ends). */
  workDir?: string;
  /** Written by the runner when the command ends: its exit code. */
  exitFile: string;
}

/** One PR as stored on disk (`<dataDir>/prs/<number>.json`). */
export interface PrRecord {
  number: number;
  branch: string;
  base: string;
  title: string;
  body: string;
  state: "open" | "merged" | "closed";
  headSha: string | null;
  createdAt: number;
  updatedAt: number;
  reviews: StoredReview[];
  comments: StoredComment[];
  ciRuns: CiRun[];
  mergedSha?: string;
  mergedAt?: number;
  closedAt?: number;
}

/** Where one project's PR records and CI logs live. */
export class PrStore {
  readonly prsDir: string;
  readonly ciDir: string;

  /**
   * @param lockTimeoutMs how long an update waits for another process's lock on a PR
   *   (a live holder is waited for, never broken; LOCK_TIMEOUT after this long).
   */
  constructor(
    readonly dataDir: string,
    readonly lockTimeoutMs = 15_000,
  ) {
    this.prsDir = join(dataDir, "prs");
    this.ciDir = join(dataDir, "ci");
  }

  async ensure(): Promise<void> {
    await mkdir(this.prsDir, { recursive: true });
    await mkdir(this.ciDir, { recursive: true });
  }

  file(number: number): string {
    return join(this.prsDir, `${number}.json`);
  }

  /** A link to the PR's record (a hosted SCM would give a web page). */
  url(number: number): string {
    return pathToFileURL(this.file(number)).href;
  }

  async read(number: number): Promise<PrRecord | null> {
    try {
      return JSON.parse(await readFile(this.file(number), "utf8")) as PrRecord;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
  }

  async get(number: number): Promise<PrRecord> {
    const record = Number.isInteger(number) && number > 0 ? await this.read(number) : null;
    if (!record) {
      throw new AoError({
        code: "PR_NOT_FOUND",
        message: `@ao/scm-local: there is no PR #${number} in ${this.prsDir}.`,
        hint: "Run `ao status` to see the sessions' PR numbers.",
      });
    }
    return record;
  }

  /** Every stored PR, oldest first. */
  async list(): Promise<PrRecord[]> {
    await this.ensure();
    const names = (await readdir(this.prsDir)).filter((n) => /^\d+\.json$/.test(n));
    const numbers = names.map((n) => Number.parseInt(n, 10)).sort((a, b) => a - b);
    const records = await Promise.all(numbers.map((n) => this.read(n)));
    return records.filter((r): r is PrRecord => r !== null);
  }

  /** Create a record with the next free number; O_EXCL creation makes numbering safe across processes. */
  async create(init: Omit<PrRecord, "number">): Promise<PrRecord> {
    await this.ensure();
    let number = (await this.list()).reduce((max, r) => Math.max(max, r.number), 0) + 1;
    for (;;) {
      const record: PrRecord = { ...init, number };
      try {
        const handle = await open(this.file(number), "wx", 0o600);
        await handle.writeFile(JSON.stringify(record, null, 2));
        await handle.close();
        return record;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        number += 1;
      }
    }
  }

  /** Read-modify-write one PR under its lock; `change` returns false to leave it untouched. */
  async update(
    number: number,
    change: (record: PrRecord) => boolean | undefined | Promise<boolean | undefined>,
    now = Date.now(),
  ): Promise<PrRecord> {
    return withFileLock(
      `${this.file(number)}.lock`,
      async () => {
        const record = await this.get(number);
        if ((await change(record)) === false) return record;
        record.updatedAt = now;
        await writeFileAtomic(this.file(number), JSON.stringify(record, null, 2));
        return record;
      },
      { timeoutMs: this.lockTimeoutMs },
    );
  }
}
