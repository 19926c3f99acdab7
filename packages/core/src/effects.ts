import type { ReactionKey } from "./reactions.js";

/** How loudly a human hears about something, loudest first; config routes each to notifiers. */
export type NotificationPriority = "urgent" | "action" | "warning" | "info";

export const NOTIFICATION_PRIORITIES: readonly NotificationPriority[] = [
  "urgent",
  "action",
  "warning",
  "info",
];

/** Why a notification is sent; each says what happened and the one command that acts on it. */
export type NotificationKind =
  | "ready_to_merge"
  | "stuck"
  | "escalated"
  | "needs_attention"
  | "errored"
  | "agent_exited"
  | "merged"
  | "budget"
  /** The agent asked something (a permission prompt, a question) and waits for an answer. */
  | "waiting_input"
  /** The PR was closed without merge while the issue is open: restore it or release the issue. */
  | "pr_closed"
  /** Every session of a project's batch has ended or needs a human: one line per outcome. */
  | "summary";

/**
 * Effects are data: the machine decides, the engine executes them through the
 * slots and journals each outcome.
 */
export type Effect =
  /** Route a reaction's context (CI log tail, review comments, rebase instruction) to the agent. */
  | { type: "send_to_agent"; reaction: ReactionKey; attempt: number }
  /** Deliver a human's message to the agent. */
  | { type: "send_message"; text: string }
  | {
      type: "notify";
      kind: NotificationKind;
      priority: NotificationPriority;
      reaction?: ReactionKey;
      reason?: string;
    }
  /** Push the session branch (force-with-lease: it belongs to the session). */
  | { type: "push" }
  /** Open a PR for the session branch, or adopt the one the agent opened; `reopen` tries that PR first. */
  | { type: "open_pr"; reopen?: number }
  | { type: "merge" }
  /** Stop the agent (destroy its runtime), keeping the workspace. */
  | { type: "stop_agent"; reason: "budget" | "pr_closed" }
  /** Relaunch the agent in the existing workspace. */
  | { type: "restore" }
  /** Destroy runtime and workspace (never losing unpushed work). */
  | { type: "cleanup"; reason: "merged" | "closed" | "killed" }
  | { type: "update_issue"; mark: "done" | "released" };

export type EffectType = Effect["type"];
