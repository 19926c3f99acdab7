import { isAoError, isTerminal } from "@ao/core";
import { configFor } from "../context.js";
import { readSessions } from "../journal.js";
import { stderrLogger } from "../log.js";
import { printJson, say } from "../output.js";
import { buildProjects } from "../plugins/build.js";
import type { CommandRun } from "../program.js";

/** One thing `ao cleanup` removed, or left because it holds work. */
export interface CleanupItem {
  project: string;
  kind: "runtime" | "workspace";
  id: string;
  action: "removed" | "kept" | "would-remove";
  reason?: string;
}

/**
 * `ao cleanup`: remove runtimes and workspaces that no live session owns
 * (leftovers of finished sessions and of crashes). Workspaces holding
 * unpushed or uncommitted work are kept and listed.
 */
export const run: CommandRun = async (_args, options) => {
  const config = await configFor("cleanup", options);
  const sessions = await readSessions(config.home);
  const live = sessions.filter((s) => !isTerminal(s.state));
  const liveRuntimes = new Set(live.map((s) => s.resources.runtime?.id).filter(Boolean));
  const liveWorkspaces = new Set(live.map((s) => s.resources.workspace?.path).filter(Boolean));
  const items: CleanupItem[] = [];
  const host = { home: config.home, now: Date.now, log: stderrLogger() };
  for (const { project } of await buildProjects(config)) {
    const { runtime, workspace } = project.plugins;
    await runtime.setup?.(host);
    await workspace.setup?.(host);
    for (const handle of (await runtime.list?.()) ?? []) {
      if (liveRuntimes.has(handle.id)) continue;
      if (options.dryRun)
        items.push({ project: project.ref.id, kind: "runtime", id: handle.id, action: "would-remove" });
      else {
        await runtime.destroy(handle);
        items.push({ project: project.ref.id, kind: "runtime", id: handle.id, action: "removed" });
      }
    }
    for (const info of (await workspace.list?.(project.ref)) ?? []) {
      if (liveWorkspaces.has(info.path)) continue;
      if (options.dryRun) {
        items.push({ project: project.ref.id, kind: "workspace", id: info.path, action: "would-remove" });
        continue;
      }
      try {
        await workspace.destroy(project.ref, info);
        items.push({ project: project.ref.id, kind: "workspace", id: info.path, action: "removed" });
      } catch (error) {
        if (!isAoError(error)) throw error;
        items.push({
          project: project.ref.id,
          kind: "workspace",
          id: info.path,
          action: "kept",
          reason: error.message,
        });
      }
    }
  }
  if (options.json) printJson({ items });
  else if (items.length === 0) say("Nothing to clean up.");
  else
    for (const i of items)
      say(`${i.action} ${i.kind} ${i.id} (${i.project})${i.reason ? `: ${i.reason}` : ""}`);
  return 0;
};
