import { createHmac } from "node:crypto";
import type { Notification } from "@ao/core";

/** The version of the JSON body; bumped only when a field changes meaning or goes away. */
export const PAYLOAD_VERSION = 1;

/** The JSON body of one delivery (documented in the README and docs/notifications.md). */
export interface WebhookPayload {
  version: typeof PAYLOAD_VERSION;
  type: "notification";
  /** Unique per notification, the same on every retry: receivers drop repeats by it. */
  deliveryId: string;
  /** When ao sent it (ISO 8601). */
  sentAt: string;
  notification: {
    kind: string;
    priority: string;
    title: string;
    body: string;
    sessionId: string;
    project: string;
    pr: { number: number; url: string } | null;
    issue: { id: string; url: string | null; title: string | null } | null;
    dashboardUrl: string | null;
    action: { command: string | null; url: string | null };
    summary: {
      sessions: string[];
      merged: number;
      stuck: number;
      killed: number;
      costUsd: number | null;
    } | null;
    /** When it happened (ISO 8601). */
    at: string;
  };
}

/** The body for one notification; titles and bodies are outside text, sent as JSON strings. */
export function webhookPayload(n: Notification, deliveryId: string, now: number): WebhookPayload {
  return {
    version: PAYLOAD_VERSION,
    type: "notification",
    deliveryId,
    sentAt: new Date(now).toISOString(),
    notification: {
      kind: n.kind,
      priority: n.priority,
      title: n.title,
      body: n.body,
      sessionId: n.sessionId,
      project: n.project,
      pr: n.pr ? { number: n.pr.number, url: n.pr.url } : null,
      issue: n.issue ? { id: n.issue.id, url: n.issue.url ?? null, title: n.issue.title ?? null } : null,
      dashboardUrl: n.dashboardUrl ?? null,
      action: { command: n.action.command ?? null, url: n.action.url ?? null },
      summary: n.summary
        ? {
            sessions: [...n.summary.sessions],
            merged: n.summary.merged,
            stuck: n.summary.stuck,
            killed: n.summary.killed,
            costUsd: n.summary.costUsd ?? null,
          }
        : null,
      at: new Date(n.at).toISOString(),
    },
  };
}

/** The signature headers: `X-Ao-Signature` is `sha256=` + hex HMAC-SHA256 of `"<timestamp>.<body>"`. */
export function signatureHeaders(secret: string, body: string, nowMs: number): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  const digest = createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
  return { "x-ao-timestamp": timestamp, "x-ao-signature": `sha256=${digest}` };
}
