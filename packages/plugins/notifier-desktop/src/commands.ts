import type { Notification } from "@ao/core";

const MAX_BODY = 1000;

/** Desktop notifications are small: strip control characters and keep the body short. */
function clean(text: string, max: number): string {
  const plain = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, "");
  return plain.length > max ? `${plain.slice(0, max - 1)}…` : plain;
}

export function notificationText(n: Notification): { title: string; body: string } {
  const action = n.action.command ?? n.action.url ?? n.pr?.url;
  const body = [n.body, action ? `→ ${action}` : ""].filter(Boolean).join("\n");
  return { title: clean(`ao: ${n.title}`, 200), body: clean(body, MAX_BODY) };
}

/** argv for notify-send (libnotify); `--` ends options so a title cannot pose as a flag. */
export function notifySendArgs(n: Notification): string[] {
  const { title, body } = notificationText(n);
  const urgency = n.priority === "urgent" ? "critical" : n.priority === "info" ? "low" : "normal";
  return ["--app-name=ao", `--urgency=${urgency}`, "--", title, body];
}

/**
 * argv for osascript. Title and body arrive as `argv` of the script, never
 * spliced into AppleScript source, so quotes in them cannot inject code.
 */
export function osascriptArgs(n: Notification): string[] {
  const { title, body } = notificationText(n);
  return [
    "-e",
    "on run argv",
    "-e",
    "display notification (item 2 of argv) with title (item 1 of argv)",
    "-e",
    "end run",
    // osascript takes a leading dash as one of its own flags.
    title.startsWith("-") ? ` ${title}` : title,
    body.startsWith("-") ? ` ${body}` : body,
  ];
}
