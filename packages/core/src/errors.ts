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
  sessionIdTaken: (id: string, where: string) =>
    new AoError({
      code: "SESSION_ID_TAKEN",
      message: `Refusing to create session ${id}: that id is already taken (${where}).`,
      hint: "Nothing was changed. Spawn again: ao picks the next free id; run `ao status` to see the sessions.",
    }),
  runtimeConflict: (name: string, why: string) =>
    new AoError({
      code: "RUNTIME_CONFLICT",
      message: `A runtime named ${name} already exists but ${why}, so ao will not adopt it.`,
      hint: `It was left untouched. If it is not yours to keep, stop it (for tmux: \`tmux kill-session -t ${name}\`) and retry.`,
    }),
  workspaceConflict: (path: string, why: string) =>
    new AoError({
      code: "WORKSPACE_CONFLICT",
      message: `A checkout already exists at ${path} but ${why}, so ao will not adopt it.`,
      hint: "It was left untouched. Move or remove it if it holds nothing you need, then retry.",
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
  runtimeUnavailable: (runtime: string, why: string, fix: string) =>
    new AoError({
      code: "RUNTIME_UNAVAILABLE",
      message: `${runtime} cannot run the agent: ${why}.`,
      hint: fix,
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
  untrustedRepo: (url: string, dir: string) =>
    new AoError({
      code: "UNTRUSTED_REPO",
      message: `ao start ${url} would run code from the cloned repository (${dir}): its ao.config.ts and the plugins it resolves there. Nobody confirmed that.`,
      hint: `Read ${dir}/ao.config.ts, then re-run with --yes to accept it (or answer "y" on a terminal).`,
    }),
  serviceEnableFailed: (manager: string, detail: string, command: string) =>
    new AoError({
      code: "SERVICE_ENABLE_FAILED",
      message: `The service file is written, but ${manager} did not start it: ${detail || "no output"}.`,
      hint: `Run \`${command}\` and read its message${manager === "systemd" ? " (a server without a login session may need `loginctl enable-linger $USER`)" : ""}.`,
    }),
  headMoved: (pr: number, expected: string, actual: string | null) =>
    new AoError({
      code: "HEAD_MOVED",
      message: `PR #${pr} was not merged: its head is ${actual ? actual.slice(0, 12) : "gone"}, not the approved and green ${expected.slice(0, 12)}.`,
      hint: "The new commits go through CI and review again; merge once they are approved.",
    }),
  notMergeable: (session: string, state: string) =>
    new AoError({
      code: "NOT_MERGEABLE",
      message: `Session ${session} is ${state}, not mergeable: its PR is not approved and green on its current head.`,
      hint: "Run `ao status --refresh`; merge once the session is mergeable.",
    }),
  requestIdReused: (id: string, route: string, target: string) =>
    new AoError({
      code: "REQUEST_ID_REUSED",
      message: `Request id ${id} was already used for another request (${route} ${target}); nothing was done.`,
      hint: "Send a fresh x-request-id for each new request; reuse one only to retry the same request.",
    }),
  noPr: (session: string) =>
    new AoError({
      code: "NO_PR",
      message: `Session ${session} has no pull request yet.`,
      hint: `Wait for the agent to push, or attach one with \`ao claim-pr <pr> ${session}\`.`,
    }),
  requestNotFound: (id: string) =>
    new AoError({
      code: "REQUEST_NOT_FOUND",
      message: `No action with request id ${id} is in the journal: it was not applied.`,
      hint: "Send the request again with the same x-request-id; it will be applied once.",
    }),
  webhookUnauthorized: (route: string) =>
    new AoError({
      code: "UNAUTHORIZED",
      message: `The delivery to /webhooks/${route} is not signed with any configured project's secret; nothing was recorded.`,
      hint: "Check that the sender and ao.config.ts use the same webhook secret.",
    }),
  /** A command or call used wrongly; the hint (required) shows the right use. */
  usage: (message: string, hint: string) => new AoError({ code: "USAGE", message, kind: "usage", hint }),
  journalDamaged: (project: string, problem: string) =>
    new AoError({
      code: "JOURNAL_DAMAGED",
      message: `The journal of project "${project}" is damaged: ${problem}. ao refuses to guess the missing state, as live agents and worktrees would look like orphans.`,
      hint: `Restore journal.jsonl from a backup, or accept the loss and continue from what survives: run the command again with AO_ACCEPT_JOURNAL_LOSS=${project} (the loss is journaled).`,
    }),
  journalWriteFailed: (path: string, why: string, cause?: unknown) =>
    new AoError({
      code: "JOURNAL_WRITE_FAILED",
      message: `Could not write the journal ${path}: ${why}. Nothing of this command was recorded.`,
      hint: "Free disk space (or fix the file system), then run the command again.",
      ...(cause === undefined ? {} : { cause }),
    }),
  lockTimeout: (path: string, holder: number | null, ms: number) =>
    new AoError({
      code: "LOCK_TIMEOUT",
      message: `The lock ${path} is still held by ${holder ? `pid ${holder}` : "another process"} after ${ms} ms.`,
      hint: holder
        ? `That process is alive and busy: wait for it, or stop it (pid ${holder}), then try again.`
        : "Another ao process is taking it; try again in a moment.",
    }),
  invalidDuration: (value: string) =>
    new AoError({
      code: "INVALID_DURATION",
      message: `"${value}" is not a duration.`,
      hint: 'Write a number with a unit: "100ms", "30s", "10m", "2h", "1d".',
    }),
  unauthorized: () =>
    new AoError({
      code: "UNAUTHORIZED",
      message: "This endpoint needs a credential: `Authorization: Bearer <token>` or a login cookie.",
      hint: "The admin token is in $AO_HOME/api-token (readable by its owner only); `ao login-url` logs a browser in.",
    }),
  forbidden: (scope: string, what: string) =>
    new AoError({
      code: "FORBIDDEN",
      message: `A token with the "${scope}" scope may not ${what}.`,
      hint:
        scope === "agent"
          ? "An agent may only read and report on its own session; ask a human (or the orchestrator) to do this."
          : "Use a token with a wider scope (the admin token is in $AO_HOME/api-token).",
    }),
  misdirected: (host: string) =>
    new AoError({
      code: "MISDIRECTED_REQUEST",
      message: `This daemon does not serve the host "${host}".`,
      hint: "Call it as 127.0.0.1:<port>, localhost:<port> or [::1]:<port> (or the configured server.host / server.publicUrl).",
    }),
  crossOrigin: (origin: string) =>
    new AoError({
      code: "CROSS_ORIGIN",
      message: `Requests from the origin "${origin}" are refused: only the daemon's own pages may call its API.`,
      hint: "Open the daemon's own URL (`ao login-url`) instead of calling it from another site.",
    }),
  loginInvalid: () =>
    new AoError({
      code: "LOGIN_INVALID",
      message: "This login link is unknown, already used or expired (links work once, for 10 minutes).",
      hint: "Run `ao login-url` for a fresh one.",
    }),
  remoteHost: (host: string) =>
    new AoError({
      code: "REMOTE_HOST_REFUSED",
      message: `server.host is "${host}", which is not a loopback address: the API would be reachable from other machines.`,
      hint: `Use host: "127.0.0.1", or set server.allowRemote: true if you really mean it (and read ${docsUrl("security.md")}).`,
    }),
  agentScope: (what: string) =>
    new AoError({
      code: "AGENT_SCOPE",
      message: `ao runs inside an agent's session here (AO_SESSION_ID is set), and an agent may not ${what}.`,
      hint: "An agent may only `ao report` and read its own session; run this outside the agent's session.",
    }),
  badRequest: (what: string) =>
    new AoError({
      code: "BAD_REQUEST",
      message: `The request is malformed: ${what}.`,
      hint: "Send an origin-form path such as /api/sessions, percent-encoded as UTF-8.",
      kind: "usage",
    }),
  methodNotAllowed: (method: string, allowed: string) =>
    new AoError({
      code: "METHOD_NOT_ALLOWED",
      message: `The method ${method} is not served here.`,
      hint: `Use ${allowed}.`,
      kind: "usage",
    }),
  daemonNotRunning: (home: string, why: string) =>
    new AoError({
      code: "DAEMON_NOT_RUNNING",
      message: `No ao daemon is running for ${home}: ${why}.`,
      hint: "Start it with `ao start`.",
    }),
  /** A terminal cannot show this session here (wrong platform, runtime kind or no daemon). */
  cannotAttach: (message: string, hint: string) => new AoError({ code: "CANNOT_ATTACH", message, hint }),
} as const;
