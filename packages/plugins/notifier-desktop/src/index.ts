import { AoError, definePlugin, type Notification, type OptionInput, type OptionSpecs } from "@ao/core";
import { run } from "@ao/plugin-kit/process";
import { notificationText, notifySendArgs, osascriptArgs } from "./commands.js";
import { findExecutable } from "./find-executable.js";

const OPTIONS = {
  fallback: {
    type: "boolean",
    default: false,
    doc: "When no notification tool is installed, print the notification to `stream` instead of failing with what to install.",
  },
  stream: {
    type: "stream",
    default: "stderr",
    doc: 'Where the fallback prints: `"stderr"`, `"stdout"`, or (from code) a writable stream.',
  },
} as const satisfies OptionSpecs;

/** Options of `@ao/notifier-desktop`. */
export type NotifierDesktopOptions = OptionInput<typeof OPTIONS>;

const PLUGIN = "@ao/notifier-desktop";

async function notifyWith(file: string, args: string[]): Promise<void> {
  let why: string;
  try {
    const result = await run(file, args, { timeoutMs: 10_000 });
    if (result.exitCode === 0) return;
    why = result.stderr.trim() || `exit ${result.exitCode}`;
  } catch (error) {
    why = (error as Error).message;
  }
  throw new AoError({
    code: "NOTIFY_FAILED",
    message: `${PLUGIN}: ${file} failed: ${why}`,
    hint: "Check that a desktop session is running (DISPLAY / DBUS_SESSION_BUS_ADDRESS on Linux).",
  });
}

/** `@ao/notifier-desktop`: notify-send on Linux, osascript on macOS, always as argv (never a shell). */
export default definePlugin({
  slot: "notifier",
  name: PLUGIN,
  options: OPTIONS,
  create(raw) {
    const { fallback, stream: chosen } = raw;
    const tool = process.platform === "darwin" ? "osascript" : "notify-send";

    const print = (n: Notification) => {
      const { title, body } = notificationText(n);
      const out = chosen === "stderr" ? process.stderr : chosen === "stdout" ? process.stdout : chosen;
      out.write(`[ao] ${title}\n${body.replace(/^/gm, "  ")}\n`);
    };

    return {
      async notify(notification) {
        const path = await findExecutable(tool);
        if (!path) {
          if (fallback) return print(notification);
          throw new AoError({
            code: "NOTIFIER_UNAVAILABLE",
            message: `${PLUGIN}: ${tool} was not found on PATH, so desktop notifications cannot be shown.`,
            hint:
              tool === "notify-send"
                ? "Install libnotify (Debian/Ubuntu: apt-get install libnotify-bin; Fedora: dnf install libnotify), or set fallback: true to print notifications instead."
                : "osascript ships with macOS; check PATH, or set fallback: true to print notifications instead.",
          });
        }
        await notifyWith(
          path,
          tool === "osascript" ? osascriptArgs(notification) : notifySendArgs(notification),
        );
      },
    };
  },
});
