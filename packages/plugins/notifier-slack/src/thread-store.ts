import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Logger } from "@ao/core";

/** The thread a session's notifications go under, per channel. */
interface ThreadRecord {
  channel: string;
  ts: string;
  at: number;
}

type ThreadFile = { version: 1; threads: Record<string, ThreadRecord> };

// Old sessions' threads are dropped beyond this, so the file stays small.
const KEEP = 500;
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/**
 * Session → thread timestamps, kept in the project's plugin data directory
 * (`$AO_HOME/projects/<id>/plugins/notifier-slack/threads.json`) when the
 * host gave a home, else in memory. A torn or missing file starts empty: at
 * worst a session gets a second thread, never a lost notification.
 */
export class ThreadStore {
  private readonly cache = new Map<string, ThreadFile>();

  constructor(
    private readonly home: string | undefined,
    private readonly log: Logger | undefined,
  ) {}

  private file(project: string): string | undefined {
    if (!this.home || !SAFE_ID.test(project)) return undefined;
    return join(this.home, "projects", project, "plugins", "notifier-slack", "threads.json");
  }

  private async load(project: string): Promise<ThreadFile> {
    const cached = this.cache.get(project);
    if (cached) return cached;
    let data: ThreadFile = { version: 1, threads: {} };
    const file = this.file(project);
    if (file) {
      try {
        const parsed = JSON.parse(await readFile(file, "utf8")) as Partial<ThreadFile>;
        if (parsed.version === 1 && parsed.threads && typeof parsed.threads === "object")
          data = parsed as ThreadFile;
        else this.log?.warn("Slack thread file has an unknown shape; starting new threads", { project });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT")
          this.log?.warn("Slack thread file unreadable; starting new threads", { project });
      }
    }
    this.cache.set(project, data);
    return data;
  }

  /** The thread of `session` in `channel`, if one was started. */
  async get(project: string, session: string, channel: string): Promise<string | undefined> {
    const record = (await this.load(project)).threads[session];
    return record && record.channel === channel && typeof record.ts === "string" ? record.ts : undefined;
  }

  /** Remember (or, with `ts` undefined, forget) the thread of `session`. */
  async set(
    project: string,
    session: string,
    channel: string,
    ts: string | undefined,
    at: number,
  ): Promise<void> {
    const data = await this.load(project);
    if (ts === undefined) delete data.threads[session];
    else data.threads[session] = { channel, ts, at };
    const entries = Object.entries(data.threads);
    if (entries.length > KEEP) {
      entries.sort((a, b) => a[1].at - b[1].at);
      data.threads = Object.fromEntries(entries.slice(-KEEP));
    }
    const file = this.file(project);
    if (!file) return;
    try {
      await mkdir(dirname(file), { recursive: true });
      // Write then rename, so a crash mid-write leaves the old file whole.
      const tmp = `${file}.${process.pid}.tmp`;
      await writeFile(tmp, `${JSON.stringify(data, null, 2)}\n`);
      await rename(tmp, file);
    } catch (error) {
      this.log?.warn("Could not save the Slack thread file; threads are kept in memory", {
        project,
        error: (error as Error).message,
      });
    }
  }
}
