import type { ReactionKey, ReactionRules } from "../reactions.js";
import type { SessionSnapshot } from "../session.js";
import type { PluginBase } from "./common.js";
import type { Notification } from "./notifier.js";
import type { ReviewComment } from "./scm.js";

/** What a reaction's message to the agent is built from. Outside text is fenced by the plugin. */
export interface ReactionContext {
  session: SessionSnapshot;
  reaction: ReactionKey;
  attempt: number;
  /** ci-failed: the failing job's log tail. */
  ciLog?: string;
  /** changes-requested: the comments (already filtered to trusted authors unless configured otherwise). */
  comments?: ReviewComment[];
  /** merge-conflict: the default branch to rebase on. */
  defaultBranch?: string;
}

/** The policy: which reactions fire, how often, and what they say. */
export interface LifecyclePlugin extends PluginBase<"lifecycle"> {
  /** The resolved rules, stamped on each new session. */
  rules(): ReactionRules;
  /** Whether comments from untrusted authors are routed to agents too (default false). */
  routeUntrustedComments?(): boolean;
  /** The message sent to the agent when a reaction fires. */
  agentMessage(context: ReactionContext): string;
  /** The human-facing text of a notification (title and body); the host fills the rest. */
  describe(
    notification: Omit<Notification, "title" | "body">,
    session: SessionSnapshot,
    reason?: string,
  ): { title: string; body: string };
}
