import type { Effect, NotificationKind, NotificationPriority } from "./effects.js";
import type { EventOf, SessionEvent, SessionEventType } from "./events.js";
import type { ReactionKey } from "./reactions.js";
import {
  type ActivityFact,
  type Activity,
  deriveState,
  isTerminal,
  PAST_SHA_LIMIT,
  type PrFact,
  SEEN_LIMIT,
  type SessionFacts,
  type SessionSnapshot,
  type SessionState,
} from "./session.js";
import { AUTO_FIX, settleTimers, withFacts } from "./machine-facts.js";

/** What applying one event did to the facts; `null` means the event is stale or changes nothing. */
interface Applied {
  facts: SessionFacts;
  resources?: SessionSnapshot["resources"];
  effects?: Effect[];
}

type Rule<T extends SessionEventType> = (s: SessionSnapshot, e: EventOf<T>) => Applied | null;
type EventTable = { [T in SessionEventType]: Rule<T> };

const with_ = (s: SessionSnapshot, patch: Partial<SessionFacts>): SessionFacts => withFacts(s.facts, patch);

function activity(
  s: SessionSnapshot,
  e: SessionEvent,
  state: Activity,
  source: string | undefined = "source" in e ? e.source : undefined,
  extra?: Partial<SessionFacts>,
): Applied | null {
  const cur = s.facts.activity;
  if (cur && e.at < cur.at) return null; // older observation
  // Older evidence never overrides newer (a prompt still on screen after the transcript moved on).
  const evidenceAt = "evidenceAt" in e && typeof e.evidenceAt === "number" ? e.evidenceAt : e.at;
  if (cur && evidenceAt < (cur.evidenceAt ?? cur.at) && cur.state !== "exited") return null;
  if (cur && cur.state === state && extra === undefined) return null;
  const next: ActivityFact = {
    state,
    source: source ?? "unknown",
    at: e.at,
    since: cur && cur.state === state ? cur.since : e.at,
  };
  if ("resetsAt" in e && typeof e.resetsAt === "number") next.resetsAt = e.resetsAt;
  if ("evidence" in e && typeof e.evidence === "string") next.evidence = e.evidence;
  if (evidenceAt !== e.at) next.evidenceAt = evidenceAt;
  return { facts: with_(s, extra ? { activity: next, ...extra } : { activity: next }) };
}

function pr(s: SessionSnapshot, e: { headSha?: string }, patch: Partial<PrFact>): Applied | null {
  const cur = s.facts.pr;
  if (!cur || cur.state !== "open") return null;
  if (e.headSha && s.facts.pastShas.includes(e.headSha)) return null; // about an older head
  const next = { ...cur, ...patch };
  if ((Object.keys(patch) as Array<keyof PrFact>).every((k) => cur[k] === next[k])) return null;
  return { facts: with_(s, { pr: next }) };
}

function openPr(s: SessionSnapshot, e: EventOf<"pr_opened" | "pr_claimed">): Applied | null {
  if (s.facts.pr && s.facts.pr.number === e.number && s.facts.pr.state === "open") return null;
  const fact: PrFact = {
    number: e.number,
    url: e.url,
    headSha: e.headSha ?? s.facts.pushedHead,
    state: "open",
    ci: "none",
    review: "none",
    mergeable: null,
    conflict: false,
  };
  return { facts: with_(s, { pr: fact, pushedHead: fact.headSha ?? s.facts.pushedHead }) };
}

const REPORT_ACTIVITY = {
  working: "active",
  needs_input: "waiting_input",
  blocked: "blocked",
  done: "idle",
} as const;

