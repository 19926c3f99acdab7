/**
 * The shell line that runs `ao <args>`: the very CLI that started the session
 * (`AO_BIN` in the agent's environment, a quoted node + script pair, which is
 * why it goes through `eval`), else `ao` on PATH. `eval` parses `args` once
 * more: they must be plain words.
 */
export const aoCommand = (args: string) => `eval "\${AO_BIN:-ao}" ${args}`;

/**
 * Hooks ao adds to the workspace's `.claude/settings.local.json` (the
 * per-user settings file Claude Code keeps out of git): each calls `ao report`,
 * which finds its session and scoped token in the agent's environment, so no
 * secret is written into the file.
 */
export const REPORT_HOOKS: ReadonlyArray<{ event: string; matcher?: string; report: string }> = [
  { event: "UserPromptSubmit", report: "working" },
  { event: "Stop", report: "done" },
  { event: "StopFailure", report: "blocked" },
  { event: "Notification", matcher: "permission_prompt", report: "needs_input" },
];

/** Marks ao's entries, so a second launch replaces them instead of adding more. */
const MARK = "# ao-report-hook";

type HookGroup = { matcher?: string; hooks?: Array<{ type?: string; command?: string; timeout?: number }> };

/**
 * The settings file with ao's hooks merged into the user's: every other key
 * and every user hook is kept; ao's previous entries are replaced. A file that
 * is not a JSON object is returned unchanged (ao never clobbers it).
 */
export function mergeReportHooks(existing: string | null): string {
  let settings: Record<string, unknown> = {};
  if (existing?.trim()) {
    try {
      const parsed = JSON.parse(existing) as unknown;
      if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return existing;
      settings = parsed as Record<string, unknown>;
    } catch {
      return existing;
    }
  }
  const hooks: Record<string, HookGroup[]> = {};
  const current = settings.hooks && typeof settings.hooks === "object" ? settings.hooks : {};
  for (const [event, groups] of Object.entries(current as Record<string, unknown>)) {
    if (!Array.isArray(groups)) {
      hooks[event] = groups as HookGroup[];
      continue;
    }
    hooks[event] = (groups as HookGroup[]).filter(
      (g) => !g?.hooks?.some((h) => typeof h?.command === "string" && h.command.includes(MARK)),
    );
  }
  for (const { event, matcher, report } of REPORT_HOOKS) {
    const group: HookGroup = {
      ...(matcher ? { matcher } : {}),
      hooks: [
        { type: "command", command: `${aoCommand(`report ${report}`)} >/dev/null ${MARK}`, timeout: 30 },
      ],
    };
    hooks[event] = [...(hooks[event] ?? []), group];
  }
  return `${JSON.stringify({ ...settings, hooks }, null, 2)}\n`;
}
