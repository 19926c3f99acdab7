import type { TrackerWebhookEvent } from "@ao/core";
import { isTerminal } from "@ao/core";
import type { ActionOptions } from "./api.js";
import type { EngineContext, ProjectState } from "./context.js";
import { normalizeRepo } from "./ingest.js";

/** Whether an issue event is about this project's repository (an event that does not say is). */
function sameRepo(event: TrackerWebhookEvent, ps: ProjectState): boolean {
  return event.repo === undefined || normalizeRepo(event.repo) === normalizeRepo(ps.ref.repo);
}

/** Whether an event can bring an issue into intake: opened, reopened or labelled with every intake label. */
function mayStartIntake(event: TrackerWebhookEvent, ps: ProjectState): boolean {
  if (!ps.project.intake.auto) return false;
  if (event.type === "issue_opened" || event.type === "issue_reopened") return true;
  if (event.type !== "issue_labeled") return false;
  return ps.project.intake.labels.every((label) => event.labels.includes(label));
}

/**
 * Apply an event a tracker's webhook reported. A closed issue closes its live
 * sessions (as the poll would); an opened, reopened or labelled issue runs
 * intake for the project now, which applies the whole intake filter through
 * the tracker, so a label event for an issue of another milestone spawns
 * nothing. Comments change nothing yet. Each delivery is applied once
 * (journaled as `tracker:<delivery>`, apart from the SCM events of the same
 * delivery on a shared route).
 */
export async function ingestIssueEvent(
  ctx: EngineContext,
  ps: ProjectState,
  event: TrackerWebhookEvent,
  opts: Pick<ActionOptions, "actor"> | undefined,
  intake: () => Promise<unknown>,
): Promise<void> {
  if (!sameRepo(event, ps)) return;
  const acts = event.type === "issue_closed" || mayStartIntake(event, ps);
  if (!acts) return;
  if (event.deliveryId) {
    const id = `tracker:${event.deliveryId}:${event.issue}`;
    const fresh = await ctx.serial(`${ps.ref.id}#delivery`, async () => {
      if (ps.journal.fold.deliveries.has(id)) return false;
      const actor = opts?.actor ? { actor: opts.actor } : {};
      await ctx.record(ps.ref.id, { at: ctx.clock.now(), kind: "delivery", id, ...actor });
      return true;
    });
    if (!fresh) return;
  }
  if (event.type === "issue_closed") {
    const sessions = [...ps.journal.fold.sessions.values()].filter(
      (s) => s.issue === event.issue && !isTerminal(s.state) && !s.facts.issueClosed,
    );
    for (const s of sessions) await ctx.dispatch(s.id, { type: "issue_closed", at: ctx.clock.now() });
    return;
  }
  await intake();
}
