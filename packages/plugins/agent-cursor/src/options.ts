import type { OptionInput, OptionSpecs } from "@ao/core";

export const PLUGIN = "@ao/agent-cursor";

/** Options of `@ao/agent-cursor` (`["cursor", { model: "sonnet-4.5" }]`). */
export const OPTIONS = {
  model: {
    type: "string",
    example: "sonnet-4.5",
    doc: "`--model` for `cursor-agent` (default: the CLI's own choice).",
  },
  extraArgs: {
    type: "string-list",
    default: [],
    example: ["--output-format", "text"],
    doc: "More arguments for `cursor-agent`, placed after ao's flags and before the prompt. Never put a secret here (not `--api-key`: set `CURSOR_API_KEY`): argv is visible to every user of the machine.",
  },
  idleAfter: {
    type: "duration",
    default: "2m",
    doc: "With no output for this long and no prompt on screen, the agent counts as idle.",
  },
} as const satisfies OptionSpecs;

/** What a config passes to `@ao/agent-cursor`. */
export type CursorOptions = OptionInput<typeof OPTIONS>;