/** The transition table: one rule per event, each a pure function of (snapshot, event). */
const EVENTS = {
  spawned: (s, e) =>
    s.facts.phase === "running" && s.facts.runtimeAlive === true
      ? null
      : {
          facts: with_(s, { phase: "running", runtimeAlive: true, error: null, activity: null }),
          resources: e.resources,
        },
  spawn_failed: (s, e) =>
    s.facts.phase === "running" ? null : { facts: with_(s, { phase: "spawn_failed", error: e.error }) },
  agent_active: (s, e) => activity(s, e, "active"),
  agent_idle: (s, e) => activity(s, e, "idle"),
  agent_waiting: (s, e) => activity(s, e, "waiting_input"),
  agent_blocked: (s, e) => activity(s, e, "blocked"),
  // A limit whose reset moved (a session limit, then a weekly one) is news: the resume waits for it.
  agent_rate_limited: (s, e) =>
    activity(s, e, "rate_limited", undefined, e.resetsAt !== s.facts.activity?.resetsAt ? {} : undefined),
  agent_exited: (s, e) =>
    // Polling sees a dead agent every tick: only the first sighting (or a new error) is news.
    s.facts.activity?.state === "exited" &&
    !s.facts.runtimeAlive &&
    (e.error ?? s.facts.error) === s.facts.error
      ? null
      : activity(s, e, "exited", e.source, { runtimeAlive: false, error: e.error ?? s.facts.error }),
  local_commits: (s, e) =>
    s.facts.localHead === e.headSha ? null : { facts: with_(s, { localHead: e.headSha }) },
  pushed: (s, e) => {
    if (s.facts.pushedHead === e.headSha || s.facts.pastShas.includes(e.headSha)) return null;
    const cur = s.facts.pr;
    // Every head we move past is stale from now on, PR or not, so a late `pushed` cannot rewind.
    const older = [cur?.headSha, s.facts.pushedHead].filter((h): h is string => !!h && h !== e.headSha);
    const pastShas = [...s.facts.pastShas, ...new Set(older)].slice(-PAST_SHA_LIMIT);
    // An approval is for the head it was given on: new commits go back to review.
    const nextPr: PrFact | null =
      cur && cur.state === "open"
        ? {
            ...cur,
            headSha: e.headSha,
            ci: "pending",
            conflict: false,
            mergeable: null,
            review: cur.review === "approved" ? "pending" : cur.review,
          }
        : cur;
    return {
      facts: with_(s, {
        pushedHead: e.headSha,
        localHead: s.facts.localHead ?? e.headSha,
        pr: nextPr,
        pastShas,
        escalation: null,
      }),
      effects: cur ? [] : [{ type: "open_pr" }],
    };
  },
  pr_opened: openPr,
  pr_claimed: openPr,
  ci_pending: (s, e) => pr(s, e, { ci: "pending" }),
  ci_passed: (s, e) => pr(s, e, { ci: "passed" }),
  ci_failed: (s, e) => pr(s, e, { ci: "failed" }),
  review_approved: (s, e) => pr(s, e, { review: "approved" }),
  changes_requested: (s, e) => pr(s, e, { review: "changes_requested" }),
  review_comment: (s, e) => {
    const cur = s.facts.pr;
    if (!cur || cur.state !== "open" || (e.headSha && s.facts.pastShas.includes(e.headSha))) return null;
    const rule = s.rules["changes-requested"];
    if (!rule.auto || rule.action !== "send-to-agent") return null; // the human reads comments themselves
    return {
      facts: s.facts,
      effects: [
        {
          type: "send_to_agent",
          reaction: "changes-requested",
          attempt: s.facts.attempts["changes-requested"] ?? 0,
        },
      ],
    };
  },
  conflict_detected: (s, e) => pr(s, e, { conflict: true, mergeable: false }),
  conflict_resolved: (s, e) => pr(s, e, { conflict: false }),
  mergeability: (s, e) => pr(s, e, { mergeable: e.mergeable }),
  pr_merged: (s) => (s.facts.pr ? { facts: with_(s, { pr: { ...s.facts.pr, state: "merged" } }) } : null),
  pr_closed: (s) =>
    s.facts.pr && s.facts.pr.state === "open"
      ? { facts: with_(s, { pr: { ...s.facts.pr, state: "closed" } }) }
      : null,
  issue_closed: (s) => (s.facts.issueClosed ? null : { facts: with_(s, { issueClosed: true }) }),
  user_message: (s, e) => ({
    facts: with_(s, { escalation: null }),
    effects: [{ type: "send_message", text: e.text }],
  }),
  agent_report: (s, e) => activity(s, e, REPORT_ACTIVITY[e.report], "report"),
  timer_fired: (s, e) => {
    const due = s.facts.timers[e.key];
    if (due === undefined || e.at < due) return null;
    const timers = { ...s.facts.timers };
    delete timers[e.key];
    const facts = with_(s, { timers });
    if (e.key === "agent-stuck") {
      const a = s.facts.activity;
      const idleFor = a ? Math.round((e.at - a.since) / 1000) : 0;
      return escalate(s, facts, e.at, "stuck", `agent ${a?.state ?? "idle"} for ${idleFor}s`, "agent-stuck");
    }
    const answered = AUTO_FIX.find(([key]) => key === e.key)?.[1];
    if (answered !== s.state) return { facts };
    return escalate(s, facts, e.at, "escalated", `${e.key} not resolved in time`, e.key);
  },
  // An agent that cannot be reached needs a human: nothing else will move the session.
  delivery_failed: (s, e) =>
    s.facts.escalation
      ? null
      : escalate(
          s,
          s.facts,
          e.at,
          "stuck",
          `a message to the agent could not be delivered: ${e.error}`,
          e.reaction,
        ),
  budget_exceeded: (s, e) => {
    if (s.facts.escalation?.cause === "budget") return null;
    const reason = `budget: $${e.spentUsd.toFixed(2)} spent, the ${e.scope} cap is $${e.capUsd.toFixed(2)}`;
    // The agent is being stopped: observation must not read that as a crash to restore.
    const stopped: ActivityFact = { state: "exited", source: "budget", at: e.at, since: e.at };
    return {
      facts: with_(s, {
        escalation: { reason, at: e.at, cause: "budget" },
        activity: stopped,
        runtimeAlive: false,
      }),
      effects: [{ type: "stop_agent", reason: "budget" }, notice("budget", "urgent", { reason })],
    };
  },
  kill: (s) => ({ facts: with_(s, { killed: true }) }),
  // From pr_closed the closed PR is let go: once the agent is back, a PR is opened again.
  restore: (s) => ({
    facts: with_(s, {
      escalation: null,
      error: null,
      phase: s.facts.phase === "spawn_failed" ? "spawning" : s.facts.phase,
      runtimeAlive: null,
      activity: null,
      ...(s.state === "pr_closed" ? { pr: null } : {}),
    }),
    effects:
      s.state === "pr_closed" && s.facts.pr
        ? [{ type: "restore" }, { type: "open_pr", reopen: s.facts.pr.number }]
        : [{ type: "restore" }],
  }),
} satisfies EventTable;

