import { isTerminal, type NotificationSummary, type SessionSnapshot, type SessionState } from "@ao/core";
import { describeError } from "./calls.js";
import type { EngineContext, ProjectState } from "./context.js";
import { buildNotification, sendNotification } from "./notify.js";

/** States where nothing moves until a human acts: a batch counts them as done. */
const NEEDS_HUMAN: readonly SessionState[] = ["stuck", "errored", "pr_closed"];

const done = (s: SessionSnapshot) => isTerminal(s.state) || NEEDS_HUMAN.includes(s.state);

/**
 * What this engine has seen of each project: the sessions already over when
 * it first looked (history, not a batch of its own), and whether a batch
 * session was live since the last summary.
 */
const seen = new WeakMap<ProjectState, { history: Set<string>; live: boolean }>();

/**
 * The batch of a project is every session no summary counted yet. Once every
 * one of them has ended or waits for a human, after at least one was live,
 * one `summary` notification (info) says how it went (a batch of one is its
 * own notification). The `summary` record
 * is journaled before sending: a restart never sends it twice.
 */
export async function summarizeBatch(ctx: EngineContext, ps: ProjectState): Promise<void> {
  // A summary is a courtesy: its failure is logged, never a failed tick.
  await summarize(ctx, ps).catch((error) =>
    ctx.log.warn(`The batch summary of ${ps.ref.id} failed`, { error: describeError(error) }),
  );
}

async function summarize(ctx: EngineContext, ps: ProjectState): Promise<void> {
  const fold = ps.journal.fold;
  let view = seen.get(ps);
  if (!view) {
    const history = new Set<string>();
    for (const s of fold.sessions.values()) if (done(s) && !fold.summarized.has(s.id)) history.add(s.id);
    view = { history, live: false };
    seen.set(ps, view);
  }
  const batch = [...fold.sessions.values()].filter(
    (s) => !fold.summarized.has(s.id) && !view.history.has(s.id),
  );
  if (batch.length === 0) return;
  if (!batch.every(done)) {
    view.live = true;
    return;
  }
  if (!view.live) return;
  view.live = false;
  const sessions = batch.map((s) => s.id);
  // A batch of one already said how it ended (merged, stuck, ...): it is counted, not summarized.
  const notified = sessions.length > 1;
  await ctx.record(ps.ref.id, { at: ctx.clock.now(), kind: "summary", sessions, notified });
  if (!notified) return;
  const costs = sessions.map((id) => fold.agentInfo.get(id)?.costUsd).filter((c) => typeof c === "number");
  const summary: NotificationSummary = {
    sessions,
    merged: batch.filter((s) => s.state === "merged").length,
    stuck: batch.filter((s) => NEEDS_HUMAN.includes(s.state)).length,
    killed: batch.filter((s) => s.state === "killed" || s.state === "closed").length,
    ...(costs.length > 0 ? { costUsd: costs.reduce((a, b) => a + b, 0) } : {}),
  };
  const last = batch.reduce((a, b) => (b.updatedAt > a.updatedAt ? b : a));
  const notification = await buildNotification(ctx, ps, last, { kind: "summary", priority: "info", summary });
  sendNotification(ctx, ps, notification);
}
