import { readFileSync, statSync, utimesSync } from "node:fs";
import { join } from "node:path";
import type { Logger, Notification } from "@ao/core";
import type { JournalRecord } from "@ao/engine";
import { isPidAlive } from "@ao/file-lock";
import type { BuiltProject } from "./plugins/build.js";

/** How often the daemon marks itself alive, so a crash report can say when it was last seen. */
export const HEARTBEAT_MS = 30_000;

/** A daemon of this home that died without cleaning up (SIGKILL, OOM, power loss). */
export interface CrashedDaemon {
  pid: number;
  /** When it was last known alive (ms since epoch). */
  lastSeen: number;
}

/** The pid in a lock file (the bare number) or in `daemon.json`; null when unreadable. */
const readPid = (file: string): number | null => {
  try {
    const text = readFileSync(file, "utf8").trim();
    const pid = text.startsWith("{") ? (JSON.parse(text) as { pid?: unknown }).pid : Number(text);
    return typeof pid === "number" && Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
};

const mtime = (file: string): number => {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
};

/**
 * The previous daemon of `home`, when it exited uncleanly: a clean stop removes
 * `daemon.lock` and `daemon.json`, so either one left behind with a pid that no
 * longer runs means it crashed. Call before taking the daemon lock.
 */
export function crashedDaemon(home: string): CrashedDaemon | null {
  const lock = join(home, "daemon.lock");
  const info = join(home, "daemon.json");
  const pid = readPid(lock) ?? readPid(info);
  if (pid === null || pid === process.pid || isPidAlive(pid)) return null;
  return { pid, lastSeen: Math.max(mtime(lock), mtime(info)) };
}

/** Refresh `daemon.json`'s time while the daemon runs: it is the "last seen" of a crash report. */
export function startHeartbeat(home: string): () => void {
  const info = join(home, "daemon.json");
  const timer = setInterval(() => {
    const now = new Date();
    try {
      utimesSync(info, now, now);
    } catch {
      // the file is written by the daemon itself; if it is gone there is nothing to refresh
    }
  }, HEARTBEAT_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/** The highest seq of each project's journal: what recovery appends comes after it. */
export type JournalMarks = Map<string, number>;

export async function journalMarks(home: string, projects: string[]): Promise<JournalMarks> {
  const { readJournal, journalDir } = await import("@ao/engine");
  const marks: JournalMarks = new Map();
  for (const id of projects) {
    const records = await readJournal(journalDir(home, id));
    marks.set(id, records.at(-1)?.seq ?? 0);
  }
  return marks;
}

/** What recovery did, in words, from the records it appended after `marks`. */
export async function recoverySummary(home: string, marks: JournalMarks): Promise<string> {
  const { readJournal, journalDir } = await import("@ao/engine");
  let finished = 0;
  let rolledBack = 0;
  let exited = 0;
  let effects = 0;
  for (const [id, seq] of marks) {
    const records: JournalRecord[] = (await readJournal(journalDir(home, id))).filter((r) => r.seq > seq);
    for (const r of records) {
      if (r.kind === "event" && r.event.type === "spawned") finished++;
      else if (r.kind === "step" && r.step === "rolled_back") rolledBack++;
      else if (r.kind === "event" && r.event.type === "agent_exited") exited++;
      else if (r.kind === "effect") effects++;
    }
  }
  const parts = [
    finished ? `${finished} interrupted spawn(s) finished` : "",
    rolledBack ? `${rolledBack} spawn(s) rolled back` : "",
    exited ? `${exited} session(s) marked exited` : "",
    effects ? `${effects} pending effect(s) run` : "",
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(", ") : "nothing was left half-done";
}

/**
 * Tell a human, urgently and once, through every notifier of every project,
 * that the daemon had crashed: nothing else would ever say so.
 */
export async function notifyCrash(
  built: BuiltProject[],
  crashed: CrashedDaemon,
  summary: string,
  log: Logger,
  now = Date.now(),
): Promise<void> {
  const when = crashed.lastSeen > 0 ? new Date(crashed.lastSeen).toISOString() : "unknown";
  for (const { project } of built) {
    const notification: Notification = {
      kind: "needs_attention",
      priority: "urgent",
      title: `ao daemon crashed (pid ${crashed.pid}, last seen ${when})`,
      body: `ao daemon crashed (pid ${crashed.pid}, last seen ${when}); recovered: ${summary}. It runs again as pid ${process.pid}.`,
      sessionId: "",
      project: project.ref.id,
      action: { command: "ao status" },
      at: now,
    };
    for (const notifier of project.plugins.notifiers) {
      try {
        await notifier.notify(notification);
      } catch (error) {
        log.warn(
          `Could not send the crash notification through ${notifier.name}: ${(error as Error).message}`,
        );
      }
    }
  }
}