const notice = (kind: NotificationKind, priority: NotificationPriority, more: Partial<Effect> = {}): Effect =>
  ({ type: "notify", kind, priority, ...more }) as Effect;

/** A reaction's configured priority wins over its notification's own. */
const priorityOf = (s: SessionSnapshot, key: ReactionKey | undefined, fallback: NotificationPriority) =>
  (key && s.rules[key]?.priority) || fallback;

function escalate(
  s: SessionSnapshot,
  f: SessionFacts,
  at: number,
  kind: NotificationKind,
  reason: string,
  key?: ReactionKey,
) {
  const effects = [notice(kind, priorityOf(s, key, "urgent"), key ? { reaction: key, reason } : { reason })];
  return {
    facts: withFacts(f, { escalation: key ? { reason, reaction: key, at } : { reason, at } }),
    effects,
  };
}

/** Fire a reaction: send to the agent while attempts remain, else escalate to the human. */
function fire(s: SessionSnapshot, facts: SessionFacts, key: ReactionKey, at: number): Applied {
  const rule = s.rules[key];
  if (!rule.auto || rule.action === "notify") {
    return { facts, effects: [notice("needs_attention", priorityOf(s, key, "action"), { reaction: key })] };
  }
  const used = facts.attempts[key] ?? 0;
  if (rule.retries !== undefined && used >= rule.retries) {
    return escalate(s, facts, at, "escalated", `${key}: ${used} auto attempt(s) used, none left`, key);
  }
  const timers =
    rule.escalateAfterMs !== undefined ? { ...facts.timers, [key]: at + rule.escalateAfterMs } : facts.timers;
  return {
    facts: withFacts(facts, { attempts: { ...facts.attempts, [key]: used + 1 }, timers }),
    effects: [{ type: "send_to_agent", reaction: key, attempt: used + 1 }],
  };
}

