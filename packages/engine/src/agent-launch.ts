import { homedir } from "node:os";
import { join, normalize, isAbsolute, sep } from "node:path";
import { open } from "node:fs/promises";
import { hostAgentFiles } from "@ao/plugin-kit/agent-files";
import {
  type AgentFiles,
  type AgentPermissions,
  homeIdFor,
  type ResourceOwner,
  type AgentPlugin,
  fenceData,
  inertText,
  type SessionSnapshot,
} from "@ao/core";
import { describeError } from "./calls.js";
import { type EngineContext, type ProjectState, stepsOf } from "./context.js";
import type { IssueStep } from "./spawn.js";
import type { WrittenFile } from "./workspace-files.js";

/** At most this much of `agentRulesFile` reaches the agent: rules, not a repository dump. */
export const RULES_FILE_MAX_BYTES = 64 * 1024;

export const DEFAULT_PERMISSIONS: AgentPermissions = "auto";

/** The agent's home: the HOME it is given, else the daemon's (its CLI's global config lives there). */
export const agentHome = (ctx: EngineContext): string => ctx.agentEnv.HOME ?? ctx.env.HOME ?? homedir();

/**
 * The session's agent files as its agent sees them: through the runtime when
 * it says how (a container's mounted home, a pod read through exec), else the
 * host's files with {@link agentHome}.
 */
export function agentFilesOf(
  ctx: EngineContext,
  ps: ProjectState,
  sessionId: string,
  root: string,
): AgentFiles {
  return (
    ps.project.plugins.runtime.agentFiles?.(ownerOf(ctx, ps, sessionId), root) ??
    hostAgentFiles(root, agentHome(ctx))
  );
}

/** The identity ao stamps on the session's runtime. */
export function ownerOf(ctx: EngineContext, ps: ProjectState, sessionId: string): ResourceOwner {
  return { home: homeIdFor(ctx.home), project: ps.ref.id, session: sessionId };
}

/**
 * The project's rules for its agents: `agentRules`, then the text of
 * `agentRulesFile` read from the workspace (the session's branch, so a rules
 * change on the branch applies). A missing or unreadable file only warns.
 */
export async function projectRules(
  ctx: EngineContext,
  ps: ProjectState,
  workspace: string,
  sessionId: string,
): Promise<string | undefined> {
  const parts: string[] = [];
  const { agentRules, agentRulesFile } = ps.project;
  if (agentRules?.trim()) parts.push(agentRules.trim());
  if (agentRulesFile) {
    const clean = normalize(agentRulesFile);
    if (isAbsolute(clean) || clean === ".." || clean.startsWith(`..${sep}`)) {
      ctx.log.warn(`agentRulesFile ${JSON.stringify(agentRulesFile)} is outside the repository; ignored`, {
        session: sessionId,
      });
    } else {
      const text = await readHead(join(workspace, clean), RULES_FILE_MAX_BYTES).catch((error) => {
        ctx.log.warn(`Could not read agentRulesFile ${agentRulesFile}: ${describeError(error)}`, {
          session: sessionId,
        });
        return null;
      });
      if (text?.trim()) parts.push(text.trim());
    }
  }
  return parts.length > 0 ? inertText(parts.join("\n\n")) : undefined;
}

async function readHead(file: string, max: number): Promise<string> {
  const fh = await open(file, "r");
  try {
    const buf = Buffer.alloc(max);
    const { bytesRead } = await fh.read(buf, 0, max, 0);
    return buf.subarray(0, bytesRead).toString("utf8");
  } finally {
    await fh.close();
  }
}

/** What a resumed agent reads when its native session is gone: where it is and what it did. */
export function handoffFor(ps: ProjectState, session: SessionSnapshot, summary: string | undefined): string {
  const issue = stepsOf(ps, session.id).issue as IssueStep | undefined;
  const task = issue ? `${issue.id ? `issue ${issue.id}: ` : ""}${issue.title}` : "your task";
  const pr = session.facts.pr ? ` Its pull request is ${session.facts.pr.url}.` : "";
  return [
    `You are resuming ao session ${session.id} on ${inertText(task)}, in the same workspace (branch ${session.branch}).${pr}`,
    "Your earlier work is in this workspace: read `git log` and `git status` before going on.",
    summary ? fenceData("Summary of the earlier session", summary) : "",
  ]
    .filter(Boolean)
    .join("\n\n");
}

/** The `agent_files` step: what launches of the session wrote into its workspace. */
export const writtenFilesOf = (ps: ProjectState, sessionId: string): WrittenFile[] =>
  ((stepsOf(ps, sessionId).agent_files as { files?: WrittenFile[] } | undefined)?.files ?? []).filter(
    (f) => typeof f?.path === "string",
  );

/** Trust the workspace in the agent CLI's global config; a failure is logged (the CLI will ask instead). */
export async function trustWorkspace(
  ctx: EngineContext,
  ps: ProjectState,
  agent: AgentPlugin,
  sessionId: string,
  cwd: string,
  how: "trust" | "untrust",
): Promise<void> {
  const fn = agent[how]?.bind(agent);
  if (!fn) return;
  await ctx
    .call(agent, how, () => fn({ sessionId, cwd, home: agentFilesOf(ctx, ps, sessionId, cwd).home }))
    .catch((error) => ctx.log.warn(`Agent ${how} failed: ${describeError(error)}`, { session: sessionId }));
}
