import {
  type Activity,
  type ActivityObservation,
  inertText,
  isAoError,
  isTerminal,
  nextDeadline,
  type PrStatus,
  type SessionEvent,
  type SessionSnapshot,
} from "@ao/core";
import { enforceBudget, observeAgentInfo } from "./agent-info.js";
import { agentFilesOf } from "./agent-launch.js";
import { describeError, mapLimit } from "./calls.js";
import { type EngineContext, type ProjectState, stepsOf } from "./context.js";
import { ALL_DUE, type RemoteDue } from "./resync.js";
import { recordScmBudget } from "./scm-budget.js";
import { sessionDir } from "./spawn.js";

const ACTIVITY_EVENT: Record<Activity, SessionEvent["type"]> = {
  active: "agent_active",
  idle: "agent_idle",
  waiting_input: "agent_waiting",
  blocked: "agent_blocked",
  rate_limited: "agent_rate_limited",
  exited: "agent_exited",
};

/** Sessions the loop watches: spawned and not finished. */
export function liveSessions(ps: ProjectState): SessionSnapshot[] {
  return [...ps.journal.fold.sessions.values()].filter(
    (s) => !isTerminal(s.state) && s.facts.phase === "running",
  );
}

/** Observe one session's runtime, agent and workspace; dispatch an event for each change. */
async function observeSession(
  ctx: EngineContext,
  ps: ProjectState,
  s: SessionSnapshot,
): Promise<string[] | null> {
  const { runtime, workspace } = ps.project.plugins;
  const agent = await ctx.agentOf(ps, s.id);
  const now = ctx.clock.now();
  const handle = s.resources.runtime;
  const ws = s.resources.workspace;
  // Without a workspace there is nothing of the agent's to read: its session dir stands in (never ao's cwd).
  const files = agentFilesOf(ctx, ps, s.id, ws?.path ?? sessionDir(ps, s.id));
  let observedId: string | undefined;
  let exitedNow = false;
  if (handle && s.facts.activity?.state !== "exited") {
    const alive = await ctx.call(runtime, "isAlive", () => runtime.isAlive(handle));
    const output = alive ? await ctx.call(runtime, "getOutput", () => runtime.getOutput(handle, 50)) : "";
    const lastOutputAt =
      alive && runtime.lastOutputAt
        ? await ctx.call(runtime, "lastOutputAt", () => runtime.lastOutputAt?.(handle) ?? null)
        : null;
    const agentSessionId = ps.journal.fold.agentInfo.get(s.id)?.agentSessionId ?? null;
    const seen = await ctx.call(agent, "detectActivity", () =>
      agent.detectActivity({ cwd: ws?.path ?? "", files, agentSessionId, output, lastOutputAt, alive, now }),
    );
    if (typeof seen.agentSessionId === "string" && seen.agentSessionId) observedId = seen.agentSessionId;
    const event = activityEvent(ctx, seen, alive, lastOutputAt, now);
    const cur = s.facts.activity;
    const movedReset = event.type === "agent_rate_limited" && event.resetsAt !== cur?.resetsAt;
    if (!cur || event.type !== ACTIVITY_EVENT[cur.state] || movedReset) {
      await ctx.dispatch(s.id, event);
      exitedNow = event.type === "agent_exited";
    }
  }
  // An agent that just exited is read once more, unthrottled: its last turn's tokens count too.
  if (ws && s.facts.activity?.state !== "exited") {
    await observeAgentInfo(ctx, ps, s, agent, files, observedId, exitedNow);
  }
  if (!ws) return null;
  const status = await ctx.call(workspace, "status", () => workspace.status(ps.ref, ws));
  const base = (stepsOf(ps, s.id).workspace as { baseHead?: string } | undefined)?.baseHead;
  const current = ps.journal.fold.sessions.get(s.id) ?? s;
  if (status.head !== current.facts.localHead && status.head !== base) {
    await ctx.dispatch(s.id, { type: "local_commits", at: ctx.clock.now(), headSha: status.head });
  }
  return status.changedFiles;
}

/** Evidence is kept short: it is a pointer for a human, not the transcript. */
export const EVIDENCE_MAX = 200;

/**
 * The event an observation stands for. A dead runtime is `exited` whatever
 * the plugin says; an `active` whose evidence (or last output) is older than
 * `staleActivityMs` has decayed to idle: a stale spinner is not work.
 */
