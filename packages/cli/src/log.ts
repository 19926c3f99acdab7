import type { Logger } from "@ao/core";
import { paint } from "./output.js";

const LEVELS = ["debug", "info", "warn", "error"] as const;
type Level = (typeof LEVELS)[number];

/** A logger on stderr; `AO_LOG=debug|info|warn|error` sets the threshold (default `min`). */
export function stderrLogger(min: Level = "warn"): Logger {
  const threshold = LEVELS.indexOf((process.env.AO_LOG as Level) ?? min);
  const at = (level: Level) => (message: string, data?: Record<string, unknown>) => {
    if (LEVELS.indexOf(level) < (threshold < 0 ? 1 : threshold)) return;
    const style = level === "error" ? "red" : level === "warn" ? "yellow" : "dim";
    const extra = data && Object.keys(data).length > 0 ? ` ${JSON.stringify(data)}` : "";
    process.stderr.write(`${paint(style, level, process.stderr)} ${message}${extra}\n`);
  };
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}
