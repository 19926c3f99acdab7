import { describe, it } from "vitest";

/** What a contract's `setup` returns at least: a `cleanup` the suite always calls. */
export interface FixtureBase {
  /** Release everything the setup made (temp dirs, processes); called after every check. */
  cleanup?(): Promise<void> | void;
}

/** Lets a check bow out when the implementation lacks an optional feature. */
export interface CheckContext {
  skip(reason: string): never;
}

/** One promise of a slot's interface, checked against a fresh fixture. */
export interface Check<F> {
  name: string;
  run(fixture: F, context: CheckContext): Promise<void>;
}

/** Options every contract suite takes. */
export interface ContractOptions<F extends FixtureBase> {
  /** Shown in the describe block (default: the plugin's name once known, else the slot). */
  name?: string;
  /** Build a fresh fixture; called once per check. */
  setup(): Promise<F>;
  /** Per-check timeout in ms (default 30_000). */
  timeout?: number;
  /** Names of checks to leave out, with the reason written next to them in the caller's test. */
  skip?: string[];
}

/** The outcome of {@link runCheck}. */
export type CheckResult =
  | { status: "passed" }
  | { status: "skipped"; reason: string }
  | { status: "failed"; error: unknown };

class CheckSkipped extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

const context: CheckContext = {
  skip(reason) {
    throw new CheckSkipped(reason);
  },
};

async function withFixture<F extends FixtureBase>(setup: () => Promise<F>, check: Check<F>): Promise<void> {
  const fixture = await setup();
  try {
    await check.run(fixture, context);
  } finally {
    await fixture.cleanup?.();
  }
}

/**
 * Run one check without registering a vitest test, and report what happened
 * (for testing a contract suite itself, or probing an implementation).
 */
export async function runCheck<F extends FixtureBase>(
  check: Check<F>,
  setup: () => Promise<NoInfer<F>>,
): Promise<CheckResult> {
  try {
    await withFixture(setup, check);
    return { status: "passed" };
  } catch (error) {
    if (error instanceof CheckSkipped) return { status: "skipped", reason: error.reason };
    return { status: "failed", error };
  }
}

/** Find a check by name, or throw listing the known names. */
export function findCheck<F>(checks: readonly Check<F>[], name: string): Check<F> {
  const check = checks.find((c) => c.name === name);
  if (!check) throw new Error(`No check named "${name}"; known: ${checks.map((c) => c.name).join("; ")}`);
  return check;
}

/** Register a slot's checks as one vitest `describe` block with one `it` per check. */
export function registerContract<F extends FixtureBase>(
  slot: string,
  options: ContractOptions<F>,
  checks: readonly Check<F>[],
): void {
  const skipped = new Set(options.skip ?? []);
  for (const name of skipped) findCheck(checks, name);
  describe(`${options.name ?? "plugin"}: ${slot} contract`, () => {
    for (const check of checks) {
      if (skipped.has(check.name)) {
        // Skipped on the plugin's own request: say so in the report rather than silently.
        it(check.name, (ctx) => ctx.skip("listed in `skip` by the plugin's own test"));
        continue;
      }
      it(
        check.name,
        async (ctx) => {
          try {
            await withFixture(options.setup, check);
          } catch (error) {
            if (error instanceof CheckSkipped) ctx.skip(error.reason);
            throw error;
          }
        },
        options.timeout ?? 30_000,
      );
    }
  });
}
