import { definePlugin, type OptionInput, type OptionSpecs } from "@ao/core";
import { formatNotification } from "./format.js";

export { formatNotification } from "./format.js";

/** Where notifications are printed. */
export type ConsoleStream = "stderr" | "stdout" | { write(chunk: string): unknown; isTTY?: boolean };

const OPTIONS = {
  stream: {
    type: "stream",
    default: "stderr",
    doc: '`"stderr"`, `"stdout"`, or (from code) any writable stream.',
  },
} as const satisfies OptionSpecs;

/** Options of `@ao/notifier-console`. */
export type NotifierConsoleOptions = OptionInput<typeof OPTIONS>;

const PLUGIN = "@ao/notifier-console";

/** `@ao/notifier-console`: prints each notification as a short block (stderr by default). */
export default definePlugin({
  slot: "notifier",
  name: PLUGIN,
  options: OPTIONS,
  create(options) {
    const chosen: ConsoleStream = options.stream;
    const stream = () =>
      chosen === "stderr" ? process.stderr : chosen === "stdout" ? process.stdout : chosen;
    return {
      async notify(notification) {
        const out = stream();
        out.write(formatNotification(notification, { color: out.isTTY === true }));
      },
    };
  },
});
