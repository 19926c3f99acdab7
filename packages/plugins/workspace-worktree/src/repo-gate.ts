/**
 * Coordination of git calls on one repository, by key: `shared` lets
 * concurrent callers join one run (one fetch serves every session being
 * created), `serial` queues calls that take a repository-wide lock (deleting
 * a branch locks packed-refs, and a second deleter gives up after a second).
 */
export class RepoGate {
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private readonly queues = new Map<string, Promise<unknown>>();

  shared<T>(key: string, task: () => Promise<T>): Promise<T> {
    const running = this.inFlight.get(key) as Promise<T> | undefined;
    if (running) return running;
    const started = task().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, started);
    return started;
  }

  serial<T>(key: string, task: () => Promise<T>): Promise<T> {
    const next = (this.queues.get(key) ?? Promise.resolve()).then(task, task);
    const settled = next.then(
      () => {},
      () => {},
    );
    this.queues.set(key, settled);
    void settled.then(() => {
      if (this.queues.get(key) === settled) this.queues.delete(key);
    });
    return next;
  }
}