const RELEASE: Effect = { type: "update_issue", mark: "released" };
const cleanup = (reason: "merged" | "closed" | "killed"): Effect => ({ type: "cleanup", reason });

/** What entering a state does, beyond the auto-fix reactions. */
const ON_ENTER: Partial<Record<SessionState, (s: SessionSnapshot, f: SessionFacts) => Effect[]>> = {
  mergeable: (s) => {
    const green = s.rules["approved-and-green"];
    return [
      green.auto && green.action === "merge"
        ? { type: "merge" }
        : notice("ready_to_merge", priorityOf(s, "approved-and-green", "action")),
    ];
  },
  errored: (_, f) => [notice("errored", "urgent", { reason: f.error ?? "agent exited" })],
  merged: () => [cleanup("merged"), { type: "update_issue", mark: "done" }, notice("merged", "info")],
  closed: (_, f) => [cleanup("closed"), ...(f.issueClosed ? [] : [RELEASE])],
  killed: () => [cleanup("killed"), RELEASE],
  // Closed by a human while the issue is open: nothing is destroyed until they decide.
  pr_closed: () => [{ type: "stop_agent", reason: "pr_closed" }, notice("pr_closed", "action")],
};

/** Entering an auto-fix state fires its reaction, which also counts the attempt. */
function enter(s: SessionSnapshot, facts: SessionFacts, state: SessionState, at: number): Applied {
  const fix = AUTO_FIX.find(([, answered]) => answered === state);
  return fix ? fire(s, facts, fix[0], at) : { facts, effects: ON_ENTER[state]?.(s, facts) ?? [] };
}

/** States where a human already decides, or nothing runs: a question there is no news. */
const QUIET: readonly SessionState[] = ["spawning", "pr_closed", "errored"];

/** Entering `waiting_input` notifies once per episode (the activity's `since` marks it). */
function waitingNotice(s: SessionSnapshot, facts: SessionFacts, state: SessionState): Effect | null {
  const a = facts.activity;
  const rule = s.rules["agent-waiting"];
  if (!a || a.state !== "waiting_input" || s.facts.activity?.state === "waiting_input") return null;
  if (!rule?.auto || isTerminal(state) || QUIET.includes(state)) return null;
  return notice("waiting_input", rule.priority ?? "urgent", {
    reaction: "agent-waiting",
    ...(a.evidence ? { reason: a.evidence } : {}),
  });
}

/** The push rule: unpushed commits and an agent at rest mean push now. */
function wantsPush(facts: SessionFacts, state: SessionState): boolean {
  const resting = facts.activity?.state === "idle" || facts.activity?.state === "exited";
  return (
    !isTerminal(state) &&
    state !== "stuck" &&
    state !== "pr_closed" &&
    resting &&
    facts.localHead !== null &&
    facts.localHead !== facts.pushedHead &&
    !facts.pastShas.includes(facts.localHead)
  );
}

const PUSH_TRIGGERS: ReadonlySet<SessionEventType> = new Set([
  "local_commits",
  "agent_idle",
  "agent_exited",
  "agent_report",
  "user_message",
  "restore",
]);

