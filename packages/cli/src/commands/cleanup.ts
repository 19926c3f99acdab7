import { listOrchestrators } from "../orchestrator/orchestrator-state.js";
import { homeIdFor, isAoError, isTerminal, parseOwner, type ResourceOwner } from "@ao/core";
import { configFor } from "../context.js";
import { readSessions } from "../journal.js";
import { stderrLogger } from "../log.js";
import { printJson, say } from "../output.js";
import { buildProjects } from "../plugins/build.js";
import type { CommandRun } from "../program.js";

/** One thing `ao cleanup` removed, or left: because it holds work, or because ao cannot prove it is ao's. */
export interface CleanupItem {
  project: string;
  kind: "runtime" | "workspace";
  id: string;
  action: "removed" | "kept" | "would-remove" | "skipped";
  reason?: string;
}

/**
 * Why a runtime or workspace is not provably this project's in this AO_HOME
 * (null when it is). Only what carries ao's owner stamp is ever removed.
 */
function notOurs(owner: ResourceOwner | null, home: string, project: string): string | null {
  if (owner === null) return "it carries no ao owner stamp, so ao cannot prove it made it";
  if (owner.home !== home) return `it belongs to another AO_HOME (id ${owner.home})`;
  if (owner.project !== project) return `it belongs to project ${owner.project}`;
  return null;
}

/**
 * `ao cleanup`: remove runtimes and workspaces that no live session owns
 * (leftovers of finished sessions and of crashes). Workspaces holding
 * unpushed or uncommitted work are kept, and anything without this AO_HOME's
 * owner stamp is skipped; both are listed with the reason.
 */
export const run: CommandRun = async (_args, options) => {
  const config = await configFor("cleanup", options);
  const sessions = await readSessions(config.home);
  const live = sessions.filter((s) => !isTerminal(s.state));
  const liveRuntimes = new Set(live.map((s) => s.resources.runtime?.id).filter(Boolean));
  const liveWorkspaces = new Set(live.map((s) => s.resources.workspace?.path).filter(Boolean));
  const configured = new Set(config.projects.map((p) => p.id));
  const home = homeIdFor(config.home);
  // A running orchestrator is no session of the engine, yet not an orphan.
  const orchestratorRuntimes = new Set(listOrchestrators(config.home).map((o) => o.handle.id));
  const items: CleanupItem[] = [];
  const host = { home: config.home, now: Date.now, log: stderrLogger() };
  for (const { project } of await buildProjects(config)) {
    const { runtime, workspace } = project.plugins;
    const id = project.ref.id;
    await runtime.setup?.(host);
    await workspace.setup?.(host);
    for (const handle of (await runtime.list?.()) ?? []) {
      if (liveRuntimes.has(handle.id) || orchestratorRuntimes.has(handle.id)) continue;
      const owner = handle.owner ?? null;
      // Another configured project's runtime is that project's to judge (its own pass lists it too).
      if (owner && owner.home === home && owner.project !== id && configured.has(owner.project)) continue;
      const why = notOurs(owner, home, id);
      if (why) items.push({ project: id, kind: "runtime", id: handle.id, action: "skipped", reason: why });
      else if (options.dryRun)
        items.push({ project: id, kind: "runtime", id: handle.id, action: "would-remove" });
      else {
        await runtime.destroy(handle);
        items.push({ project: id, kind: "runtime", id: handle.id, action: "removed" });
      }
    }
    for (const info of (await workspace.list?.(project.ref)) ?? []) {
      if (liveWorkspaces.has(info.path)) continue;
      const why = notOurs(parseOwner(JSON.stringify(info.data?.owner ?? null)), home, id);
      if (why) {
        items.push({ project: id, kind: "workspace", id: info.path, action: "skipped", reason: why });
        continue;
      }
      if (options.dryRun) {
        items.push({ project: id, kind: "workspace", id: info.path, action: "would-remove" });
        continue;
      }
      try {
        await workspace.destroy(project.ref, info);
        items.push({ project: id, kind: "workspace", id: info.path, action: "removed" });
      } catch (error) {
        if (!isAoError(error)) throw error;
        items.push({ project: id, kind: "workspace", id: info.path, action: "kept", reason: error.message });
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
