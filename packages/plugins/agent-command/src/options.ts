import { errors, isEnvName, type OptionInput, type OptionSpecs, type OptionValues } from "@ao/core";

export const PLUGIN = "@ao/agent-command";

/**
 * Options of `@ao/agent-command` (`["command", { run: "./my-agent.sh" }]`). The agent starts with an
 * allow-listed environment: `passEnv` names what else of ao's environment it gets (e.g. its API key).
 */
export const OPTIONS = {
  run: {
    type: "command",
    required: true,
    example: "./my-agent.sh",
    doc: "The agent: a shell command line (run with `sh -c`), or an argv array run as is.",
  },
  idleAfter: { type: "duration", default: "5s", doc: "No output for this long means the agent is idle." },
  messageFormat: {
    type: "enum",
    values: ["text", "jsonl"],
    default: "text",
    doc: 'How follow-up messages reach stdin: the text itself, or one `{"type":"message","text":...}` JSON line.',
  },
  env: { type: "string-map", default: {}, doc: "Extra environment for the agent." },
  passEnv: {
    type: "string-list",
    default: [],
    example: ["MY_AGENT_API_KEY"],
    doc: "Names of variables of ao's environment the agent needs (nothing else of it is passed).",
  },
  waitingPattern: {
    type: "string",
    example: "\\? \\[y/n\\]$",
    doc: "A regular expression: when the last output line matches, the agent is waiting for input.",
  },
  install: {
    type: "string",
    doc: "How to install the agent's CLI (a command or a URL), shown by `ao doctor` and a spawn when it is missing.",
  },
} as const satisfies OptionSpecs;

/** What a config passes to `@ao/agent-command`. */
export type CommandAgentOptions = OptionInput<typeof OPTIONS>;

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

/** Turn validated options into settings: the checks a type cannot say (env names, a regex that compiles). */
export function parseOptions(raw: OptionValues<typeof OPTIONS>): CommandAgentSettings {
  const argv = Array.isArray(raw.run) ? raw.run : ["sh", "-c", raw.run];
  const badName = raw.passEnv.find((name) => !isEnvName(name));
  if (badName !== undefined) {
    throw errors.pluginOption(
      PLUGIN,
      "passEnv",
      `holds ${JSON.stringify(badName)}, which is not an environment variable name`,
      'Set passEnv: ["MY_AGENT_API_KEY"]',
    );
  }
  let waitingPattern: RegExp | null = null;
  if (raw.waitingPattern !== undefined) {
    try {
      waitingPattern = new RegExp(raw.waitingPattern);
    } catch (error) {
      throw errors.pluginOption(
        PLUGIN,
        "waitingPattern",
        `is not a valid regular expression (${(error as Error).message})`,
        'Set waitingPattern: "\\\\? \\\\[y/n\\\\]$"',
      );
    }
  }
  const binary = Array.isArray(raw.run) ? (argv[0] as string) : shellLineBinary(raw.run);
  return {
    argv,
    idleAfterMs: raw.idleAfter,
    messageFormat: raw.messageFormat,
    env: raw.env,
    passEnv: raw.passEnv,
    waitingPattern,
    binary,
    install: raw.install ?? null,
  };
}
