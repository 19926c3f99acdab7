import type { ResolvedConfig } from "../config/normalize.js";
import { envRefs } from "./resolve.js";

/**
 * The env vars the config declares secret: every plugin option ending in
 * `Env` (`tokenEnv`, `webhookUrlEnv`, ...) names one. Their values are
 * redacted from the journal, snapshots and the daemon's output, whatever the
 * variable is called.
 */
export function secretEnvNames(config: ResolvedConfig): string[] {
  const names = new Set<string>();
  for (const project of config.projects) {
    const { notifiers, ...single } = project.slots;
    for (const choice of [...Object.values(single), ...notifiers]) {
      for (const { variable } of envRefs(choice.value)) names.add(variable);
    }
  }
  return [...names].sort();
}
