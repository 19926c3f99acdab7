import { type Effect, type RateBudget, type SessionSnapshot, transition } from "@ao/core";
import type { ActionRoute, Actor, AgentInfo, JournalRecord } from "./api.js";

/** An effect the machine asked for that has not succeeded yet. */
export interface PendingEffect {
  /** `<session>:<version after the event>:<index>`: stable across replays. */
  ref: string;
  session: string;
  effect: Effect;
  /** Failed attempts so far. */
  attempts: number;
  /** Not before this time (ms since epoch): the retry backoff. */
  nextAt: number;
}

/** Two open sessions of one project that change the same files. */
export interface Overlap {
  project?: string;
  session: string;
  with: string;
  files: string[];
  at: number;
}

/** A request id as journaled by an `action` record: what it asked for and which session it answered with. */
export interface KnownRequest {
  route: ActionRoute;
  target: string;
  session: string;
  actor: Actor;
  at: number;
}

/** The fields of a record before the store stamps `seq`. */
export type RecordInput = JournalRecord extends infer R
  ? R extends { seq: number }
    ? Omit<R, "seq">
    : never
  : never;

/** Failed effects are retried at most this many times, with exponential backoff. */
export const MAX_EFFECT_ATTEMPTS = 5;
export const EFFECT_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 5 * 60_000;
/** Delivery ids kept for deduplication (a redelivery older than this many is very unlikely). */
export const DELIVERY_LIMIT = 10_000;
/** Request ids kept for deduplication, like deliveries. */
export const REQUEST_LIMIT = 10_000;

export function backoffMs(attempts: number): number {
  return Math.min(EFFECT_BACKOFF_MS * 2 ** Math.max(0, attempts - 1), MAX_BACKOFF_MS);
}

/** Serialized form stored in `snapshot.json`. */
export interface FoldJSON {
  sessions: Record<string, SessionSnapshot>;
  steps: Record<string, Record<string, unknown>>;
  deliveries: string[];
  /** Absent in snapshots written before request ids were journaled. */
  requests?: Array<[string, KnownRequest]>;
  overlaps: Overlap[];
  pending: PendingEffect[];
  /** The SCM's last journaled API budget (absent in older snapshots). */
  budget?: { at: number; budget: RateBudget[] } | null;
  /** Absent in snapshots written before agent info was journaled. */
  agentInfo?: Record<string, AgentInfo>;
  /** Absent in snapshots written before notifier failures were journaled. */
  notifyFailures?: NotifyFailure[];
  /** Sessions already in a sent batch summary (absent in older snapshots). */
  summarized?: string[];
}

/** A notifier's failure as journaled (`notify_failed`), for `ao status`. */
export interface NotifyFailure {
  at: number;
  session: string;
  notifier: string;
  notification: string;
  code: string;
  message: string;
}

/** Notifier failures kept for `ao status` (the journal keeps them all). */
export const NOTIFY_FAILURES_KEPT = 20;

/**
 * The state of one project's journal: the pure fold of its records. The
 * engine applies each record here as it appends it, and replay applies the
 * same records in the same order, so live and recovered state never differ.
 */
export class JournalFold {
  sessions = new Map<string, SessionSnapshot>();
  /** Spawn and recovery progress per session: step name -> data. */
  steps = new Map<string, Record<string, unknown>>();
  deliveries = new Set<string>();
  /** Request id -> what it asked for (oldest first, at most REQUEST_LIMIT). */
  requests = new Map<string, KnownRequest>();
  overlaps: Overlap[] = [];
  pending = new Map<string, PendingEffect>();
  /** The SCM credential's API budget as last journaled, for `ao status` (which makes no API call). */
  budget: { at: number; budget: RateBudget[] } | null = null;
  /** The latest `agent_info` per session. */
  agentInfo = new Map<string, AgentInfo>();
  /** The latest notifier failures, oldest first. */
  notifyFailures: NotifyFailure[] = [];
  /** Sessions some sent batch summary already counted. */
  summarized = new Set<string>();

