import { resolve } from "node:path";
import type { ScmEvent } from "@ao/core";

type Listener = (event: ScmEvent) => void;

/**
 * Events are keyed by data directory, not by plugin instance: a review posted
 * through `localScmState(dataDir)` in this process reaches the plugin instance
 * the engine subscribed to.
 */
const listeners = new Map<string, Set<Listener>>();

export function listen(dataDir: string, listener: Listener): () => void {
  const key = resolve(dataDir);
  let set = listeners.get(key);
  if (!set) {
    set = new Set();
    listeners.set(key, set);
  }
  set.add(listener);
  return () => {
    set.delete(listener);
    if (set.size === 0) listeners.delete(key);
  };
}

/** Delivery ids published in this process, so a file watcher does not announce them a second time. */
const recent = new Map<string, Set<string>>();
const RECENT_LIMIT = 1000;

export function publishedHere(dataDir: string, deliveryId: string): boolean {
  return recent.get(resolve(dataDir))?.has(deliveryId) ?? false;
}

export function publish(dataDir: string, event: ScmEvent): void {
  const key = resolve(dataDir);
  if (event.deliveryId) {
    let ids = recent.get(key);
    if (!ids) {
      ids = new Set();
      recent.set(key, ids);
    }
    ids.add(event.deliveryId);
    if (ids.size > RECENT_LIMIT) ids.delete(ids.values().next().value as string);
  }
  for (const listener of listeners.get(key) ?? []) {
    try {
      listener(event);
    } catch {
      // A subscriber's bug must not break the SCM operation that emitted.
    }
  }
}
