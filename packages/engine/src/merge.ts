import { AoError, errors, type SessionSnapshot } from "@ao/core";
import type { EngineContext, ProjectState } from "./context.js";

/** What a merge attempt did, for the journal's effect record and the caller. */
export type MergeOutcome = "merged" | "already_merged" | "closed" | "not_mergeable" | "queued";

/**
 * Merge a session's PR at the head SHA the engine saw approved and green,
 * serialized per repository. The facts are read again once the session's turn
 * comes, so a push observed while it waited is never merged. When the SCM
 * refuses because the branch moved (`HEAD_MOVED`), the new head is recorded as
 * a push, which clears the approval: the session goes back to review.
 * `strict` (a human's `ao merge`) throws NOT_MERGEABLE where the automatic
 * effect just reports it. A PR the SCM only enqueued (a merge queue) is
 * `queued`: still open until an observation sees it merged.
 */
export function mergeSession(
  ctx: EngineContext,
  ps: ProjectState,
  sessionId: string,
  strict: boolean,
): Promise<MergeOutcome> {
  // One merge per repository at a time: each merges against the base the previous one left.
  return ctx.serial(`merge:${ps.ref.repo}`, async () => {
    const session: SessionSnapshot = ctx.owner(sessionId).session;
    const pr = session.facts.pr;
    if (!pr) throw errors.noPr(sessionId);
    if (session.state === "merged") return "already_merged";
    const sha = pr.headSha;
    if (session.state !== "mergeable" || !sha) {
      if (strict) throw errors.notMergeable(sessionId, session.state);
      return "not_mergeable";
    }
    const { scm } = ps.project.plugins;
    const current = await ctx.call(scm, "getPR", () => scm.getPR(ps.ref, pr.number));
    if (current.state === "closed") {
      await ctx.dispatch(sessionId, { type: "pr_closed", at: ctx.clock.now() });
      return "closed";
    }
    if (current.state === "open") {
      try {
        await ctx.call(scm, "merge", () => scm.merge(ps.ref, pr.number, { sha }));
      } catch (error) {
        if (error instanceof AoError && error.code === "HEAD_MOVED") {
          const moved = await ctx.call(scm, "getPR", () => scm.getPR(ps.ref, pr.number)).catch(() => null);
          if (moved?.headSha && moved.headSha !== sha)
            await ctx.dispatch(sessionId, { type: "pushed", at: ctx.clock.now(), headSha: moved.headSha });
        }
        throw error;
      }
      // A base with a merge queue takes the PR in and merges it later: the observation that
      // sees it merged moves the session, not this call.
      const after = await ctx.call(scm, "getPR", () => scm.getPR(ps.ref, pr.number)).catch(() => null);
      if (after?.state === "open") return "queued";
    }
    await ctx.dispatch(sessionId, { type: "pr_merged", at: ctx.clock.now() });
    return current.state === "open" ? "merged" : "already_merged";
  });
}
