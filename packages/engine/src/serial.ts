/**
 * Runs tasks one after another per key. The journal folds a record only once
 * it is on disk, so a step that reads the fold and then commits (a transition,
 * a new session id, a delivery check) must not interleave with another such
 * step on the same key, or both would compute from the same stale state.
 */
export class KeyedSerial {
  private tails = new Map<string, Promise<unknown>>();

  /** Runs `fn` once every earlier task with this key has settled; resolves or rejects as `fn` does. */
  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const before = this.tails.get(key) ?? Promise.resolve();
    const result = before.then(fn, fn);
    const tail = result.then(
      () => {},
      () => {},
    );
    this.tails.set(key, tail);
    // Forget a key once its last task is done, so the map does not grow with every session ever seen.
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
