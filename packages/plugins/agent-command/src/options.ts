import { type Duration, errors, isAoError, isEnvName, options, parseDuration } from "@ao/core";

export const PLUGIN = "@ao/agent-command";

/** Options of `@ao/agent-command` (`["command", { run: "./my-agent.sh" }]`). */
export interface CommandAgentOptions {
  /** The agent: a shell command line (run with `sh -c`), or an argv array run as is. */
  run: string | string[];
  /** No output for this long = idle (default `"5s"`). */
  idleAfter?: Duration;
  /**
   * How follow-up messages are written to the agent's stdin: `"text"` (the
   * message itself, the runtime adds the newline) or `"jsonl"` (one JSON object
   * per line: `{"type":"message","text":"..."}`).
   */
  messageFormat?: "text" | "jsonl";
  /** Extra environment for the agent. */
  env?: Record<string, string>;
  /**
   * Names of variables of ao's environment the agent needs (e.g. its API
   * key). The agent starts with an allow-listed environment: anything else
   * ao's own environment holds is not passed.
   */
  passEnv?: string[];
  /** A regular expression: when the last output line matches, the agent is waiting for input. */
  waitingPattern?: string;
  /** How to install the agent's CLI (a command or a URL): shown by `ao doctor` and a spawn when it is missing. */
  install?: string;
}

export interface CommandAgentSettings {
  argv: string[];
  idleAfterMs: number;
  messageFormat: "text" | "jsonl";
  env: Record<string, string>;
  passEnv: string[];
  waitingPattern: RegExp | null;
  /** The executable the agent runs, when it can be told from `run`. */
  binary: string | null;
  install: string | null;
}

const KNOWN = ["run", "idleAfter", "messageFormat", "env", "passEnv", "waitingPattern", "install"] as const;

/** Words a shell line may start with before the real command. */
const PREFIXES = new Set(["exec", "env", "command", "nohup"]);

/**
 * The executable a shell line runs: its first word after variable
 * assignments and `exec`/`env`, when that word is plain (no quoting,
 * expansion or operators); null when the line is too clever to tell.
 */
export function shellLineBinary(line: string): string | null {
  for (const word of line.trim().split(/\s+/)) {
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(word) || PREFIXES.has(word)) continue;
    return /^[A-Za-z0-9_./+@-]+$/.test(word) ? word : null;
  }
  return null;
}

/** Validate options at once; each error names the option. */
export function parseOptions(raw: Partial<CommandAgentOptions>): CommandAgentSettings {
  options.known(PLUGIN, raw, KNOWN);
  let argv: string[];
  if (Array.isArray(raw.run)) {
    argv = options.stringArray(PLUGIN, "run", raw.run);
    if (argv.length === 0 || argv[0] === "") {
      throw errors.pluginOption(
        PLUGIN,
        "run",
        "must not be an empty argv",
        'Set run: ["my-agent", "--flag"]',
      );
    }
  } else {
    argv = ["sh", "-c", options.string(PLUGIN, "run", raw.run)];
  }
  let idleAfterMs: number;
  try {
    idleAfterMs = parseDuration(raw.idleAfter ?? "5s");
  } catch (error) {
    if (!isAoError(error)) throw error;
    throw errors.pluginOption(
      PLUGIN,
      "idleAfter",
      `must be a duration (got ${JSON.stringify(raw.idleAfter)})`,
      'Set idleAfter: "5s"',
    );
  }
  const messageFormat = options.oneOf(
    PLUGIN,
    "messageFormat",
    raw.messageFormat,
    ["text", "jsonl"] as const,
    "text",
  );
  const env = raw.env ?? {};
  if (
    typeof env !== "object" ||
    env === null ||
    Array.isArray(env) ||
    Object.values(env).some((v) => typeof v !== "string")
  ) {
    throw errors.pluginOption(
      PLUGIN,
      "env",
      "must be an object of string values",
      'Set env: { NAME: "value" }',
    );
  }
  const passEnv = options.stringArray(PLUGIN, "passEnv", raw.passEnv);
  const badName = passEnv.find((name) => !isEnvName(name));
  if (badName !== undefined) {
    throw errors.pluginOption(
      PLUGIN,
      "passEnv",
      `holds ${JSON.stringify(badName)}, which is not an environment variable name`,
      'Set passEnv: ["MY_AGENT_API_KEY"]',
    );
  }
  const pattern = options.optionalString(PLUGIN, "waitingPattern", raw.waitingPattern);
  let waitingPattern: RegExp | null = null;
  if (pattern !== undefined) {
    try {
      waitingPattern = new RegExp(pattern);
    } catch (error) {
      throw errors.pluginOption(
        PLUGIN,
        "waitingPattern",
        `is not a valid regular expression (${(error as Error).message})`,
        'Set waitingPattern: "\\\\? \\\\[y/n\\\\]$"',
      );
    }
  }
  const install = options.optionalString(PLUGIN, "install", raw.install) ?? null;
  const binary = Array.isArray(raw.run) ? (argv[0] as string) : shellLineBinary(raw.run as string);
  return { argv, idleAfterMs, messageFormat, env: { ...env }, passEnv, waitingPattern, binary, install };
}
