import type { ActivityObservation } from "@ao/core";

/** What the screen or a native session file says, as one reading. */
export interface ActivityReading {
  state: "active" | "idle" | "waiting_input" | "rate_limited";
  evidence: string;
  /** When the evidence happened (a transcript line's timestamp), when known. */
  at?: number;
  resetsAt?: number;
}

/** The newest line of the agent's native session file, and the session it belongs to. */
export interface NativeEvidence {
  reading: (ActivityReading & { at: number; state: "active" | "idle" | "rate_limited" }) | null;
  agentSessionId?: string;
}

export interface WeighActivityInput {
  alive: boolean;
  /** The CLI's name, for the evidence of an exit ("the claude process is gone"). */
  binary: string;
  /** The screen's reading (prompts and limit banners are only ever on screen). */
  screen: ActivityReading | null;
  /** Reads the native session file; called only when the screen shows no prompt or limit. */
  native: () => Promise<NativeEvidence | null>;
  /** What one native record is called in evidence ("transcript line", "rollout line"). */
  nativeRecord: string;
  lastOutputAt: number | null;
  now: number;
  /** An `active` older than this without a newer record or output counts as idle. */
  idleAfter: number;
}

/**
 * One agent's activity from its evidence, strongest first: a dead process
 * is exited; a prompt or limit banner on screen wins (no session file
 * records them); then the native session file's newest record (decayed to
 * idle when stale, but never idle while the screen shows work); then the
 * screen; then liveness and output age. Shared by every agent plugin, so the
 * six agents weigh evidence alike.
 */
export async function weighActivity(input: WeighActivityInput): Promise<ActivityObservation> {
  if (!input.alive)
    return { state: "exited", source: "process", evidence: `the ${input.binary} process is gone` };
  const { screen } = input;
  if (screen && (screen.state === "waiting_input" || screen.state === "rate_limited"))
    return { ...screen, source: "output" };
  const native = await input.native();
  const seen = native?.reading ?? null;
  const id = native?.agentSessionId ? { agentSessionId: native.agentSessionId } : {};
  if (seen && !(seen.state === "idle" && screen?.state === "active")) {
    const stale = seen.state === "active" && input.now - seen.at > input.idleAfter;
    return {
      state: stale ? "idle" : seen.state,
      source: "transcript",
      evidence: stale ? `no ${input.nativeRecord} since: ${seen.evidence}` : seen.evidence,
      at: seen.at,
      ...(seen.resetsAt ? { resetsAt: seen.resetsAt } : {}),
      ...id,
    };
  }
  if (screen) return { ...screen, source: "output", ...id };
  const quiet = input.lastOutputAt !== null && input.now - input.lastOutputAt > input.idleAfter;
  return {
    state: quiet ? "idle" : "active",
    source: "process",
    evidence: quiet ? "the process is alive but printed nothing lately" : "the process is alive",
    ...(input.lastOutputAt !== null ? { at: input.lastOutputAt } : {}),
  };
}
