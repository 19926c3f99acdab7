import type { NotificationKind, NotificationPriority } from "../effects.js";
import type { PluginBase } from "./common.js";

export interface Notification {
  kind: NotificationKind;
  priority: NotificationPriority;
  /** One line: what happened. */
  title: string;
  /** What happened, which session and PR, and why. Never holds a secret. */
  body: string;
  sessionId: string;
  project: string;
  pr?: { number: number; url: string };
  /** The issue the session works on (`url` when the tracker has one; `title` is inert text). */
  issue?: { id: string; url?: string; title?: string };
  /** The session's page on the dashboard, when the daemon serves one. */
  dashboardUrl?: string;
  /** The one command or link that acts on it. */
  action: { command?: string; url?: string };
  /** For `summary`: the batch's outcome (`sessionId` is then the session whose end completed it). */
  summary?: NotificationSummary;
  at: number;
}

/** How a batch of sessions ended, for a `summary` notification. */
export interface NotificationSummary {
  /** Every session of the batch. */
  sessions: string[];
  merged: number;
  /** Sessions that need a human (stuck, errored, PR closed without merge). */
  stuck: number;
  /** Killed, or closed with their issue. */
  killed: number;
  /** What the batch's agents cost (USD), when known. */
  costUsd?: number;
}

/** Push a human-facing notification. */
export interface NotifierPlugin extends PluginBase<"notifier"> {
  /**
   * Deliver one notification, retrying as the service wants; reject when it
   * cannot be delivered. The engine never waits on it: a rejection is journaled.
   */
  notify(notification: Notification): Promise<void>;
}
