import type { Notification } from "@ao/core";

/**
 * Titles and bodies carry outside text (issue titles, comments): strip
 * terminal control sequences so a notification cannot rewrite the screen.
 */
export function printable(text: string): string {
  return text
    .replace(/\u001b\[[0-?]*[ -/]*[@-~]/g, "")
    .replace(/\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g, "")
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, "");
}

const LABELS: Record<Notification["kind"], string> = {
  ready_to_merge: "ready to merge",
  stuck: "stuck",
  escalated: "escalated",
  needs_attention: "needs attention",
  errored: "errored",
  agent_exited: "agent exited",
  merged: "merged",
  budget: "budget reached",
  waiting_input: "waiting for input",
  pr_closed: "PR closed",
  summary: "summary",
};

/** One notification as a short, readable block of lines ending in a newline. */
export function formatNotification(n: Notification, options: { color?: boolean } = {}): string {
  const bold = (s: string) => (options.color ? `\u001b[1m${s}\u001b[22m` : s);
  const mark = { urgent: "!!", action: "!", warning: "?", info: "i" }[n.priority] ?? "i";
  const where = [n.project, n.sessionId, n.pr ? `PR #${n.pr.number}` : null].filter(Boolean).join(" · ");
  const lines = [
    `[ao ${mark}] ${bold(printable(n.title))}`,
    `  ${LABELS[n.kind] ?? n.kind} · ${where} · ${new Date(n.at).toISOString()}`,
    ...printable(n.body)
      .split("\n")
      .map((line) => `  ${line}`.trimEnd()),
  ];
  if (n.action.command) lines.push(`  → ${printable(n.action.command)}`);
  if (n.action.url) lines.push(`  → ${printable(n.action.url)}`);
  else if (n.pr?.url) lines.push(`  → ${printable(n.pr.url)}`);
  if (n.dashboardUrl) lines.push(`  → ${printable(n.dashboardUrl)}`);
  return `${lines.join("\n")}\n`;
}
