import { readdir } from "node:fs/promises";
import { basename, join } from "node:path";
import { errors, homeIdFor, sessionIdFor } from "@ao/core";
import type { EngineContext, ProjectState } from "./context.js";

/**
 * Session ids are never reused. Counting the journal's sessions is not
 * enough: a lost or corrupt `session` line would hand out the id of a live
 * session, whose runtime and worktree the new spawn would then adopt. The
 * next number is one past the highest seen anywhere a session leaves a
 * trace: every project's journal (sessions and spawn steps), the session
 * directories, ids being spawned, and the runtimes and workspaces that exist.
 * The id is returned reserved in `ctx.reserved`; the caller deletes it.
 */
export async function nextSessionId(ctx: EngineContext, ps: ProjectState): Promise<string> {
  const prefix = sessionIdFor(ps.ref.id, 0).slice(0, -1);
  const seen = new Set<string>(ctx.reserved);
  for (const other of ctx.projects.values()) {
    for (const id of other.journal.fold.sessions.keys()) seen.add(id);
    for (const id of other.journal.fold.steps.keys()) seen.add(id);
  }
  for (const name of await readdir(join(ps.dir, "sessions")).catch(() => [] as string[])) seen.add(name);
  const { runtime, workspace } = ps.project.plugins;
  if (runtime.list) {
    const list = runtime.list.bind(runtime);
    const home = homeIdFor(ctx.home);
    for (const handle of await ctx.call(runtime, "list", () => list())) {
      if (handle.owner?.home === home) seen.add(handle.owner.session);
    }
  }
  if (workspace.list) {
    const list = workspace.list.bind(workspace);
    for (const info of await ctx.call(workspace, "list", () => list(ps.ref))) seen.add(basename(info.path));
  }
  let highest = 0;
  for (const id of seen) {
    if (!id.startsWith(prefix)) continue;
    const n = Number(id.slice(prefix.length));
    if (Number.isSafeInteger(n) && n > highest) highest = n;
  }
  const id = sessionIdFor(ps.ref.id, highest + 1);
  assertIdFree(ctx, id);
  // Reserved before any await, so a concurrent spawn counts it; the caller releases it.
  ctx.reserved.add(id);
  return id;
}

/** Refuse an id some project's journal already holds (SESSION_ID_TAKEN), whatever computed it. */
export function assertIdFree(ctx: EngineContext, id: string, reservedByCaller = false): void {
  for (const ps of ctx.projects.values()) {
    if (ps.journal.fold.sessions.has(id)) throw errors.sessionIdTaken(id, `project ${ps.ref.id}'s journal`);
  }
  if (!reservedByCaller && ctx.reserved.has(id)) throw errors.sessionIdTaken(id, "a spawn in progress");
}
