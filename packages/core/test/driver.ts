import { transition } from "../src/machine.js";
import {
  DEFAULT_REACTION_RULES,
  type ReactionKey,
  type ReactionRule,
  type ReactionRules,
} from "../src/reactions.js";
import type { Effect } from "../src/effects.js";
import type { SessionEvent } from "../src/events.js";
import { createSession, type SessionSnapshot } from "../src/session.js";

/** A fixed epoch: transitions never read a clock, so tests do not either. */
export const T0 = 1_700_000_000_000;

/** An event as tests write it: `at` defaults to the driver's clock. */
export type EventInput = SessionEvent extends infer E
  ? E extends SessionEvent
    ? Omit<E, "at"> & { at?: number }
    : never
  : never;

/** Rules with per-key overrides merged over the defaults. */
export function rulesWith(
  overrides: Partial<Record<ReactionKey, Partial<ReactionRule>>> = {},
): ReactionRules {
  const rules = structuredClone(DEFAULT_REACTION_RULES);
  for (const [key, patch] of Object.entries(overrides) as Array<[ReactionKey, Partial<ReactionRule>]>) {
    rules[key] = { ...rules[key], ...patch };
  }
  return rules;
}

export function newSession(rules: ReactionRules = DEFAULT_REACTION_RULES): SessionSnapshot {
  return createSession({ id: "app-1", project: "app", issue: "7", branch: "ao/7-fix", rules, at: T0 });
}

/** Drives one session through events, one second apart unless `at` is given. */
export class Driver {
  s: SessionSnapshot;
  now = T0;
  /** Every effect emitted so far. */
  all: Effect[] = [];

  constructor(rules?: ReactionRules | SessionSnapshot) {
    this.s = rules && "facts" in rules ? rules : newSession(rules as ReactionRules | undefined);
  }

  /** Apply one event; returns its effects. */
  send(input: EventInput): Effect[] {
    this.now = input.at ?? this.now + 1000;
    const [next, effects] = transition(this.s, { ...input, at: this.now } as SessionEvent);
    this.s = next;
    this.all.push(...effects);
    return effects;
  }

  get state() {
    return this.s.state;
  }

  /** spawned, then the agent at work. */
  running(): this {
    this.send({
      type: "spawned",
      resources: { workspace: { path: "/w/app-1", branch: "ao/7-fix" }, runtime: { id: "r1" } },
    });
    this.send({ type: "agent_active", source: "output" });
    return this;
  }

  /** Running, pushed `sha`, and a PR #12 open on it. */
  withPr(sha = "a1"): this {
    this.running();
    this.send({ type: "pushed", headSha: sha });
    this.send({ type: "pr_opened", number: 12, url: "https://scm/pr/12", headSha: sha });
    return this;
  }
}

/** Only the notify effects, as `kind` strings. */
export const notices = (effects: Effect[]) => effects.flatMap((e) => (e.type === "notify" ? [e.kind] : []));
