import { findExecutable } from "@ao/engine";

/**
 * The coding-agent CLIs ao knows, in the order `ao init` prefers them. This is
 * the one place that knows their binaries and install commands: `ao init`
 * detects them here, and the line it writes for the `command` agent carries
 * the install hint that `ao doctor` and spawn repeat when the binary is
 * missing. When a dedicated agent plugin is released, its entry names it in
 * `plugin` and init writes that instead.
 */
export interface AgentCli {
  /** The executable looked up on PATH. */
  binary: string;
  /** What people call it. */
  label: string;
  /** How to install it (one command or a URL). */
  install: string;
  /** A shell line for the `command` agent: starts the CLI on the prompt in $AO_PROMPT_FILE. */
  run: string;
  /** The dedicated agent plugin, once released (init then writes it instead of `command`). */
  plugin: string | null;
  /** Said in the config comment when the `command` line has a known limit. */
  note?: string;
  /**
   * The API keys the CLI reads from its environment, by name, for `ao doctor`
   * (which never prints a value). `required`: the CLI has no login of its own,
   * so a key must be somewhere; otherwise a missing key is only mentioned.
   */
  keys?: { names: readonly string[]; required: boolean; elsewhere: string };
}

export const AGENT_CLIS: readonly AgentCli[] = [
  {
    binary: "claude",
    label: "Claude Code",
    install: "npm install -g @anthropic-ai/claude-code",
    run: 'claude "$(cat "$AO_PROMPT_FILE")"',
    plugin: "claude-code",
  },
  {
    binary: "codex",
    label: "Codex CLI",
    install: "npm install -g @openai/codex",
    run: 'codex "$(cat "$AO_PROMPT_FILE")"',
    plugin: "codex",
  },
  {
    binary: "aider",
    label: "Aider",
    install: "python -m pip install aider-install && aider-install",
    run: 'aider --message-file "$AO_PROMPT_FILE"',
    plugin: "aider",
    note: "aider answers one message and exits in this mode",
    keys: {
      names: [
        "ANTHROPIC_API_KEY",
        "OPENAI_API_KEY",
        "GEMINI_API_KEY",
        "DEEPSEEK_API_KEY",
        "OPENROUTER_API_KEY",
      ],
      required: true,
      elsewhere: "aider also reads keys from `.env` or `.aider.conf.yml` in the repository or your home",
    },
  },
  {
    binary: "goose",
    label: "Goose",
    install: "see https://block.github.io/goose/docs/getting-started/installation",
    run: 'goose run -i "$AO_PROMPT_FILE" -s',
    plugin: "goose",
    keys: {
      names: ["ANTHROPIC_API_KEY", "OPENAI_API_KEY", "GOOGLE_API_KEY", "OPENROUTER_API_KEY"],
      required: false,
      elsewhere: "Goose normally keeps the key `goose configure` stored (keyring or config.yaml)",
    },
  },
  {
    binary: "opencode",
    label: "OpenCode",
    install: "npm install -g opencode-ai",
    run: 'opencode --prompt "$(cat "$AO_PROMPT_FILE")"',
    plugin: "opencode",
    keys: {
      names: ["ANTHROPIC_API_KEY", "OPENAI_API_KEY", "GEMINI_API_KEY", "OPENROUTER_API_KEY"],
      required: false,
      elsewhere: "OpenCode normally keeps the key `opencode auth login` stored (auth.json in its data dir)",
    },
  },
  {
    binary: "cursor-agent",
    label: "Cursor's agent CLI",
    install: "curl https://cursor.com/install -fsS | bash",
    run: 'cursor-agent "$(cat "$AO_PROMPT_FILE")"',
    plugin: "cursor",
    keys: {
      names: ["CURSOR_API_KEY"],
      required: false,
      elsewhere: "cursor-agent normally keeps the login `cursor-agent login` made",
    },
  },
];

/** The known agent CLIs found on PATH, in preference order. */
export function detectAgentClis(path = process.env.PATH ?? ""): AgentCli[] {
  return AGENT_CLIS.filter((cli) => findExecutable(cli.binary, path) !== null);
}

/** What `ao init` writes for the agent, and why (said on stderr). */
export interface AgentChoice {
  cli: AgentCli;
  found: boolean;
  /** The `agent:` value, as TypeScript source. */
  source: string;
  /** One line for stderr. */
  reason: string;
}

/** Pick the agent for a new config: the first known CLI on PATH, else Claude Code (not installed yet). */
export function chooseAgent(path = process.env.PATH ?? ""): AgentChoice {
  const found = detectAgentClis(path);
  const cli = found[0] ?? (AGENT_CLIS[0] as AgentCli);
  const source = cli.plugin
    ? JSON.stringify(cli.plugin)
    : `[\n      "command",\n      {\n        run: ${tsString(cli.run)},\n        install: ${tsString(cli.install)},\n      },\n    ]`;
  const others = found.slice(1).map((c) => c.binary);
  const reason = found[0]
    ? `agent: ${cli.label} (\`${cli.binary}\` is on PATH${others.length ? `; also found: ${others.join(", ")}` : ""})`
    : `agent: ${cli.label} — no agent CLI is on PATH (looked for ${AGENT_CLIS.map((c) => c.binary).join(", ")}); install it with \`${cli.install}\` or edit the agent line`;
  return { cli, found: found.length > 0, source, reason };
}

/** A TypeScript string literal: single-quoted when that needs no escapes (shell lines are full of `"`). */
function tsString(text: string): string {
  return /['\\\n]/.test(text) ? JSON.stringify(text) : `'${text}'`;
}
