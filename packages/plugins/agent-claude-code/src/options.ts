import type { OptionInput, OptionSpecs } from "@ao/core";

export const PLUGIN = "@ao/agent-claude-code";

/** Options of `@ao/agent-claude-code` (`["claude-code", { model: "opus" }]`). */
export const OPTIONS = {
  model: {
    type: "string",
    example: "sonnet",
    doc: "`--model`: an alias (`sonnet`, `opus`) or a full model id.",
  },
  extraArgs: {
    type: "string-list",
    default: [],
    example: ["--add-dir", "../shared"],
    doc: "More arguments for `claude`, placed before the prompt. Never put a secret here: argv is visible to every user of the machine.",
  },
  configDir: {
    type: "string",
    doc: "Claude Code's config directory (default: `$CLAUDE_CONFIG_DIR`, else `~/.claude`): its transcripts are there, and so is `.claude.json` when it is set (else `~/.claude.json`).",
  },
  reportHooks: {
    type: "boolean",
    default: true,
    doc: "Write hooks into the workspace's `.claude/settings.local.json` that call `ao report` when a turn ends, fails or waits for permission.",
  },
  idleAfter: {
    type: "duration",
    default: "2m",
    doc: "With no transcript line or output for this long, a turn that never ended counts as idle.",
  },
} as const satisfies OptionSpecs;

/** What a config passes to `@ao/agent-claude-code`. */
export type ClaudeCodeOptions = OptionInput<typeof OPTIONS>;
