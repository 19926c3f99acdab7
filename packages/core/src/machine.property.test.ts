import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { newSession, rulesWith, T0 } from "../test/driver.js";
import type { SessionEvent } from "./events.js";
import { REACTION_KEYS } from "./reactions.js";
import { replay, transition } from "./machine.js";
import { deriveState, isTerminal, type SessionSnapshot } from "./session.js";

const SHAS = ["s1", "s2", "s3", "s4"];
const sha = fc.constantFrom(...SHAS);
const maybeSha = fc.option(sha, { nil: undefined });
const source = fc.constantFrom("output", "transcript", "runtime");

/** Event bodies without `at`/`id`; those are added per step. */
const body: fc.Arbitrary<Record<string, unknown> & { type: SessionEvent["type"] }> = fc.oneof(
  fc.constant({ type: "spawned" as const, resources: { workspace: null, runtime: { id: "r" } } }),
  fc.constant({ type: "spawn_failed" as const, error: "boom" }),
  fc.record({
    type: fc.constantFrom(
      "agent_active" as const,
      "agent_idle" as const,
      "agent_waiting" as const,
      "agent_blocked" as const,
      "agent_rate_limited" as const,
    ),
    source,
  }),
  fc.record({
    type: fc.constant("agent_exited" as const),
    source,
    error: fc.option(fc.constant("x"), { nil: undefined }),
  }),
  fc.record({ type: fc.constantFrom("local_commits" as const, "pushed" as const), headSha: sha }),
  fc.record({
    type: fc.constantFrom("pr_opened" as const, "pr_claimed" as const),
    number: fc.constantFrom(1, 2),
    url: fc.constant("u"),
    headSha: maybeSha,
  }),
  fc.record({
    type: fc.constantFrom(
      "ci_pending" as const,
      "ci_passed" as const,
      "ci_failed" as const,
      "review_approved" as const,
      "changes_requested" as const,
      "review_comment" as const,
      "conflict_detected" as const,
      "conflict_resolved" as const,
    ),
    headSha: maybeSha,
  }),
  fc.record({
    type: fc.constant("mergeability" as const),
    headSha: maybeSha,
    mergeable: fc.constantFrom(true, false, null),
  }),
  fc.constantFrom(
    { type: "pr_merged" as const },
    { type: "pr_closed" as const },
    { type: "issue_closed" as const },
    { type: "restore" as const },
    { type: "kill" as const },
  ),
  fc.record({ type: fc.constant("user_message" as const), text: fc.string({ maxLength: 5 }) }),
  fc.record({
    type: fc.constant("agent_report" as const),
    report: fc.constantFrom("working" as const, "needs_input" as const, "blocked" as const, "done" as const),
  }),
  fc.record({ type: fc.constant("timer_fired" as const), key: fc.constantFrom(...REACTION_KEYS) }),
  fc.record({ type: fc.constant("delivery_failed" as const), error: fc.constant("unreachable") }),
);

/** Kill and close events are rare, so most runs get deep into the machine. */
const step = fc.record({
  body: fc.oneof(
    { weight: 30, arbitrary: body.filter((b) => b.type !== "kill" && b.type !== "pr_closed") },
    { weight: 1, arbitrary: body },
  ),
  // Mostly forward in time, sometimes far (timers), sometimes a little back (late observations).
  dt: fc.oneof(fc.integer({ min: -2_000, max: 5_000 }), fc.integer({ min: 0, max: 40 * 60_000 })),
  id: fc.option(fc.constantFrom("d1", "d2", "d3", "d4", "d5", "d6"), { nil: undefined }),
});

function toEvents(steps: Array<{ body: object; dt: number; id: string | undefined }>): SessionEvent[] {
  let at = T0;
  return steps.map(({ body, dt, id }) => {
    at += dt;
    return { ...body, at, ...(id === undefined ? {} : { id }) } as SessionEvent;
  });
}

const SHA_SCOPED = [
  "pushed",
  "ci_passed",
  "ci_failed",
  "changes_requested",
  "review_comment",
  "conflict_detected",
] as const;

/** Long sequences (fast-check's default size keeps arrays short), so runs get past the PR. */
const steps = fc.array(step, { minLength: 10, maxLength: 80, size: "max" });

const rules = fc.constantFrom(
  undefined,
  rulesWith({ "ci-failed": { retries: 0 }, "approved-and-green": { auto: true, action: "merge" } }),
  rulesWith({
    "agent-exited": { action: "restore" },
    "changes-requested": { escalateAfterMs: 1000, retries: 1 },
  }),
);

describe("transition invariants over random event sequences", () => {
  it("hold at every step", () => {
    fc.assert(
      fc.property(rules, steps, (r, steps) => {
        let s: SessionSnapshot = newSession(r);
        for (const event of toEvents(steps)) {
          const [next, effects] = transition(s, event);

          // Terminal states absorb.
          if (isTerminal(s.state)) {
            expect(next).toBe(s);
            expect(effects).toEqual([]);
          }
          // One status model: the state is the facts'.
          expect(next.state).toBe(deriveState(next.facts));
          // Attempts never decrease.
          for (const [key, n] of Object.entries(s.facts.attempts)) {
            expect(next.facts.attempts[key as keyof typeof s.facts.attempts]).toBeGreaterThanOrEqual(n);
          }
          // The same delivery again changes nothing.
          if (event.id !== undefined) expect(transition(next, event)).toEqual([next, []]);
          // An event about an older head changes nothing.
          for (const old of next.facts.pastShas) {
            for (const type of SHA_SCOPED) {
              const stale = { type, headSha: old, at: event.at + 1 } as SessionEvent;
              const [after, staleEffects] = transition(next, stale);
              expect(after).toBe(next);
              expect(staleEffects).toEqual([]);
            }
          }
          s = next;
        }
      }),
      { numRuns: 400 },
    );
    // pr_closed is no longer terminal, so runs go on longer; on a shared 2-core machine 5 s is tight.
  }, 30_000);

  it("replaying the same events gives the same snapshot and effects", () => {
    fc.assert(
      fc.property(rules, steps, (r, steps) => {
        const events = toEvents(steps);
        const first = replay(newSession(r), events);
        const second = replay(newSession(r), structuredClone(events));
        expect(second).toEqual(first);
        // Snapshots are plain JSON: a journal round-trip loses nothing.
        expect(JSON.parse(JSON.stringify(first[0]))).toEqual(first[0]);
      }),
      { numRuns: 200 },
    );
  });

  it("reaches most states (the generator explores the machine)", () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(rules, steps, (r, steps) => {
        let s = newSession(r);
        for (const e of toEvents(steps)) {
          s = transition(s, e)[0];
          seen.add(s.state);
        }
      }),
      { numRuns: 300, seed: 42 },
    );
    expect(seen.size).toBeGreaterThanOrEqual(12);
  });
});
