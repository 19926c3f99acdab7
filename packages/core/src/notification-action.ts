import type { NotificationKind } from "./effects.js";
import type { SessionSnapshot } from "./session.js";

/** The one command (and the PR's link, where there is one) that acts on a notification. */
export interface NotificationAction {
  command?: string;
  url?: string;
}

/**
 * What a human does about a notification of this kind. The single source for
 * both the notification's `action` field and the "Act:" line of its text, so
 * the two never disagree. Every command works after the session has ended
 * (`ao events` reads the journal, which outlives the runtime and worktree).
 */
export function notificationAction(kind: NotificationKind, session: SessionSnapshot): NotificationAction {
  const url = session.facts.pr?.url;
  const link = url ? { url } : {};
  switch (kind) {
    case "ready_to_merge":
      return { command: `ao merge ${session.id}`, ...link };
    case "errored":
    case "agent_exited":
      return { command: `ao restore ${session.id}`, ...link };
    case "budget":
      // Raising the cap is a config change; restore then relaunches. Killing ends it.
      return { command: `ao restore ${session.id}`, ...link };
    case "merged":
      return { command: `ao events ${session.id}`, ...link };
    case "stuck":
    case "escalated":
    case "needs_attention":
    case "waiting_input":
      return { command: `ao send ${session.id} "<what the agent should do>"`, ...link };
    case "pr_closed":
      // The other decision, `ao kill`, releases the issue; the text names both.
      return { command: `ao restore ${session.id}`, ...link };
    case "summary":
      return { command: `ao status --project ${session.project}` };
  }
}
