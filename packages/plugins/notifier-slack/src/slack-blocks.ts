import type { Notification, NotificationSummary } from "@ao/core";
import { fitEscaped, httpLink } from "@ao/plugin-kit/http-delivery";

/** Slack's Block Kit limits: a header's plain text, a section's mrkdwn. */
const HEADER_MAX = 150;
const SECTION_MAX = 3000;

// Priorities the engine may send; an unknown one (a newer engine) reads as info.
const EMOJI: Record<string, string> = {
  urgent: ":rotating_light:",
  action: ":point_right:",
  warning: ":warning:",
  info: ":information_source:",
};

/** The emoji code a priority is shown with. */
export function priorityEmoji(priority: string): string {
  return EMOJI[priority] ?? EMOJI.info ?? "";
}

/**
 * Escape outside text for Slack's mrkdwn: `&`, `<`, `>` are the only
 * characters Slack parses for links and mentions (`<!channel>`, `<@U1>`),
 * so escaping them makes any title or body inert.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** A mrkdwn link, or the escaped label alone when the URL is not http(s). */
function link(url: string | undefined, label: string): string | undefined {
  const href = httpLink(url);
  if (!href) return undefined;
  // Inside <url|label>, `|` and `>` end the URL: percent-encode them (and escape `&`).
  const safe = href.replace(/\|/g, "%7C").replace(/>/g, "%3E").replace(/</g, "%3C").replace(/&/g, "&amp;");
  return `<${safe}|${escapeMrkdwn(label).replace(/\|/g, "¦")}>`;
}

// Inline code cannot hold a backtick: swap it for a look-alike rather than break out of the span.
const code = (text: string) => `\`${escapeMrkdwn(text).replace(/`/g, "ʼ")}\``;

/** A batch's outcome: the counts, then the sessions (escaped like any text). */
function summaryLine(s: NotificationSummary): string {
  const cost = s.costUsd !== undefined ? ` · cost $${s.costUsd.toFixed(2)}` : "";
  const line = `*${s.merged}* merged · *${s.stuck}* need a human · *${s.killed}* killed${cost}`;
  const sessions = fitEscaped(s.sessions.join(", "), SECTION_MAX - line.length - 1, escapeMrkdwn);
  return sessions ? `${line}\n${sessions}` : line;
}

/** A Slack message (for a webhook or chat.postMessage) for one notification. */
export function slackMessage(n: Notification): { text: string; blocks: Array<Record<string, unknown>> } {
  const emoji = priorityEmoji(n.priority);
  const issue = n.issue ? `issue ${n.issue.id}` : undefined;
  const dashboard = n.dashboardUrl ?? n.action.url;
  const where = [
    `*${escapeMrkdwn(n.priority)}*`,
    `session ${code(n.sessionId)}`,
    `project ${code(n.project)}`,
    issue ? (link(n.issue?.url, issue) ?? escapeMrkdwn(issue)) : undefined,
    n.pr ? (link(n.pr.url, `PR #${n.pr.number}`) ?? `PR #${n.pr.number}`) : undefined,
    dashboard !== n.pr?.url ? link(dashboard, "Open in dashboard") : undefined,
  ].filter(Boolean);
  const blocks: Array<Record<string, unknown>> = [
    // Escaped even in plain_text: Slack reads entities there too, and a raw `<!channel>` must never reach it.
    {
      type: "header",
      text: { type: "plain_text", text: fitEscaped(n.title || n.kind, HEADER_MAX, escapeMrkdwn) },
    },
  ];
  if (n.body.trim()) {
    blocks.push({
      type: "section",
      text: { type: "mrkdwn", text: fitEscaped(n.body, SECTION_MAX, escapeMrkdwn) },
    });
  }
  if (n.summary) blocks.push({ type: "section", text: { type: "mrkdwn", text: summaryLine(n.summary) } });
  blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: `${emoji} ${where.join(" · ")}` }] });
  if (n.action.command) {
    blocks.push({ type: "section", text: { type: "mrkdwn", text: `*Act:* ${code(n.action.command)}` } });
  }
  // The top-level text is what push notifications and screen readers show.
  return { text: `${emoji} ${fitEscaped(n.title, 1000, escapeMrkdwn)}`, blocks };
}
