import type { NotificationPriority } from "./effects.js";

/**
 * Reaction rules: the lifecycle policy in plain data. The lifecycle plugin
 * resolves the user's `reactions` config into these; the machine applies
 * them, so a session's behaviour is fully explained by its journal.
 */
export const REACTION_KEYS = [
  "ci-failed",
  "changes-requested",
  "merge-conflict",
  "approved-and-green",
  "agent-stuck",
  "agent-exited",
  "agent-waiting",
] as const;
export type ReactionKey = (typeof REACTION_KEYS)[number];

/** What a reaction does when it fires. */
export type ReactionAction = "send-to-agent" | "notify" | "merge" | "restore";

export interface ReactionRule {
  /** When false the reaction never acts on its own; the human is notified instead. */
  auto: boolean;
  action: ReactionAction;
  /** Auto attempts allowed over the session's life before escalating to `stuck`. */
  retries?: number;
  /** Escalate when the state persists this long after the reaction fired (ms). */
  escalateAfterMs?: number;
  /** For `agent-stuck`: idle or waiting-for-input this long means stuck (ms). */
  thresholdMs?: number;
  /** Message template for `send-to-agent` (placeholders are filled by the lifecycle plugin). */
  message?: string;
  /** The priority of the notification this reaction sends (each kind has its own default). */
  priority?: NotificationPriority;
}

export type ReactionRules = Record<ReactionKey, ReactionRule>;

/** The rules used when a config says nothing (SPEC §5). */
export const DEFAULT_REACTION_RULES: ReactionRules = {
  "ci-failed": { auto: true, action: "send-to-agent", retries: 2 },
  "changes-requested": { auto: true, action: "send-to-agent", escalateAfterMs: 30 * 60_000 },
  "merge-conflict": { auto: true, action: "send-to-agent", retries: 2 },
  "approved-and-green": { auto: false, action: "notify" },
  "agent-stuck": { auto: true, action: "notify", thresholdMs: 10 * 60_000 },
  "agent-exited": { auto: true, action: "notify" },
  // A question blocks the agent until answered: tell a human at once (auto: false = say nothing).
  "agent-waiting": { auto: true, action: "notify", priority: "urgent" },
};