export function activityEvent(
  ctx: EngineContext,
  seen: ActivityObservation,
  alive: boolean,
  lastOutputAt: number | null,
  now: number,
): SessionEvent {
  const evidence = seen.evidence ? inertText(seen.evidence).slice(0, EVIDENCE_MAX) : undefined;
  const evidenceAt = typeof seen.at === "number" && seen.at <= now ? seen.at : undefined;
  if (!alive) {
    return { type: "agent_exited", at: now, source: "runtime", evidence: "the runtime is gone" };
  }
  let state: Activity = seen.state;
  let text = evidence;
  const basis = evidenceAt ?? lastOutputAt;
  if (state === "active" && basis !== null && now - basis >= ctx.staleActivityMs) {
    state = "idle";
    const minutes = Math.round((now - basis) / 60_000);
    text = `no new evidence for ${minutes} min${evidence ? ` (last: ${evidence})` : ""}`;
  }
  return {
    type: ACTIVITY_EVENT[state],
    at: now,
    source: seen.source,
    ...(text ? { evidence: text } : {}),
    ...(evidenceAt !== undefined ? { evidenceAt } : {}),
    ...(state === "rate_limited" && seen.resetsAt !== undefined ? { resetsAt: seen.resetsAt } : {}),
  } as SessionEvent;
}

/** The events that take a session's PR facts to the observed status. */
export function prEvents(s: SessionSnapshot, st: PrStatus, at: number): SessionEvent[] {
  const pr = s.facts.pr;
  if (!pr) return [];
  if (st.state === "merged") return [{ type: "pr_merged", at }];
  if (st.state === "closed") return [{ type: "pr_closed", at }];
  const out: SessionEvent[] = [];
  const headSha = st.headSha ?? undefined;
  const sha = headSha ? { headSha } : {};
  // The agent (or a human) pushed by themselves: a new head resets CI and conflicts first.
  if (headSha && headSha !== pr.headSha && !s.facts.pastShas.includes(headSha))
    out.push({ type: "pushed", at, headSha });
  const moved = out.length > 0;
  const ci = moved ? "pending" : pr.ci;
  if (st.ci !== ci) {
    if (st.ci === "pending") out.push({ type: "ci_pending", at, ...sha });
    if (st.ci === "passed") out.push({ type: "ci_passed", at, ...sha });
    if (st.ci === "failed") out.push({ type: "ci_failed", at, ...sha });
  }
  if (st.review !== pr.review) {
    if (st.review === "approved") out.push({ type: "review_approved", at, ...sha });
    if (st.review === "changes_requested") out.push({ type: "changes_requested", at, ...sha });
  }
  const conflict = moved ? false : pr.conflict;
  if (st.conflict !== conflict)
    out.push({ type: st.conflict ? "conflict_detected" : "conflict_resolved", at, ...sha });
  const mergeable = moved ? null : pr.mergeable;
  if (st.mergeable !== mergeable && !st.conflict)
    out.push({ type: "mergeability", at, mergeable: st.mergeable, ...sha });
  return out;
}

/** Issues checked for closure per project per tick (round robin), so a big fleet stays cheap. */
const ISSUE_CHECKS_PER_TICK = 25;
const issueCursor = new WeakMap<ProjectState, number>();

async function observeIssues(ctx: EngineContext, ps: ProjectState, live: SessionSnapshot[]): Promise<void> {
  const { tracker } = ps.project.plugins;
  const open = live.filter((s) => s.issue && !s.facts.issueClosed);
  if (open.length === 0) return;
  const start = (issueCursor.get(ps) ?? 0) % open.length;
  const batch = [...open.slice(start), ...open.slice(0, start)].slice(0, ISSUE_CHECKS_PER_TICK);
  issueCursor.set(ps, start + batch.length);
  await mapLimit(batch, ctx.concurrency, async (s) => {
    const id = s.issue as string;
    const issue = await ctx.call(tracker, "getIssue", () => tracker.getIssue(ps.ref, id));
    if (issue.state === "closed") await ctx.dispatch(s.id, { type: "issue_closed", at: ctx.clock.now() });
  });
}

