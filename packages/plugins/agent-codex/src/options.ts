import type { OptionInput, OptionSpecs } from "@ao/core";

export const PLUGIN = "@ao/agent-codex";

/** Options of `@ao/agent-codex` (`["codex", { model: "gpt-5-codex" }]`). */
export const OPTIONS = {
  model: { type: "string", example: "gpt-5-codex", doc: "`--model`: the model Codex uses." },
  extraArgs: {
    type: "string-list",
    default: [],
    example: ["-c", "model_reasoning_effort=high"],
    doc: "More arguments for `codex`, placed before the prompt. Never put a secret here: argv is visible to every user of the machine.",
  },
  codexHome: {
    type: "string",
    doc: "Codex's home (default: `$CODEX_HOME`, else `~/.codex`): its `config.toml` and `sessions/` are there.",
  },
  idleAfter: {
    type: "duration",
    default: "2m",
    doc: "With no rollout line or output for this long, a turn that never ended counts as idle.",
  },
} as const satisfies OptionSpecs;

/** What a config passes to `@ao/agent-codex`. */
export type CodexOptions = OptionInput<typeof OPTIONS>;
