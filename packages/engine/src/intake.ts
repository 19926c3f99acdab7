import { isTerminal } from "@ao/core";
import { describeError } from "./calls.js";
import type { EngineContext, ProjectState } from "./context.js";
import { type ActionRequest, actionRecord } from "./requests.js";
import { spawnSession } from "./spawn.js";
import { agentLimited } from "./usage-limit.js";

/**
 * Spawn sessions for open issues matching the intake filter (labels, and
 * assignee and milestone when set), up to
 * `maxConcurrent` live sessions. An issue that ever had a session is left to
 * humans (`ao spawn`), so a failing issue is not respawned every tick. While
 * the project's agent is at a usage limit, nothing new starts.
 */
export async function runIntake(ctx: EngineContext, ps: ProjectState): Promise<string[]> {
  const { intake } = ps.project;
  if (!intake.auto) return [];
  const sessions = [...ps.journal.fold.sessions.values()];
  const live = sessions.filter((s) => !isTerminal(s.state) && s.facts.phase !== "spawn_failed").length;
  let room = intake.maxConcurrent - live;
  if (room <= 0) return [];
  if (await agentLimited(ctx, ps)) return []; // a new session would hit the same usage limit
  const { tracker } = ps.project.plugins;
  const issues = await ctx.call(tracker, "listIssues", () =>
    tracker.listIssues(ps.ref, {
      state: "open",
      labels: intake.labels,
      ...(intake.assignee ? { assignee: intake.assignee } : {}),
      ...(intake.milestone ? { milestone: intake.milestone } : {}),
    }),
  );
  const known = new Set(sessions.map((s) => s.issue));
  const spawned: string[] = [];
  for (const issue of issues) {
    if (room <= 0) break;
    if (known.has(issue.id)) continue;
    try {
      // Journaled as the engine's own action, so `ao events` tells intake from a human's spawn.
      const request: ActionRequest = { route: "spawn", target: `${ps.ref.id}#${issue.id}`, opts: undefined };
      const s = await spawnSession(ctx, { project: ps.ref.id, issue: issue.id }, (id) =>
        actionRecord(ctx, request, id),
      );
      spawned.push(s.id);
    } catch (error) {
      ctx.log.warn(`Intake could not spawn issue ${issue.id}`, { error: describeError(error) });
    }
    room--;
  }
  return spawned;
}