/**
 * The pure transition: `(snapshot, event) -> [snapshot, effects]`.
 * Terminal states absorb; a repeated event id or a stale observation returns
 * the same snapshot and no effects; the state is always `deriveState(facts)`.
 */
export function transition(s: SessionSnapshot, event: SessionEvent): [SessionSnapshot, Effect[]] {
  if (isTerminal(s.state)) return [s, []];
  if (event.id !== undefined && s.seen.includes(event.id)) return [s, []];
  const rule = EVENTS[event.type] as Rule<SessionEventType>;
  const applied = rule(s, event as never);
  if (!applied) return [s, []];

  const effects: Effect[] = applied.effects ? [...applied.effects] : [];
  let facts = applied.facts;
  let state = deriveState(facts);
  // Leaving `stuck` re-fires no auto-fix (a human is on it), but cleanup, merge and notices still run.
  const refire = s.state === "stuck" && AUTO_FIX.some(([, answered]) => answered === state);
  if (state !== s.state && !refire) {
    const entered = enter(s, facts, state, event.at);
    facts = entered.facts;
    effects.push(...(entered.effects ?? []));
    state = deriveState(facts);
  }
  // An exit with no PR is a crash (errored notifies); with a PR, the agent-exited reaction decides.
  const parked = state === "pr_closed" || facts.escalation?.cause === "budget"; // stopped on purpose
  if (event.type === "agent_exited" && state !== "errored" && !parked) {
    const rule = s.rules["agent-exited"];
    // Relaunched before its usage limit resets, the agent would hit it at once: the exit keeps
    // the reset, and the engine restores the agent then (usage-limit.ts).
    const prev = s.facts.activity;
    const resetsAt =
      prev?.state === "rate_limited" && (prev.resetsAt ?? 0) > event.at ? prev.resetsAt : undefined;
    const restore = rule.action === "restore" && rule.auto;
    if (restore && resetsAt !== undefined && facts.activity)
      facts = withFacts(facts, { activity: { ...facts.activity, resetsAt } });
    else if (restore) effects.push({ type: "restore" });
    else
      effects.push(
        notice("agent_exited", priorityOf(s, "agent-exited", "urgent"), {
          reason: facts.error ?? "agent exited",
        }),
      );
  }
  const waiting = waitingNotice(s, facts, state);
  if (waiting) effects.push(waiting);
  facts = settleTimers(s, facts, state);
  if (PUSH_TRIGGERS.has(event.type) && wantsPush(facts, state)) effects.push({ type: "push" });

  // Every field spelled out (in createSession's order) rather than `...s` and
  // overrides: V8 then builds one fixed shape instead of cloning and patching.
  const next: SessionSnapshot = {
    id: s.id,
    project: s.project,
    issue: s.issue,
    branch: s.branch,
    createdAt: s.createdAt,
    updatedAt: Math.max(s.updatedAt, event.at),
    state,
    facts,
    resources: applied.resources ?? s.resources,
    rules: s.rules,
    seen: event.id === undefined ? s.seen : [...s.seen, event.id].slice(-SEEN_LIMIT),
    version: s.version + 1,
  };
  return [next, effects];
}

/** Fold a sequence of events over a snapshot, collecting every effect. */
export function replay(start: SessionSnapshot, events: Iterable<SessionEvent>): [SessionSnapshot, Effect[]] {
  let s = start;
  const all: Effect[] = [];
  for (const e of events) {
    const [next, effects] = transition(s, e);
    s = next;
    all.push(...effects);
  }
  return [s, all];
}

/** The earliest armed timer of a session, for the engine's scheduler. */
export function nextDeadline(s: SessionSnapshot): { key: ReactionKey; at: number } | null {
  let best: { key: ReactionKey; at: number } | null = null;
  for (const [key, at] of Object.entries(s.facts.timers) as Array<[ReactionKey, number]>) {
    if (!best || at < best.at) best = { key, at };
  }
  return best;
}
