import type { CiStatus } from "@ao/core";
import { publish } from "./bus.js";
import { type CiSettings, settleRun, spawnRun } from "./ci.js";
import { eventFor } from "./reviews.js";
import type { PrRecord, PrStore } from "./store.js";

type Warn = (message: string, data: Record<string, unknown>) => void;

/**
 * Starts one CI run per PR head and records how each ends. Runs are timed
 * with the real clock (they are real processes), not the host's injectable one.
 */
export class CiScheduler {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly settings: CiSettings | null,
    private readonly warn: Warn,
  ) {}

  dispose(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  /** The PR's CI status for its current head: "none" without a ci command, "pending" until a run ends. */
  status(record: PrRecord): CiStatus {
    if (!this.settings) return "none";
    const run = record.ciRuns.filter((r) => r.sha === record.headSha).at(-1);
    return run ? run.status : "pending";
  }

  /** Start a run for the PR's head unless one exists; the check is repeated under the PR's lock. */
  async start(dataDir: string, store: PrStore, repo: string, record: PrRecord): Promise<void> {
    const ci = this.settings;
    if (!ci || !record.headSha || record.ciRuns.some((r) => r.sha === record.headSha)) return;
    let started: Awaited<ReturnType<typeof spawnRun>> | undefined;
    const updated = await store.update(record.number, async (r) => {
      if (r.state !== "open" || !r.headSha || r.ciRuns.some((run) => run.sha === r.headSha)) return false;
      started = await spawnRun(store, repo, r.number, r.headSha, ci, r.ciRuns.length + 1, Date.now());
      r.ciRuns.push(started.run);
      return true;
    });
    if (!started) return;
    const { run, exited } = started;
    publish(dataDir, { ...eventFor(store, updated, "ci_pending", `ci-pending-${run.id}`), headSha: run.sha });
    const settleInBackground = () =>
      this.settle(dataDir, store, record.number, run.id).catch((error: Error) =>
        this.warn("scm-local: could not record the end of a CI run", { run: run.id, error: error.message }),
      );
    const timer = setTimeout(settleInBackground, ci.timeoutMs + 100);
    timer.unref();
    this.timers.add(timer);
    void exited.then(() => {
      clearTimeout(timer);
      this.timers.delete(timer);
      return settleInBackground();
    });
  }

  /** Finish a pending run if it ended (or overran); emits ci_passed / ci_failed once, whichever process sees it. */
  async settle(dataDir: string, store: PrStore, number: number, runId: string): Promise<void> {
    const ci = this.settings;
    const record = await store.read(number);
    const run = record?.ciRuns.find((r) => r.id === runId);
    if (!ci || !run || run.status !== "pending") return;
    const outcome = await settleRun(run, Date.now(), ci.timeoutMs);
    if (!outcome) return;
    let changed = false;
    const updated = await store.update(number, (r) => {
      const target = r.ciRuns.find((x) => x.id === runId);
      if (!target || target.status !== "pending") return false;
      target.status = outcome.status;
      target.exitCode = outcome.exitCode;
      target.finishedAt = Date.now();
      changed = true;
      return true;
    });
    if (changed) {
      const type = outcome.status === "passed" ? "ci_passed" : "ci_failed";
      publish(dataDir, { ...eventFor(store, updated, type, `ci-${run.id}`), headSha: run.sha });
    }
  }
}
