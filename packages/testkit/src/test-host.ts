import type { Logger, PluginHost } from "@ao/core";

const noop = () => {};

/** A silent logger; pass overrides to capture some levels (e.g. `{ warn: (m) => warnings.push(m) }`). */
export function quietLog(overrides: Partial<Logger> = {}): Logger {
  return { debug: noop, info: noop, warn: noop, error: noop, ...overrides };
}

/**
 * The host a plugin's `setup()` gets in tests: a home dir, the real clock, a quiet log; the
 * secrets the plugin hands to `host.secret` are pushed onto `secrets` when given.
 */
export function testHost(home: string, log: Partial<Logger> = {}, secrets?: string[]): PluginHost {
  return {
    home,
    now: () => Date.now(),
    log: quietLog(log),
    ...(secrets ? { secret: (value: string) => void secrets.push(value) } : {}),
  };
}
