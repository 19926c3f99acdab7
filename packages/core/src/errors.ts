import { docsUrl } from "./docs-url.js";

/**
 * The error catalogue. Every error ao raises on purpose has a stable `code`
 * (scripts and tests match on it), a message that says what happened, why,
 * and what to do, and an optional `hint`. Anything else reaching the CLI's top
 * level is an internal error and is reported as a bug.
 */
export type ErrorKind = "user" | "usage" | "internal";

export interface AoErrorData {
  code: string;
  message: string;
  hint?: string;
  kind?: ErrorKind;
  /** Set by the host when the error was raised inside a plugin. */
  plugin?: string;
  cause?: unknown;
}

export class AoError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly kind: ErrorKind;
  plugin: string | undefined;

  constructor(data: AoErrorData) {
    super(data.message, data.cause === undefined ? undefined : { cause: data.cause });
    this.name = "AoError";
    this.code = data.code;
    this.hint = data.hint;
    this.kind = data.kind ?? "user";
    this.plugin = data.plugin;
  }

  /** A plain-JSON form, for `--json` output and the HTTP API. */
  toJSON(): { code: string; message: string; hint?: string; plugin?: string } {
    return {
      code: this.code,
      message: this.message,
      ...(this.hint ? { hint: this.hint } : {}),
      ...(this.plugin ? { plugin: this.plugin } : {}),
    };
  }
}

export function isAoError(value: unknown): value is AoError {
  return (
    value instanceof AoError ||
    (value instanceof Error &&
      typeof (value as AoError).code === "string" &&
      (value as AoError).name === "AoError")
  );
}

/** Named constructors: one per error ao raises, so codes never drift. */
export const errors = {
  pluginOption: (plugin: string, option: string, problem: string, fix: string) =>
    new AoError({
      code: "PLUGIN_OPTION_INVALID",
      message: `${plugin}: option "${option}" ${problem}.`,
      hint: fix,
    }),
  config: (problems: string[], file?: string) =>
    new AoError({
      code: "CONFIG_INVALID",
      message: `${file ? `${file} is invalid` : "The config is invalid"}:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
      hint: `Fix the keys listed above; each one is described in ${docsUrl("configuration.md")}`,
    }),
  configNotFound: (from: string) =>
    new AoError({
      code: "CONFIG_NOT_FOUND",
      message: `No ao.config.ts found in ${from} or any parent directory.`,
      hint: "Run `ao init` to write one, or pass --config <path> (or set AO_CONFIG).",
    }),
  pluginNotFound: (slot: string, name: string, tried: string[], hint: string) =>
    new AoError({
      code: "PLUGIN_NOT_FOUND",
      message: `The ${slot} plugin "${name}" could not be loaded (tried ${tried.map((t) => `"${t}"`).join(", ")}).`,
      hint,
    }),
  pluginWrongSlot: (name: string, expected: string, actual: string) =>
    new AoError({
      code: "PLUGIN_WRONG_SLOT",
      message: `"${name}" is a ${actual} plugin, but it was configured as the ${expected} plugin.`,
      hint: `Use a ${expected} plugin here, or move "${name}" to the ${actual} key.`,
    }),
  pluginBadExport: (name: string, slot: string) =>
    new AoError({
      code: "PLUGIN_BAD_EXPORT",
      message: `"${name}" does not default-export an ao ${slot} plugin factory.`,
      hint: "A plugin package must `export default definePlugin({ slot, name, create })` from @ao/core.",
    }),
  missingEnv: (variable: string, purpose: string) =>
    new AoError({
      code: "MISSING_ENV",
      message: `The environment variable ${variable} is not set; it is needed for ${purpose}.`,
      hint: `Export ${variable} before running ao (its value is never printed).`,
    }),
  sessionNotFound: (id: string) =>
    new AoError({
      code: "SESSION_NOT_FOUND",
      message: `No session "${id}".`,
      hint: "Run `ao status` to list sessions.",
    }),
  projectNotFound: (id: string, known: string[]) =>
    new AoError({
      code: "PROJECT_NOT_FOUND",
      message: `No project "${id}" in the config (known: ${known.join(", ") || "none"}).`,
      hint: "Pass --project with one of the configured project ids.",
    }),
  issueNotFound: (id: string, tracker: string) =>
    new AoError({
      code: "ISSUE_NOT_FOUND",
      message: `Issue "${id}" was not found by ${tracker}.`,
      hint: "Check the issue id, and that the tracker is configured for this project.",
    }),
  duplicateSession: (issue: string, session: string) =>
    new AoError({
      code: "SESSION_EXISTS",
      message: `Issue ${issue} already has a live session (${session}).`,
      hint: `Use \`ao send ${session} <message>\`, or \`ao kill ${session}\` first.`,
    }),
  daemonRunning: (pid: number, home: string) =>
    new AoError({
      code: "DAEMON_RUNNING",
      message: `Another ao daemon (pid ${pid}) already serves ${home}.`,
      hint: `Stop it with \`ao stop\`, or use another AO_HOME.`,
    }),
  agentNotInstalled: (agent: string, command: string, install?: string) =>
    new AoError({
      code: "AGENT_NOT_INSTALLED",
      message: `The agent ${agent} runs \`${command}\`, which is not installed (not found on PATH).`,
      hint: install
        ? `Install it: ${install} — or choose another agent in ao.config.ts.`
        : `Install ${command}, or choose another agent in ao.config.ts.`,
    }),
  unsavedWork: (path: string, detail: string) =>
    new AoError({
      code: "UNSAVED_WORK",
      message: `Refusing to remove ${path}: ${detail}.`,
      hint: "Push or commit the work first, or pass force to discard it.",
    }),
  deliveryFailed: (target: string, why: string) =>
    new AoError({
      code: "DELIVERY_FAILED",
      message: `The message to ${target} could not be confirmed as delivered: ${why}.`,
      hint: "Check the session with `ao logs`, then retry `ao send`.",
    }),
  timeout: (what: string, ms: number) =>
    new AoError({
      code: "TIMEOUT",
      message: `${what} did not finish within ${ms} ms.`,
      hint: "The call was abandoned; it is retried with backoff on the next tick.",
    }),
  usage: (message: string, hint?: string) =>
    new AoError({ code: "USAGE", message, kind: "usage", ...(hint ? { hint } : {}) }),
  invalidDuration: (value: string) =>
    new AoError({
      code: "INVALID_DURATION",
      message: `"${value}" is not a duration.`,
      hint: 'Write a number with a unit: "100ms", "30s", "10m", "2h", "1d".',
    }),
} as const;
