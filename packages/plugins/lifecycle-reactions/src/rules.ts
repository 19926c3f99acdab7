import {
  type AoConfig,
  DEFAULT_REACTION_RULES,
  errors,
  NOTIFICATION_PRIORITIES,
  type NotificationPriority,
  parseDuration,
  REACTION_KEYS,
  type ReactionAction,
  type ReactionKey,
  type ReactionRule,
  type ReactionRules,
} from "@ao/core";

/** The plugin's options: the `reactions` section of `ao.config.ts`. */
export type ReactionsOptions = NonNullable<AoConfig["reactions"]>;

export const PLUGIN_NAME = "@ao/lifecycle-reactions";

/** Which actions make sense for each reaction (the machine ignores the others). */
const ACTIONS: Record<ReactionKey, readonly ReactionAction[]> = {
  "ci-failed": ["send-to-agent", "notify"],
  "changes-requested": ["send-to-agent", "notify"],
  "merge-conflict": ["send-to-agent", "notify"],
  "approved-and-green": ["notify", "merge"],
  "agent-stuck": ["notify"],
  "agent-exited": ["notify", "restore"],
  "agent-waiting": ["notify"],
};

const FIELDS = ["auto", "action", "retries", "escalateAfter", "threshold", "message", "priority"] as const;

const bad = (key: string, problem: string, fix: string) =>
  errors.pluginOption(PLUGIN_NAME, `reactions.${key}`, problem, fix);

const shown = (value: unknown) => (typeof value === "string" ? JSON.stringify(value) : String(value));

function count(key: string, value: unknown): number {
  const n = typeof value === "string" && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0) {
    throw bad(key, `must be a number >= 0 (got ${shown(value)})`, `Set ${key}: 2`);
  }
  return n;
}

function duration(key: string, value: unknown, orCount = false): number {
  try {
    if (typeof value !== "string" && typeof value !== "number") throw new Error("not a duration");
    return parseDuration(value);
  } catch {
    const what = `a duration such as "30s", "10m" or "2h"${orCount ? ", or a count of attempts" : ""}`;
    throw bad(key, `must be ${what} (got ${shown(value)})`, `Set ${key}: "10m"`);
  }
}

/** Resolve one reaction's config over its default rule. */
function resolveOne(key: ReactionKey, config: unknown): ReactionRule {
  const base = DEFAULT_REACTION_RULES[key];
  if (config === undefined) return { ...base };
  if (config === null || typeof config !== "object" || Array.isArray(config)) {
    throw bad(key, "must be an object", `Set ${key}: { auto: true, action: "${base.action}" }`);
  }
  const c = config as Record<string, unknown>;
  for (const field of Object.keys(c)) {
    if (!(FIELDS as readonly string[]).includes(field)) {
      throw bad(`${key}.${field}`, "is not a reaction setting", `Known settings: ${FIELDS.join(", ")}.`);
    }
  }
  const rule: ReactionRule = { ...base };
  if (c.action !== undefined) {
    if (typeof c.action !== "string" || !ACTIONS[key].includes(c.action as ReactionAction)) {
      const allowed = ACTIONS[key].map((a) => `"${a}"`).join(" or ");
      throw bad(
        `${key}.action`,
        `must be ${allowed} (got ${shown(c.action)})`,
        `Set ${key}.action: "${base.action}"`,
      );
    }
    rule.action = c.action as ReactionAction;
    // Choosing an action that acts (merge, restore, send-to-agent) means wanting it done automatically.
    rule.auto = rule.action !== "notify" || base.auto;
  }
  if (c.auto !== undefined) {
    if (typeof c.auto !== "boolean")
      throw bad(`${key}.auto`, `must be true or false (got ${shown(c.auto)})`, `Set ${key}.auto: true`);
    rule.auto = c.auto;
  }
  if (c.retries !== undefined) rule.retries = count(`${key}.retries`, c.retries);
  if (c.escalateAfter !== undefined) {
    const v = c.escalateAfter;
    const isCount = typeof v === "number" || (typeof v === "string" && /^\s*\d+\s*$/.test(v));
    if (!isCount) rule.escalateAfterMs = duration(`${key}.escalateAfter`, v, true);
    else {
      // A bare count means "this many attempts", i.e. retries.
      if (c.retries !== undefined) {
        throw bad(
          `${key}.escalateAfter`,
          "is a count and retries is set too",
          "Keep one of retries or escalateAfter.",
        );
      }
      rule.retries = count(`${key}.escalateAfter`, v);
    }
  }
  if (c.threshold !== undefined) rule.thresholdMs = duration(`${key}.threshold`, c.threshold);
  if (c.message !== undefined) {
    if (typeof c.message !== "string" || c.message.trim() === "") {
      throw bad(
        `${key}.message`,
        `must be a non-empty string (got ${shown(c.message)})`,
        `Set ${key}.message: "..."`,
      );
    }
    rule.message = c.message;
  }
  if (c.priority !== undefined) {
    if (!NOTIFICATION_PRIORITIES.includes(c.priority as NotificationPriority)) {
      const allowed = NOTIFICATION_PRIORITIES.map((p) => `"${p}"`).join(", ");
      throw bad(
        `${key}.priority`,
        `must be one of ${allowed} (got ${shown(c.priority)})`,
        `Set ${key}.priority: "action"`,
      );
    }
    rule.priority = c.priority as NotificationPriority;
  }
  return rule;
}

/** Validate the `reactions` config and resolve it over {@link DEFAULT_REACTION_RULES}. */
export function resolveRules(options: unknown): { rules: ReactionRules; routeUntrustedComments: boolean } {
  const o = (options ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (key !== "routeUntrustedComments" && !(REACTION_KEYS as readonly string[]).includes(key)) {
      throw bad(key, "is not a reaction", `Known reactions: ${REACTION_KEYS.join(", ")}.`);
    }
  }
  const route = o.routeUntrustedComments;
  if (route !== undefined && typeof route !== "boolean") {
    throw bad(
      "routeUntrustedComments",
      `must be true or false (got ${shown(route)})`,
      "Set routeUntrustedComments: false",
    );
  }
  const rules = Object.fromEntries(
    REACTION_KEYS.map((key) => [key, resolveOne(key, o[key])]),
  ) as ReactionRules;
  return { rules, routeUntrustedComments: route === true };
}
