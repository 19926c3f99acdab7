import { type FSWatcher, watch } from "node:fs";
import type { ScmEvent } from "@ao/core";
import { publishedHere } from "./bus.js";
import { eventFor } from "./reviews.js";
import type { PrRecord, PrStore } from "./store.js";

/** What has been announced about one PR. */
interface Seen {
  state: PrRecord["state"];
  items: Set<string>;
  runs: Map<string, string>;
}

function seenOf(record: PrRecord): Seen {
  return {
    state: record.state,
    items: new Set([...record.reviews.map((r) => r.id), ...record.comments.map((c) => c.id)]),
    runs: new Map(record.ciRuns.map((r) => [r.id, r.status])),
  };
}

/** The events between what was seen of a PR and its record now. */
function diff(store: PrStore, before: Seen | undefined, record: PrRecord): ScmEvent[] {
  if (!before) return [eventFor(store, record, "pr_opened", `opened-${record.number}`)];
  const events: ScmEvent[] = [];
  for (const review of record.reviews) {
    if (before.items.has(review.id)) continue;
    const type =
      review.decision === "approve"
        ? "review_approved"
        : review.decision === "request_changes"
          ? "changes_requested"
          : "review_comment";
    events.push(eventFor(store, record, type, review.id));
  }
  for (const comment of record.comments) {
    if (!before.items.has(comment.id)) events.push(eventFor(store, record, "review_comment", comment.id));
  }
  for (const run of record.ciRuns) {
    const was = before.runs.get(run.id);
    if (was === undefined)
      events.push({ ...eventFor(store, record, "ci_pending", `ci-pending-${run.id}`), headSha: run.sha });
    if (run.status !== "pending" && was !== run.status) {
      const type = run.status === "passed" ? "ci_passed" : "ci_failed";
      events.push({ ...eventFor(store, record, type, `ci-${run.id}`), headSha: run.sha });
    }
  }
  if (before.state !== record.state && record.state !== "open") {
    const type = record.state === "merged" ? "pr_merged" : "pr_closed";
    events.push(eventFor(store, record, type, `${record.state}-${record.number}`));
  }
  return events;
}

/**
 * Watch the PR files for changes made by other processes (`ao review` while
 * the daemon runs) and report them as events. Changes made in this process
 * were already published and are skipped by their delivery id.
 */
export function watchStore(
  store: PrStore,
  emit: (event: ScmEvent) => void,
  onError: (error: Error) => void,
): { stop: () => void; settled: Promise<void> } {
  const seen = new Map<number, Seen>();
  const pending = new Map<number, NodeJS.Timeout>();
  let watcher: FSWatcher | undefined;
  let closed = false;

  const check = async (number: number) => {
    const record = await store.read(number);
    if (!record || closed) return;
    const events = diff(store, seen.get(number), record);
    seen.set(number, seenOf(record));
    for (const event of events) {
      if (!event.deliveryId || !publishedHere(store.dataDir, event.deliveryId)) emit(event);
    }
  };

  const ready = (async () => {
    await store.ensure();
    for (const record of await store.list()) seen.set(record.number, seenOf(record));
    if (closed) return;
    watcher = watch(store.prsDir, { persistent: false }, (_type, name) => {
      const match = name ? /^(\d+)\.json$/.exec(String(name)) : null;
      if (!match) return;
      const number = Number(match[1]);
      clearTimeout(pending.get(number));
      // Coalesce the burst of events one atomic write makes; 30 ms also lets an in-process publish land first.
      const timer = setTimeout(() => {
        pending.delete(number);
        check(number).catch(onError);
      }, 30);
      timer.unref();
      pending.set(number, timer);
    });
    watcher.on("error", onError);
  })();
  ready.catch(onError);

  const stop = () => {
    closed = true;
    for (const timer of pending.values()) clearTimeout(timer);
    watcher?.close();
  };
  // Setting up creates the PR folder asynchronously: `settled` lets the owner wait
  // for that, so nothing writes into the data dir after dispose.
  return { stop, settled: ready.catch(() => {}) };
}
