import { AoError, errors, type SessionEvent, type SessionSnapshot } from "@ao/core";
import type { EngineApi } from "./api.js";
import type { EngineContext } from "./context.js";
import { mergeSession } from "./merge.js";
import { claimPr } from "./claim-pr.js";
import { type ActionRequest, actionRecord, findRequest, RequestLedger } from "./requests.js";
import { spawnSession } from "./spawn.js";

type ActionMethods = Pick<
  EngineApi,
  | "spawn"
  | "send"
  | "kill"
  | "restore"
  | "report"
  | "claimPr"
  | "merge"
  | "review"
  | "request"
  | "terminalInput"
>;

/**
 * The actions humans, the API and agents take. Each is journaled with who
 * acted (an `action` record) and runs once per request id.
 */
export function sessionActions(
  ctx: EngineContext,
  ready: () => Promise<void>,
  tick: () => Promise<void>,
): ActionMethods {
  const ledger = new RequestLedger(ctx);

  /** An action that is one session event: the action record goes in the same write. */
  const command = async (
    request: ActionRequest,
    sessionId: string,
    event: SessionEvent,
    detail?: string,
  ): Promise<SessionSnapshot> => {
    await ready();
    return ledger.run(request, () => {
      ctx.owner(sessionId);
      return ctx.dispatch(sessionId, event, actionRecord(ctx, request, sessionId, detail));
    });
  };
  const idOf = (request: ActionRequest) => (request.opts?.requestId ? { id: request.opts.requestId } : {});

  return {
    async spawn(spawn, opts) {
      await ready();
      const request: ActionRequest = {
        route: "spawn",
        target: `${spawn.project}#${spawn.issue ?? ""}`,
        opts,
      };
      return ledger.run(request, () =>
        spawnSession(ctx, spawn, (sessionId) => actionRecord(ctx, request, sessionId)),
      );
    },
    send(sessionId, text, opts) {
      const request: ActionRequest = { route: "send", target: sessionId, opts };
      return command(request, sessionId, {
        type: "user_message",
        at: ctx.clock.now(),
        text,
        ...idOf(request),
      });
    },
    kill(sessionId, opts) {
      const request: ActionRequest = { route: "kill", target: sessionId, opts };
      return command(request, sessionId, { type: "kill", at: ctx.clock.now(), ...idOf(request) });
    },
    restore(sessionId, opts) {
      const request: ActionRequest = { route: "restore", target: sessionId, opts };
      return command(request, sessionId, { type: "restore", at: ctx.clock.now(), ...idOf(request) });
    },
    report(sessionId, report, opts) {
      const request: ActionRequest = { route: "report", target: sessionId, opts };
      const event: SessionEvent = { type: "agent_report", at: ctx.clock.now(), report, ...idOf(request) };
      return command(request, sessionId, event, report);
    },
    async claimPr(project, number, sessionId, opts) {
      await ready();
      const request: ActionRequest = { route: "claim-pr", target: `${project}#${number}`, opts };
      return ledger.run(request, () =>
        claimPr(
          ctx,
          project,
          number,
          sessionId,
          (target) => actionRecord(ctx, request, target),
          request.opts?.requestId,
        ),
      );
    },
    async merge(sessionId, opts) {
      await ready();
      const request: ActionRequest = { route: "merge", target: sessionId, opts };
      return ledger.run(request, async () => {
        const { ps } = ctx.owner(sessionId);
        const outcome = await mergeSession(ctx, ps, sessionId, true);
        // Journaled once the merge is done: a merge that failed may be retried with the same id.
        await ctx.record(ps.ref.id, actionRecord(ctx, request, sessionId, outcome));
        return ctx.owner(sessionId).session;
      });
    },
    async review(sessionId, review, opts) {
      await ready();
      const request: ActionRequest = { route: "review", target: sessionId, opts };
      return ledger.run(request, async () => {
        const { ps, session } = ctx.owner(sessionId);
        const pr = session.facts.pr;
        if (!pr) throw errors.noPr(sessionId);
        const { scm } = ps.project.plugins;
        const post = scm.review?.bind(scm);
        if (!post) {
          throw new AoError({
            code: "NOT_SUPPORTED",
            message: `The scm plugin ${scm.name} cannot post reviews.`,
            hint: "Review the PR on the SCM's own site.",
          });
        }
        await ctx.call(scm, "review", () => post(ps.ref, pr.number, review));
        await ctx.record(ps.ref.id, actionRecord(ctx, request, sessionId, review.decision));
        await tick();
        return ctx.owner(sessionId).session;
      });
    },
    async terminalInput(sessionId, bytes, opts) {
      await ready();
      const { ps } = ctx.owner(sessionId);
      // The count only: what was typed may be a password.
      const count = Number.isInteger(bytes) && bytes >= 0 ? bytes : 0;
      const request: ActionRequest = {
        route: "terminal",
        target: sessionId,
        opts: opts?.actor ? { actor: opts.actor } : undefined,
      };
      await ctx.record(ps.ref.id, actionRecord(ctx, request, sessionId, `${count} bytes`));
    },
    request: (requestId) => findRequest(ctx, requestId),
  };
}
