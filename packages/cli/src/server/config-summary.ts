import type { ResolvedConfig } from "../config/normalize.js";

/** Option names that hold a credential by their name alone (a webhook URL is one too: it authorizes posting). */
const SECRET_KEY =
  /secret|token|password|passphrase|private|credential|api_?key|authorization|cookie|webhook_?url|^key$/i;

export const REDACTED_VALUE = "[redacted]";

function walk(value: unknown, key: string, depth: number): unknown {
  if (depth > 12) return "[too deep]";
  if (typeof value === "function") return "[function]";
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
    // A name ending in `Env` holds the variable's name, not its value (`tokenEnv: "GITHUB_TOKEN"`).
    return SECRET_KEY.test(key) && !key.endsWith("Env") ? REDACTED_VALUE : value;
  }
  if (value === null || value === undefined) return value ?? null;
  if (Array.isArray(value)) return value.map((v) => walk(v, key, depth + 1));
  if (typeof value === "object") {
    // A plugin instance: its name says which; its fields are its own business (and may hold a client).
    const named = value as { name?: unknown };
    if (Object.values(value).some((v) => typeof v === "function") && typeof named.name === "string") {
      return { plugin: named.name };
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k, depth + 1)]));
  }
  return String(value);
}

/**
 * The resolved config as plain JSON for a debug bundle: options whose name
 * says they hold a credential are replaced, plugin instances are named, and
 * functions dropped. Secret values from the environment are masked later by
 * the daemon's redactor, whatever key they sit under.
 */
export function redactedConfig(config: ResolvedConfig): unknown {
  return walk(
    {
      file: config.file,
      pollIntervalMs: config.pollIntervalMs,
      server: config.server,
      intake: config.intake,
      reactions: config.reactions,
      projects: config.projects,
    },
    "",
    0,
  );
}