function report(ctx: EngineContext, what: string, results: Array<{ ok: boolean; error?: unknown }>) {
  for (const r of results) if (!r.ok) ctx.log.warn(`${what} failed`, { error: describeError(r.error) });
}

/** The last SCM observation failure of each project (a code), until one succeeds. */
const scmFailures = new WeakMap<ProjectState, string>();

/**
 * One reconcile pass over a project: per-session observation (bounded
 * concurrency, a failure isolated to its session), then one batched SCM
 * observation for all open PRs, issue closure, due timers and retries.
 * `due` says whether the SCM and the tracker may be asked this tick (a slow
 * resync when their webhooks are on).
 * Returns each session's changed files, for overlap detection.
 */
export async function observeProject(
  ctx: EngineContext,
  ps: ProjectState,
  due: RemoteDue = ALL_DUE,
): Promise<Map<string, string[]>> {
  const live = liveSessions(ps);
  const changed = new Map<string, string[]>();
  const results = await mapLimit(live, ctx.concurrency, async (s) => {
    const files = await observeSession(ctx, ps, s);
    if (files) changed.set(s.id, files);
  });
  report(ctx, "observation", results);
  await enforceBudget(ctx, ps, liveSessions(ps)).catch((error) =>
    ctx.log.warn(`Budget check of ${ps.ref.id} failed`, { error: describeError(error) }),
  );

  const { scm } = ps.project.plugins;
  const withPr = liveSessions(ps).filter((s) => s.facts.pr?.state === "open");
  if (withPr.length > 0 && due.scm) {
    try {
      const numbers = withPr.map((s) => s.facts.pr?.number as number);
      const statuses = await ctx.call(scm, "observe", () => scm.observe(ps.ref, numbers));
      const at = ctx.clock.now();
      const r = await mapLimit(withPr, ctx.concurrency, async (s) => {
        const st = statuses.get(s.facts.pr?.number as number);
        if (!st) return;
        for (const event of prEvents(ps.journal.fold.sessions.get(s.id) ?? s, st, at))
          await ctx.dispatch(s.id, event);
      });
      report(ctx, "PR update", r);
      scmFailures.delete(ps);
    } catch (error) {
      // A rate limit fails every poll until its reset: warn once per kind of failure, not per tick.
      const kind = isAoError(error) ? error.code : describeError(error);
      const say = scmFailures.get(ps) === kind ? ctx.log.debug : ctx.log.warn;
      scmFailures.set(ps, kind);
      say.call(ctx.log, `SCM observation of ${ps.ref.id} failed`, { error: describeError(error) });
    }
    await recordScmBudget(ctx, ps);
  }

  try {
    if (due.tracker) await observeIssues(ctx, ps, liveSessions(ps));
  } catch (error) {
    ctx.log.warn(`Issue observation of ${ps.ref.id} failed`, { error: describeError(error) });
  }

  const now = ctx.clock.now();
  for (const s of liveSessions(ps)) {
    const due = nextDeadline(s);
    if (due && due.at <= now) {
      await ctx
        .dispatch(s.id, { type: "timer_fired", at: now, key: due.key })
        .catch((error) => ctx.log.warn("timer failed", { session: s.id, error: describeError(error) }));
    }
  }
  return changed;
}

/** Pairs of open sessions changing the same files, each pair+file set reported once. */
export function findOverlaps(
  changed: Map<string, string[]>,
): Array<{ session: string; with: string; files: string[] }> {
  const byFile = new Map<string, string[]>();
  for (const [session, files] of changed) {
    for (const file of files) {
      const list = byFile.get(file) ?? [];
      list.push(session);
      byFile.set(file, list);
    }
  }
  const pairs = new Map<string, { session: string; with: string; files: string[] }>();
  for (const [file, sessions] of byFile) {
    if (sessions.length < 2) continue;
    const sorted = [...sessions].sort();
    for (let i = 0; i < sorted.length; i++) {
      for (let j = i + 1; j < sorted.length; j++) {
        const key = `${sorted[i]}\n${sorted[j]}`;
        const pair = pairs.get(key) ?? { session: sorted[i] as string, with: sorted[j] as string, files: [] };
        pair.files.push(file);
        pairs.set(key, pair);
      }
    }
  }
  return [...pairs.values()].map((p) => ({ ...p, files: p.files.sort() }));
}
