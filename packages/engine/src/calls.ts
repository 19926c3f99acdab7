import { AoError, errors } from "@ao/core";

/**
 * Runs one plugin call with a timeout (wall clock: a hung call must be
 * abandoned even under a manual test clock) and stamps any error with the
 * plugin's name, so a failure always says which plugin raised it.
 */
export async function callPlugin<T>(
  plugin: { name: string },
  what: string,
  timeoutMs: number,
  fn: () => T | Promise<T>,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const call = Promise.resolve().then(fn);
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(errors.timeout(`${plugin.name}: ${what}`, timeoutMs)), timeoutMs);
      timer.unref?.();
    });
    return await Promise.race([call, timeout]);
  } catch (error) {
    throw stamp(plugin.name, what, error);
  } finally {
    if (timer) clearTimeout(timer);
  }
}

/** Stamp an error with the plugin that raised it (vite's `err.plugin`). */
export function stamp(pluginName: string, what: string, error: unknown): AoError {
  if (error instanceof AoError) {
    error.plugin ??= pluginName;
    return error;
  }
  const message = error instanceof Error ? error.message : String(error);
  return new AoError({
    code: "PLUGIN_CALL_FAILED",
    message: `${pluginName}: ${what} failed: ${message}`,
    plugin: pluginName,
    kind: "internal",
    cause: error,
  });
}

/** Maps `items` through `fn` with at most `limit` calls in flight; failures are returned, not thrown. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<Array<{ ok: true; value: R } | { ok: false; error: unknown }>> {
  const results: Array<{ ok: true; value: R } | { ok: false; error: unknown }> = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      try {
        results[i] = { ok: true, value: await fn(items[i] as T) };
      } catch (error) {
        results[i] = { ok: false, error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/** A message safe to journal: errors' messages only, never their causes' payloads. */
export function describeError(error: unknown): string {
  if (error instanceof AoError)
    return `${error.plugin ? `[${error.plugin}] ` : ""}${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
