import { cachedHome, rememberHome } from "./config/home-cache.js";
import { findConfig } from "./config/find.js";
import { defaultHome } from "./home.js";

/**
 * AO_HOME for a command that only reads the journals (`ao status`): like
 * `homeFor` in context.ts, but a config that loaded and validated before,
 * and has not changed since, is not loaded again (see config/home-cache.ts).
 * A changed or broken config is loaded in full, so its errors are reported
 * as ever. Kept apart from context.ts so the read path imports none of what
 * acting needs (the engine, plugins, the daemon client).
 */
export async function readHomeFor(
  command: string,
  options: { config?: string },
): Promise<{ home: string; hasConfig: boolean }> {
  const file = findConfig(options.config ? { explicit: options.config } : {});
  if (!file) return { home: defaultHome(), hasConfig: false };
  const cached = cachedHome(file, command);
  if (cached.home !== undefined) return { home: cached.home, hasConfig: true };
  const { loadConfig } = await import("./config/load.js");
  const config = await loadConfig({ command, explicit: file });
  if (cached.key !== undefined) rememberHome(file, cached.key, config.home);
  return { home: config.home, hasConfig: true };
}
