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
  /** The one command or link that acts on it. */
  action: { command?: string; url?: string };
  at: number;
}

/** Push a human-facing notification. */
export interface NotifierPlugin extends PluginBase<"notifier"> {
  notify(notification: Notification): Promise<void>;
}
