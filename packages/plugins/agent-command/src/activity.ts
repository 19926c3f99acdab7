import { createHash } from "node:crypto";
import type { ActivityInput, ActivityObservation } from "@ao/core";

/**
 * Activity from output alone: any CLI prints when it works. When the runtime
 * cannot say when the agent last printed, output hashes are compared across
 * calls (one entry per workspace) to find when it last changed.
 */
export class OutputActivity {
  private readonly seen = new Map<string, { hash: string; changedAt: number }>();

  constructor(
    private readonly idleAfterMs: number,
    private readonly waitingPattern: RegExp | null,
  ) {}

  observe(input: ActivityInput): ActivityObservation {
    if (!input.alive) {
      this.seen.delete(input.cwd);
      return { state: "exited", source: "process" };
    }
    if (this.waitingPattern) {
      const lastLine = input.output.trimEnd().split("\n").at(-1) ?? "";
      if (this.waitingPattern.test(lastLine)) return { state: "waiting_input", source: "output" };
    }
    const changedAt = input.lastOutputAt ?? this.lastChange(input.cwd, input.output, input.now);
    return { state: input.now - changedAt < this.idleAfterMs ? "active" : "idle", source: "output" };
  }

  private lastChange(cwd: string, output: string, now: number): number {
    const hash = createHash("sha256").update(output).digest("hex");
    const previous = this.seen.get(cwd);
    if (previous && previous.hash === hash) return previous.changedAt;
    this.seen.set(cwd, { hash, changedAt: now });
    return now;
  }
}
