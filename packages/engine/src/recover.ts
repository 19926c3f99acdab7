import { isTerminal } from "@ao/core";
import type { RecoveryAction } from "./api.js";
import { describeError, mapLimit } from "./calls.js";
import type { EngineContext, ProjectState } from "./context.js";
import { continueSpawn, markInProgress } from "./spawn.js";

/**
 * Crash recovery of one project: finish or roll back interrupted spawns, mark
 * spawned issues in progress, and notice agents that died while no one
 * watched. Each step taken is journaled as a `recovery` record, so `ao events`
 * explains what a restart found and did.
 */
export async function recoverProject(ctx: EngineContext, ps: ProjectState): Promise<void> {
  const { log, clock } = ctx;
  const note = (session: string, action: RecoveryAction, detail?: string) =>
    ctx
      .record(ps.ref.id, {
        at: clock.now(),
        kind: "recovery",
        session,
        action,
        ...(detail ? { detail } : {}),
      })
      .catch((error) => log.warn("Could not journal a recovery step", { error: describeError(error) }));
  const open = [...ps.journal.fold.sessions.values()].filter((s) => !isTerminal(s.state));
  await mapLimit(open, ctx.concurrency, async (s) => {
    if (s.facts.phase === "spawning") {
      log.info(`Finishing the interrupted spawn of ${s.id}`);
      try {
        await continueSpawn(ctx, s.id);
        await note(s.id, "finished_spawn");
      } catch (error) {
        log.warn(`Rolled back the spawn of ${s.id}`, { error: describeError(error) });
        await note(s.id, "rolled_back", describeError(error));
      }
      return;
    }
    if (s.facts.phase === "running" && (await markInProgress(ctx, s.id)))
      await note(s.id, "marked_in_progress");
    if (s.facts.phase === "running" && s.resources.runtime && s.facts.activity?.state !== "exited") {
      const { runtime } = ps.project.plugins;
      const handle = s.resources.runtime;
      const alive = await ctx.call(runtime, "isAlive", () => runtime.isAlive(handle)).catch(() => true);
      if (!alive) {
        await ctx.dispatch(s.id, { type: "agent_exited", at: clock.now(), source: "runtime" });
        await note(s.id, "marked_exited", "its runtime was gone");
      }
    }
  });
}
