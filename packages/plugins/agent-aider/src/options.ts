import type { OptionInput, OptionSpecs } from "@ao/core";

export const PLUGIN = "@ao/agent-aider";

/** Options of `@ao/agent-aider` (`["aider", { model: "sonnet" }]`). */
export const OPTIONS = {
  model: {
    type: "string",
    example: "sonnet",
    doc: "`--model`: an alias (`sonnet`, `4o`) or a provider/model name aider knows.",
  },
  extraArgs: {
    type: "string-list",
    default: [],
    example: ["--edit-format", "diff"],
    doc: "More arguments for `aider`, placed after ao's flags. Never put a secret here: argv is visible to every user of the machine.",
  },
  idleAfter: {
    type: "duration",
    default: "2m",
    doc: "With no chat-history line or output for this long, a reply that never ended counts as idle.",
  },
} as const satisfies OptionSpecs;

/** What a config passes to `@ao/agent-aider`. */
export type AiderOptions = OptionInput<typeof OPTIONS>;
