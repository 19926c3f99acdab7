import { definePlugin, errors } from "@ao/core";
import { formatNotification } from "./format.js";

export { formatNotification } from "./format.js";

/** Where notifications are printed. */
export type ConsoleStream = "stderr" | "stdout" | { write(chunk: string): unknown; isTTY?: boolean };

/** Options of `@ao/notifier-console`. */
export interface NotifierConsoleOptions {
  /** `"stderr"` (default), `"stdout"`, or any writable stream. */
  stream?: ConsoleStream;
}

const PLUGIN = "@ao/notifier-console";

/** `@ao/notifier-console`: prints each notification as a short block (stderr by default). */
export default definePlugin<"notifier", NotifierConsoleOptions>({
  slot: "notifier",
  name: PLUGIN,
  create(options) {
    for (const key of Object.keys(options)) {
      if (key !== "stream")
        throw errors.pluginOption(PLUGIN, key, "is not an option of this plugin", "Known options: stream.");
    }
    const chosen = options.stream ?? "stderr";
    const valid =
      chosen === "stderr" ||
      chosen === "stdout" ||
      (typeof chosen === "object" && chosen !== null && typeof chosen.write === "function");
    if (!valid) {
      throw errors.pluginOption(
        PLUGIN,
        "stream",
        'must be "stderr", "stdout" or a writable stream',
        'Set stream: "stderr"',
      );
    }
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
