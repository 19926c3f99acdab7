import { describe, expect, it } from "vitest";
import { type ActivityReading, type NativeEvidence, weighActivity } from "./weigh-activity.js";

const MIN = 60_000;
const now = 100 * MIN;

function weigh(
  screen: ActivityReading | null,
  native: NativeEvidence | null,
  more: { alive?: boolean; lastOutputAt?: number | null } = {},
) {
  let nativeRead = false;
  const result = weighActivity({
    alive: more.alive ?? true,
    binary: "claude",
    screen,
    native: async () => {
      nativeRead = true;
      return native;
    },
    nativeRecord: "transcript line",
    lastOutputAt: more.lastOutputAt ?? null,
    now,
    idleAfter: 2 * MIN,
  });
  return result.then((r) => ({ ...r, nativeRead }));
}

describe("weighActivity", () => {
  it("calls a dead process exited without reading its files", async () => {
    const r = await weigh({ state: "active", evidence: "✻ Working" }, null, { alive: false });
    expect(r).toMatchObject({ state: "exited", source: "process", evidence: "the claude process is gone" });
    expect(r.nativeRead).toBe(false);
  });

  it("lets a prompt or a limit banner on screen win over the transcript", async () => {
    const busy: NativeEvidence = { reading: { state: "active", evidence: "tool_use", at: now } };
    const prompt = await weigh(
      { state: "waiting_input", evidence: "Do you trust the files in this folder?" },
      busy,
    );
    expect(prompt).toMatchObject({ state: "waiting_input", source: "output" });
    expect(prompt.nativeRead).toBe(false);
    const limit = await weigh({ state: "rate_limited", evidence: "limit", resetsAt: now + MIN }, busy);
    expect(limit).toMatchObject({ state: "rate_limited", resetsAt: now + MIN });
  });

  it("takes the transcript's newest record with its time and the agent's session id", async () => {
    const r = await weigh(null, {
      reading: { state: "active", evidence: "tool_use: Bash", at: now - MIN },
      agentSessionId: "s-1",
    });
    expect(r).toMatchObject({
      state: "active",
      source: "transcript",
      evidence: "tool_use: Bash",
      at: now - MIN,
      agentSessionId: "s-1",
    });
  });

  it("decays a stale active record to idle, saying since when", async () => {
    const r = await weigh(null, {
      reading: { state: "active", evidence: "tool_use: Bash", at: now - 5 * MIN },
    });
    expect(r).toMatchObject({ state: "idle", evidence: "no transcript line since: tool_use: Bash" });
  });

  it("never calls the agent idle from its transcript while the screen shows work", async () => {
    const r = await weigh(
      { state: "active", evidence: "✻ Herding…" },
      { reading: { state: "idle", evidence: "end_turn", at: now - MIN }, agentSessionId: "s-2" },
    );
    expect(r).toMatchObject({ state: "active", source: "output", agentSessionId: "s-2" });
  });

  it("falls back to liveness and output age when there is no other evidence", async () => {
    expect(await weigh(null, null, { lastOutputAt: now - 10 * MIN })).toMatchObject({
      state: "idle",
      source: "process",
    });
    expect(await weigh(null, null, { lastOutputAt: now - 10_000 })).toMatchObject({
      state: "active",
      source: "process",
    });
  });
});
