import { definePlugin, type PluginImpl, type PluginOf, type Slot } from "@ao/core";

/** Per-method call counts of a fake, e.g. `control.calls.observe`. */
export type CallCounts<T> = {
  -readonly [K in keyof T as T[K] extends ((...args: never[]) => unknown) | undefined ? K : never]-?: number;
};

/** What every fake's `control` has. */
export interface BaseControl<T> {
  /** How often each plugin method was called on this instance. */
  readonly calls: CallCounts<T>;
  /** Set every call count back to zero. */
  resetCalls(): void;
  /** Make the next `times` calls of `method` fail with `error` (rejecting for async methods). */
  failNext(method: keyof CallCounts<T> & string, error?: Error, times?: number): void;
  /** Make calls of an async `method` never settle (until `hang(method, false)`), to test timeouts. */
  hang(method: keyof CallCounts<T> & string, hanging?: boolean): void;
}

/** A fake plugin: the slot's interface plus the `control` tests drive it through. */
export type Fake<S extends Slot, C> = PluginOf<S> & { readonly control: C & BaseControl<PluginOf<S>> };

/** A fake's factory: a `definePlugin` factory whose instances carry `control`. */
export type FakeFactory<S extends Slot, O, C> = ((options?: O) => Fake<S, C>) & {
  readonly slot: S;
  readonly pluginName: string;
};

/**
 * Build a fake through `definePlugin`, so it resolves and is stamped like a
 * real plugin, and wrap every method to count its calls.
 */
export function defineFake<S extends Slot, O, C>(
  slot: S,
  name: string,
  create: (options: O) => PluginImpl<S> & { control: C },
): FakeFactory<S, O, C> {
  return definePlugin<S, O>({
    slot,
    name,
    create(options) {
      const { control, ...impl } = create(options);
      const calls: Record<string, number> = {};
      const failures: Record<string, { error: Error; times: number }> = {};
      const hanging = new Set<string>();
      const wrapped: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(impl)) {
        if (typeof value !== "function") {
          wrapped[key] = value;
          continue;
        }
        calls[key] = 0;
        const isAsync = value.constructor.name === "AsyncFunction";
        wrapped[key] = (...args: unknown[]) => {
          calls[key] = (calls[key] ?? 0) + 1;
          if (hanging.has(key)) return new Promise(() => {});
          const failure = failures[key];
          if (failure && failure.times > 0) {
            failure.times--;
            if (isAsync) return Promise.reject(failure.error);
            throw failure.error;
          }
          return (value as (...a: unknown[]) => unknown)(...args);
        };
      }
      const known = (method: string) => {
        if (!(method in calls)) throw new Error(`${name}: no method "${method}" to inject a fault into`);
      };
      const base = {
        calls,
        resetCalls() {
          for (const key of Object.keys(calls)) calls[key] = 0;
        },
        failNext(
          method: string,
          error = new Error(`${name}: ${method} failed (injected by the test)`),
          times = 1,
        ) {
          known(method);
          failures[method] = { error, times };
        },
        hang(method: string, hang = true) {
          known(method);
          if (hang && impl[method as keyof typeof impl]?.constructor.name !== "AsyncFunction") {
            throw new Error(`${name}: ${method} is synchronous and cannot hang`);
          }
          if (hang) hanging.add(method);
          else hanging.delete(method);
        },
      };
      wrapped.control = Object.assign(control as object, base);
      return wrapped as unknown as PluginImpl<S>;
    },
  }) as unknown as FakeFactory<S, O, C>;
}
