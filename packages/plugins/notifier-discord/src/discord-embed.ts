import type { Notification } from "@ao/core";
import { fitEscaped, httpLink } from "@ao/plugin-kit/http-delivery";

// Discord's embed limits (title, description, field value, footer); the total stays far below 6000.
const TITLE_MAX = 256;
const DESCRIPTION_MAX = 4096;
const FIELD_MAX = 1024;

// Priorities the engine may send; an unknown one (a newer engine) reads as info.
const COLOURS: Record<string, number> = {
  urgent: 0xd93f0b,
  action: 0xfbca04,
  warning: 0xf9a825,
  info: 0x0e8a16,
};

/** The embed colour a priority is shown with. */
export function priorityColour(priority: string): number {
  return COLOURS[priority] ?? COLOURS.info ?? 0;
}

/**
 * Escape outside text for Discord markdown: every formatting character gets
 * a backslash (so `[x](javascript:...)` stays text), and `@` gets a
 * zero-width space so `@everyone` does not even look like a mention
 * (`allowed_mentions` already stops the ping).
 */
export function escapeDiscord(text: string): string {
  return text.replace(/[\\*_~`|>#\-[\]()<]/g, "\\$&").replace(/@/g, "@\u200b");
}

const code = (text: string) => `\`${text.replace(/`/g, "ʼ")}\``;

/** A link in markdown, or undefined when the URL is not http(s). */
function link(url: string | undefined, label: string): string | undefined {
  const href = httpLink(url);
  // `)` and whitespace would end the link early: percent-encode them.
  return href ? `[${label}](${href.replace(/\)/g, "%29").replace(/\s/g, "%20")})` : undefined;
}

/** A Discord webhook body (`?wait=true`) for one notification: one embed, no mentions parsed. */
export function discordMessage(n: Notification): Record<string, unknown> {
  const fields: Array<{ name: string; value: string; inline?: boolean }> = [
    {
      name: "Session",
      value: `${code(fitEscaped(n.sessionId, 200, (s) => s))} · ${escapeDiscord(n.project)}`,
      inline: true,
    },
  ];
  if (n.issue) {
    const label = `issue ${n.issue.id}`;
    fields.push({
      name: "Issue",
      value: link(n.issue.url, escapeDiscord(label)) ?? escapeDiscord(label),
      inline: true,
    });
  }
  if (n.pr) {
    fields.push({ name: "PR", value: link(n.pr.url, `#${n.pr.number}`) ?? `#${n.pr.number}`, inline: true });
  }
  const dashboardUrl = n.dashboardUrl ?? n.action.url;
  const dashboard = dashboardUrl !== n.pr?.url ? link(dashboardUrl, "Open in dashboard") : undefined;
  if (dashboard) fields.push({ name: "Dashboard", value: dashboard, inline: true });
  if (n.summary) {
    const s = n.summary;
    const cost = s.costUsd !== undefined ? ` · cost $${s.costUsd.toFixed(2)}` : "";
    fields.push({
      name: "Batch",
      value: `${s.merged} merged · ${s.stuck} need a human · ${s.killed} killed${cost}`,
    });
    fields.push({
      name: "Sessions",
      value: fitEscaped(s.sessions.join(", ") || "none", FIELD_MAX, escapeDiscord),
    });
  }
  if (n.action.command) {
    fields.push({ name: "Act", value: code(fitEscaped(n.action.command, FIELD_MAX - 2, (s) => s)) });
  }
  const url = httpLink(n.dashboardUrl) ?? httpLink(n.action.url) ?? httpLink(n.pr?.url);
  return {
    // No content: a mention in it would be the one place Discord still parses one.
    embeds: [
      {
        title: fitEscaped(n.title || n.kind, TITLE_MAX, escapeDiscord),
        ...(url ? { url } : {}),
        description: fitEscaped(n.body, DESCRIPTION_MAX, escapeDiscord),
        color: priorityColour(n.priority),
        fields,
        footer: { text: `ao · ${n.kind} · ${n.priority}` },
        timestamp: new Date(n.at).toISOString(),
      },
    ],
    allowed_mentions: { parse: [] },
  };
}