  /** Apply one record; returns the effects it made pending (events only). */
  apply(record: RecordInput | JournalRecord): PendingEffect[] {
    switch (record.kind) {
      case "session":
        this.sessions.set(record.session.id, record.session);
        return [];
      case "event": {
        const cur = this.sessions.get(record.session);
        if (!cur) return [];
        const [next, effects] = transition(cur, record.event);
        if (next === cur) return [];
        this.sessions.set(next.id, next);
        const made = effects.map((effect, i) => ({
          ref: `${next.id}:${next.version}:${i}`,
          session: next.id,
          effect,
          attempts: 0,
          nextAt: record.at,
        }));
        for (const p of made) this.pending.set(p.ref, p);
        return made;
      }
      case "step": {
        if (record.step === "reset") {
          // A full re-spawn (restore with the workspace gone): the issue, prompt file, agent and claimed PR survive.
          const old = this.steps.get(record.session) ?? {};
          const kept: Record<string, unknown> = {};
          if (old.issue !== undefined) kept.issue = old.issue;
          if (old.prompt !== undefined) kept.prompt = old.prompt;
          if (old.agent !== undefined) kept.agent = old.agent;
          if (old.claimed_pr !== undefined) kept.claimed_pr = old.claimed_pr;
          this.steps.set(record.session, kept);
          return [];
        }
        const steps = this.steps.get(record.session) ?? {};
        steps[record.step] = record.data ?? true;
        this.steps.set(record.session, steps);
        return [];
      }
      case "effect": {
        if (!record.ref) return [];
        const p = this.pending.get(record.ref);
        if (!p) return [];
        if (record.ok || record.final) {
          this.pending.delete(record.ref);
        } else {
          const attempts = p.attempts + 1;
          if (attempts >= MAX_EFFECT_ATTEMPTS) this.pending.delete(record.ref);
          else this.pending.set(record.ref, { ...p, attempts, nextAt: record.at + backoffMs(attempts) });
        }
        return [];
      }
      case "delivery":
        this.deliveries.add(record.id);
        if (this.deliveries.size > DELIVERY_LIMIT) {
          const oldest = this.deliveries.values().next().value;
          if (oldest !== undefined) this.deliveries.delete(oldest);
        }
        return [];
      case "action":
        if (record.requestId === undefined || this.requests.has(record.requestId)) return [];
        this.requests.set(record.requestId, {
          route: record.route,
          target: record.target,
          session: record.session,
          actor: record.actor,
          at: record.at,
        });
        if (this.requests.size > REQUEST_LIMIT) {
          const oldest = this.requests.keys().next().value;
          if (oldest !== undefined) this.requests.delete(oldest);
        }
        return [];
      case "agent_info": {
        const {
          seq: _seq,
          at: _at,
          kind: _kind,
          session,
          ...info
        } = record as JournalRecord & {
          kind: "agent_info";
        };
        this.agentInfo.set(session, info);
        return [];
      }
      case "overlap":
        this.overlaps.push({
          session: record.session,
          with: record.with,
          files: record.files,
          at: record.at,
        });
        return [];
      case "budget":
        this.budget = { at: record.at, budget: record.budget };
        return [];
      case "notify_failed": {
        const { at, session, notifier, notification, code, message } = record;
        this.notifyFailures.push({ at, session, notifier, notification, code, message });
        if (this.notifyFailures.length > NOTIFY_FAILURES_KEPT) this.notifyFailures.shift();
        return [];
      }
      case "summary":
        for (const id of record.sessions) this.summarized.add(id);
        return [];
      default:
        return []; // transitions are the audit trail; state is recomputed from events
    }
  }

  toJSON(): FoldJSON {
    return {
      sessions: Object.fromEntries(this.sessions),
      steps: Object.fromEntries(this.steps),
      deliveries: [...this.deliveries],
      requests: [...this.requests],
      overlaps: this.overlaps,
      pending: [...this.pending.values()],
      budget: this.budget,
      agentInfo: Object.fromEntries(this.agentInfo),
      notifyFailures: this.notifyFailures,
      summarized: [...this.summarized],
    };
  }

  static fromJSON(json: FoldJSON): JournalFold {
    const fold = new JournalFold();
    fold.sessions = new Map(Object.entries(json.sessions));
    fold.steps = new Map(Object.entries(json.steps));
    fold.deliveries = new Set(json.deliveries);
    fold.requests = new Map(json.requests ?? []);
    fold.overlaps = json.overlaps;
    fold.pending = new Map(json.pending.map((p) => [p.ref, p]));
    fold.budget = json.budget ?? null;
    fold.agentInfo = new Map(Object.entries(json.agentInfo ?? {}));
    fold.notifyFailures = json.notifyFailures ?? [];
    fold.summarized = new Set(json.summarized ?? []);
    return fold;
  }
}
