import type { OptionInput, OptionSpecs } from "@ao/core";

export const PLUGIN = "@ao/agent-goose";

/** Options of `@ao/agent-goose` (`["goose", { provider: "anthropic", model: "claude-sonnet-4-5" }]`). */
export const OPTIONS = {
  provider: {
    type: "string",
    example: "anthropic",
    doc: "`GOOSE_PROVIDER` for the agent: the provider Goose uses (default: Goose's own config).",
  },
  model: {
    type: "string",
    example: "claude-sonnet-4-5",
    doc: "`GOOSE_MODEL` for the agent: the model Goose uses (default: Goose's own config).",
  },
  extraArgs: {
    type: "string-list",
    default: [],
    example: ["--with-builtin", "developer"],
    doc: "More arguments for `goose run`, placed after ao's flags. Never put a secret here: argv is visible to every user of the machine.",
  },
  dataDir: {
    type: "string",
    doc: "Goose's data directory (default: `$GOOSE_PATH_ROOT/data`, else `$XDG_DATA_HOME/goose`, else `~/.local/share/goose`): its `sessions/sessions.db` is there.",
  },
  idleAfter: {
    type: "duration",
    default: "2m",
    doc: "With no stored message or output for this long, a turn that never ended counts as idle.",
  },
} as const satisfies OptionSpecs;

/** What a config passes to `@ao/agent-goose`. */
export type GooseOptions = OptionInput<typeof OPTIONS>;
