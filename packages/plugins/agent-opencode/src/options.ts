import type { OptionInput, OptionSpecs } from "@ao/core";

export const PLUGIN = "@ao/agent-opencode";

/** Options of `@ao/agent-opencode` (`["opencode", { model: "anthropic/claude-sonnet-4-5" }]`). */
export const OPTIONS = {
  model: {
    type: "string",
    example: "anthropic/claude-sonnet-4-5",
    doc: "`--model` for OpenCode, as `provider/model` (default: OpenCode's own config).",
  },
  agent: {
    type: "string",
    example: "build",
    doc: "`--agent`: the OpenCode agent to run (default: OpenCode's default agent).",
  },
  extraArgs: {
    type: "string-list",
    default: [],
    example: ["--port", "0"],
    doc: "More arguments for `opencode`, placed after ao's flags. Never put a secret here: argv is visible to every user of the machine.",
  },
  dataDir: {
    type: "string",
    doc: "OpenCode's data directory (default: `$XDG_DATA_HOME/opencode`, else `~/.local/share/opencode`): its `storage/` is there.",
  },
  idleAfter: {
    type: "duration",
    default: "2m",
    doc: "With no stored message or output for this long, a turn that never ended counts as idle.",
  },
} as const satisfies OptionSpecs;

/** What a config passes to `@ao/agent-opencode`. */
export type OpenCodeOptions = OptionInput<typeof OPTIONS>;
