// Claude Code's hooks, as the fake runs them: commands from the settings
// files, run with `sh -c`, the event as JSON on stdin, in the project dir.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The hook commands for an event, from the user's and the project's settings.
 * @param {string[]} files settings files, in the order the CLI reads them
 * @param {string} event
 * @param {string} [matcher]
 */
export function hookCommands(files, event, matcher = "") {
  /** @type {{ command: string; timeout?: number }[]} */
  const commands = [];
  for (const file of files) {
    if (!existsSync(file)) continue;
    let settings;
    try {
      settings = JSON.parse(readFileSync(file, "utf8"));
    } catch {
      process.stderr.write(`Settings file ${file} is not valid JSON; its hooks are skipped\n`);
      continue;
    }
    for (const group of settings?.hooks?.[event] ?? []) {
      if (group.matcher && matcher && !new RegExp(group.matcher).test(matcher)) continue;
      for (const hook of group.hooks ?? []) if (hook.type === "command") commands.push(hook);
    }
  }
  return commands;
}

/**
 * Run every hook of `event` and wait for each (as the CLI does; a hook's
 * failure is shown, never fatal).
 * @param {{ cwd: string; configDir: string }} where
 * @param {string} event
 * @param {Record<string, unknown>} payload
 * @param {string} [matcher]
 */
export function runHooks(where, event, payload, matcher) {
  const files = [
    join(where.configDir, "settings.json"),
    join(where.cwd, ".claude", "settings.json"),
    join(where.cwd, ".claude", "settings.local.json"),
  ];
  for (const hook of hookCommands(files, event, matcher)) {
    const run = spawnSync("sh", ["-c", hook.command], {
      cwd: where.cwd,
      input: JSON.stringify({ ...payload, hook_event_name: event, cwd: where.cwd }),
      env: { ...process.env, CLAUDE_PROJECT_DIR: where.cwd },
      encoding: "utf8",
      timeout: (hook.timeout ?? 60) * 1000,
    });
    if (run.status !== 0) {
      process.stdout.write(`  ⎿  ${event} hook error: ${(run.stderr || run.error?.message || "").trim()}\n`);
    }
  }
}
