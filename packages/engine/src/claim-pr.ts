import {
  createSession,
  errors,
  fenceData,
  type PullRequest,
  type SessionEvent,
  type SessionSnapshot,
} from "@ao/core";
import { assertAgentInstalled } from "./agent-binary.js";
import { type EngineContext, type ProjectState, stepsOf } from "./context.js";
import type { RecordInput } from "./fold.js";
import { liveSessions } from "./observe.js";
import { assertIdFree, nextSessionId } from "./session-ids.js";
import { agentPath, continueSpawn, type IssueStep } from "./spawn.js";

/** The `claimed_pr` spawn step: the PR a session was started for by `ao claim-pr` without a session. */
export interface ClaimedPrStep {
  number: number;
  url: string;
  headSha: string | null;
}

const claimedEvent = (pr: ClaimedPrStep, at: number, id?: string): SessionEvent => ({
  type: "pr_claimed",
  at,
  number: pr.number,
  url: pr.url,
  ...(pr.headSha ? { headSha: pr.headSha } : {}),
  ...(id ? { id } : {}),
});

function claimPrompt(pr: PullRequest, defaultBranch: string): string {
  return [
    `Continue the work on pull request #${pr.number}. Its branch is checked out here.`,
    fenceData(
      "Pull request",
      [pr.title ? `title: ${pr.title}` : "", `branch: ${pr.branch}`, `url: ${pr.url}`]
        .filter(Boolean)
        .join("\n"),
    ),
    `Read what is already on the branch (its log and its diff against ${defaultBranch}), then carry on. Commit as you go; ao pushes your commits to the pull request.`,
  ].join("\n\n");
}

/**
 * `claim-pr`: attach the PR to the named session, else to the live session on
 * its branch, else start a new session on the PR's branch (checked out from
 * the remote) with the PR attached and launch its agent.
 */
export async function claimPr(
  ctx: EngineContext,
  project: string,
  number: number,
  sessionId: string | undefined,
  action: (sessionId: string) => RecordInput,
  requestId?: string,
): Promise<SessionSnapshot> {
  const ps = ctx.projects.get(project);
  if (!ps) throw errors.projectNotFound(project, [...ctx.projects.keys()]);
  const { scm } = ps.project.plugins;
  const pr = await ctx.call(scm, "getPR", () => scm.getPR(ps.ref, number));
  const target = sessionId ?? liveSessions(ps).find((s) => s.branch === pr.branch)?.id;
  if (target) {
    ctx.owner(target);
    return ctx.dispatch(target, claimedEvent(pr, ctx.clock.now(), requestId), action(target));
  }
  if (pr.state !== "open") {
    throw errors.usage(
      `PR #${number} is ${pr.state}: a new session is started only for an open PR.`,
      `Reopen it first, or name the session to attach it to: \`ao claim-pr ${number} <session>\`.`,
    );
  }
  return spawnForPr(ctx, ps, pr, action);
}

async function spawnForPr(
  ctx: EngineContext,
  ps: ProjectState,
  pr: PullRequest,
  action: (sessionId: string) => RecordInput,
): Promise<SessionSnapshot> {
  assertAgentInstalled(await ctx.agentNamed(ps, undefined), agentPath(ctx), ps.ref.path);
  // Two claims of one PR at once must not both start a session on its branch.
  const key = `${ps.ref.id}#pr-${pr.number}`;
  if (ctx.reserved.has(key)) throw errors.duplicateSession(`PR #${pr.number}`, "being claimed");
  ctx.reserved.add(key);
  let reservedId: string | null = null;
  try {
    const { lifecycle } = ps.project.plugins;
    const id = await ctx.serial("session-id", () => nextSessionId(ctx, ps));
    reservedId = id;
    const rules = await ctx.call(lifecycle, "rules", () => lifecycle.rules());
    const at = ctx.clock.now();
    const session = createSession({ id, project: ps.ref.id, issue: null, branch: pr.branch, rules, at });
    const issueStep: IssueStep = { id: null, title: `PR #${pr.number}`, url: pr.url };
    const claimed: ClaimedPrStep = { number: pr.number, url: pr.url, headSha: pr.headSha };
    assertIdFree(ctx, id, true);
    // One batch: the session, who asked, and the PR it is for reach the disk together or not at all.
    await Promise.all([
      ctx.record(ps.ref.id, { at, kind: "session", session }),
      ctx.record(ps.ref.id, action(id)),
      ctx.record(ps.ref.id, { at, kind: "step", session: id, step: "issue", data: { ...issueStep } }),
      ctx.record(ps.ref.id, { at, kind: "step", session: id, step: "claimed_pr", data: { ...claimed } }),
    ]);
    return await continueSpawn(ctx, id, { issue: null, prompt: claimPrompt(pr, ps.ref.defaultBranch) });
  } finally {
    ctx.reserved.delete(key);
    if (reservedId) ctx.reserved.delete(reservedId);
  }
}

/**
 * The PR a session was started for, attached before its workspace is made
 * (and again by recovery, when a crash came between the session and this).
 */
export async function attachClaimedPr(
  ctx: EngineContext,
  ps: ProjectState,
  sessionId: string,
): Promise<boolean> {
  const claimed = stepsOf(ps, sessionId).claimed_pr as ClaimedPrStep | undefined;
  if (!claimed) return false;
  const { session } = ctx.owner(sessionId);
  if (!session.facts.pr) await ctx.dispatch(sessionId, claimedEvent(claimed, ctx.clock.now()));
  return true;
}
