import { errors, type SessionSnapshot } from "@ao/core";
import type { ActionOptions, ActionRoute, Actor, RequestOutcome } from "./api.js";
import type { EngineContext } from "./context.js";
import type { RecordInput } from "./fold.js";

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Who acts when the caller does not say: the engine itself (reactions, intake). */
export const ENGINE_ACTOR: Actor = { kind: "engine" };

/** One action as the caller asked for it: what it is about and who asked. */
export interface ActionRequest {
  route: ActionRoute;
  target: string;
  opts: ActionOptions | undefined;
}

/** The `action` record of a request, naming the session it produced or acted on. */
export function actionRecord(
  ctx: EngineContext,
  request: ActionRequest,
  session: string,
  detail?: string,
): RecordInput {
  const { route, target, opts } = request;
  return {
    at: ctx.clock.now(),
    kind: "action",
    session,
    route,
    target,
    actor: opts?.actor ?? ENGINE_ACTOR,
    ...(opts?.requestId ? { requestId: opts.requestId } : {}),
    ...(detail ? { detail } : {}),
  };
}

/** What the journals know about a request id. */
export function findRequest(ctx: EngineContext, requestId: string): RequestOutcome | undefined {
  for (const ps of ctx.projects.values()) {
    const known = ps.journal.fold.requests.get(requestId);
    if (known) return { project: ps.ref.id, ...known };
  }
  return undefined;
}

/**
 * Runs each request id once. A request whose id the journal already holds for
 * the same route and target answers with the current snapshot of the session
 * it acted on, without acting again (also after a restart: the record is in
 * the journal); the same id for another route or target is refused, so a
 * reused id never answers with another request's session. Concurrent retries
 * in this process share the first one's result.
 */
export class RequestLedger {
  private readonly inflight = new Map<
    string,
    { route: string; target: string; result: Promise<SessionSnapshot> }
  >();

  constructor(private readonly ctx: EngineContext) {}

  run(request: ActionRequest, act: () => Promise<SessionSnapshot>): Promise<SessionSnapshot> {
    const id = request.opts?.requestId;
    if (id === undefined) return act();
    // Ids are journaled and kept in memory: a short token, never free text.
    if (!REQUEST_ID.test(id)) {
      throw errors.usage(
        `The request id ${JSON.stringify(id.slice(0, 40))}${id.length > 40 ? "…" : ""} is not valid.`,
        "Use 1-128 characters among letters, digits, '.', '_', ':' and '-' (a UUID is fine).",
      );
    }
    const same = (k: { route: string; target: string }) =>
      k.route === request.route && k.target === request.target;
    const known = findRequest(this.ctx, id);
    if (known) {
      if (!same(known)) throw errors.requestIdReused(id, known.route, known.target);
      return Promise.resolve(this.ctx.owner(known.session).session);
    }
    const running = this.inflight.get(id);
    if (running) {
      if (!same(running)) throw errors.requestIdReused(id, running.route, running.target);
      return running.result;
    }
    const result = act().finally(() => this.inflight.delete(id));
    this.inflight.set(id, { route: request.route, target: request.target, result });
    return result;
  }
}
