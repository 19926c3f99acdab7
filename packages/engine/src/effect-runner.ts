import { AoError, type Effect, inertText, type ReactionContext, type SessionSnapshot } from "@ao/core";
import { trustWorkspace, writtenFilesOf } from "./agent-launch.js";
import { describeError } from "./calls.js";
import { type EngineContext, type ProjectState, stepsOf } from "./context.js";
import { MAX_EFFECT_ATTEMPTS, type PendingEffect } from "./fold.js";
import { lastOutputPath, saveLastOutput } from "./last-output.js";
import { mergeSession } from "./merge.js";
import { buildNotification, sendNotification } from "./notify.js";
import { COMMENTS_SENT_STEP, seenCommentIds, unseenComments, withSent } from "./seen-comments.js";
import type { IssueStep } from "./spawn.js";
import { restoreSession } from "./spawn.js";
import { restoreWorkspaceFiles } from "./workspace-files.js";

type Executor<T extends Effect["type"]> = (
  ctx: EngineContext,
  ps: ProjectState,
  session: SessionSnapshot,
  effect: Extract<Effect, { type: T }>,
) => Promise<string | undefined>;

function runtimeOf(session: SessionSnapshot) {
  const handle = session.resources.runtime;
  if (!handle)
    throw new AoError({
      code: "NO_RUNTIME",
      message: `Session ${session.id} has no runtime to talk to.`,
      hint: `Bring its agent back with \`ao restore ${session.id}\`.`,
    });
  return handle;
}

async function deliver(ctx: EngineContext, ps: ProjectState, session: SessionSnapshot, text: string) {
  const { runtime } = ps.project.plugins;
  const agent = await ctx.agentOf(ps, session.id);
  const handle = runtimeOf(session);
  // Last line of defence: whatever a lifecycle plugin wrote, no control byte reaches a terminal.
  // Stripped before formatMessage, which may add framing of its own.
  const inert = inertText(text);
  const payload = agent.formatMessage?.(inert) ?? inert;
  await ctx.call(runtime, "sendMessage", () => runtime.sendMessage(handle, payload));
}

/** Reopen a closed PR when the SCM can; null (a new PR then) when it cannot or refuses. */
async function reopenPr(ctx: EngineContext, ps: ProjectState, number: number) {
  const { scm } = ps.project.plugins;
  const reopen = scm.reopenPR?.bind(scm);
  if (!reopen) return null;
  return ctx
    .call(scm, "reopenPR", () => reopen(ps.ref, number))
    .catch((error) => {
      ctx.log.warn(`Could not reopen PR #${number}; opening a new one`, { error: describeError(error) });
      return null;
    });
}

/** Destroy the session's runtime, keeping the tail of its output so `ao logs` still answers. */
async function stopRuntime(ctx: EngineContext, ps: ProjectState, session: SessionSnapshot): Promise<void> {
  const { runtime } = ps.project.plugins;
  const handle = session.resources.runtime;
  if (!handle) return;
  const file = lastOutputPath(ctx.home, ps.ref.id, session.id);
  await saveLastOutput(file, runtime, handle, ctx.redactText).catch((error) =>
    ctx.log.warn(`Could not keep the output of ${session.id}: ${describeError(error)}`),
  );
  await ctx.call(runtime, "destroy", () => runtime.destroy(handle));
}

const EXECUTORS: { [T in Effect["type"]]: Executor<T> } = {
  async send_to_agent(ctx, ps, session, effect) {
    const { scm, lifecycle } = ps.project.plugins;
    const pr = session.facts.pr;
    const context: ReactionContext = { session, reaction: effect.reaction, attempt: effect.attempt };
    let seen: string[] | null = null;
    if (effect.reaction === "ci-failed" && pr) {
      context.ciLog = await ctx.call(scm, "ciFailureLog", () => scm.ciFailureLog(ps.ref, pr.number));
    } else if (effect.reaction === "changes-requested" && pr) {
      const all = await ctx.call(scm, "reviewComments", () => scm.reviewComments(ps.ref, pr.number));
      const untrusted = lifecycle.routeUntrustedComments?.() ?? false;
      // Each attempt sends only what the agent has not seen (the ids sent are journaled below).
      seen = seenCommentIds(stepsOf(ps, session.id));
      context.comments = unseenComments(untrusted ? all : all.filter((c) => c.trusted), seen);
    } else if (effect.reaction === "merge-conflict") {
      context.defaultBranch = ps.ref.defaultBranch;
    }
    const text = await ctx.call(lifecycle, "agentMessage", () => lifecycle.agentMessage(context));
    await deliver(ctx, ps, session, text);
    if (seen && context.comments && context.comments.length > 0) {
      const ids = withSent(seen, context.comments);
      await ctx.record(ps.ref.id, {
        at: ctx.clock.now(),
        kind: "step",
        session: session.id,
        step: COMMENTS_SENT_STEP,
        data: { ids },
      });
    }
    return `${effect.reaction} attempt ${effect.attempt} sent`;
  },
  async send_message(ctx, ps, session, effect) {
    await deliver(ctx, ps, session, effect.text);
    return undefined;
  },
  async notify(ctx, ps, session, effect) {
    const notification = await buildNotification(ctx, ps, session, {
      kind: effect.kind,
      priority: effect.priority,
      ...(effect.reason !== undefined ? { reason: effect.reason } : {}),
    });
    // Delivery runs on its own: a failure is journaled as notify_failed, never retried here.
    const to = sendNotification(ctx, ps, notification);
    return `${effect.kind} (${effect.priority}) handed to ${to.length > 0 ? to.join(", ") : "no notifier"}`;
  },
  async push(ctx, ps, session) {
    const { scm } = ps.project.plugins;
    const ws = session.resources.workspace;
    if (!ws)
      throw new AoError({
        code: "NO_WORKSPACE",
        message: `Session ${session.id} has no workspace to push.`,
        hint: `Restore it (\`ao restore ${session.id}\` re-creates a missing workspace), or kill it.`,
      });
    const { headSha } = await ctx.call(scm, "push", () => scm.push(ps.ref, ws));
    await ctx.dispatch(session.id, { type: "pushed", at: ctx.clock.now(), headSha });
    return headSha;
  },
  async open_pr(ctx, ps, session, effect) {
    const { scm } = ps.project.plugins;
    if (session.facts.pr?.state === "open") return `PR #${session.facts.pr.number} already open`;
    const reopened = effect.reopen !== undefined ? await reopenPr(ctx, ps, effect.reopen) : null;
    const found = reopened ?? (await ctx.call(scm, "findPR", () => scm.findPR(ps.ref, session.branch)));
    let pr = found;
    if (!pr) {
      const issue = stepsOf(ps, session.id).issue as IssueStep | undefined;
      const title = issue?.title ?? session.branch;
      const ref = issue?.id ? (/^\d+$/.test(issue.id) ? `#${issue.id}` : issue.id) : null;
      const body = [
        issue?.url ? `Issue: ${issue.url}` : null,
        ref ? `Closes ${ref}` : null,
        `Opened by ao for session ${session.id}.`,
      ]
        .filter(Boolean)
        .join("\n\n");
      pr = await ctx.call(scm, "openPR", () =>
        // Issue text is outside text: a control byte in a PR title breaks `gh`/git argv downstream.
        scm.openPR(ps.ref, {
          branch: session.branch,
          base: ps.ref.defaultBranch,
          title: inertText(title),
          body: inertText(body),
        }),
      );
    }
    const p = pr;
    await ctx.dispatch(session.id, {
      type: "pr_opened",
      at: ctx.clock.now(),
      number: p.number,
      url: p.url,
      ...(p.headSha ? { headSha: p.headSha } : {}),
    });
    return `${reopened ? "reopened" : found ? "adopted" : "opened"} PR #${p.number}`;
  },
  async merge(ctx, ps, session) {
    const outcome = await mergeSession(ctx, ps, session.id, false);
    const number = session.facts.pr?.number;
    return outcome === "not_mergeable"
      ? `not merged: PR #${number} is no longer approved and green on its head`
      : `${outcome.replace("_", " ")}: PR #${number}`;
  },
  async restore(ctx, _ps, session) {
    await restoreSession(ctx, session.id);
    return undefined;
  },
  async stop_agent(ctx, ps, session, effect) {
    await stopRuntime(ctx, ps, session);
    return `agent stopped (${effect.reason}), workspace kept`;
  },
  async cleanup(ctx, ps, session) {
    const { workspace } = ps.project.plugins;
    await stopRuntime(ctx, ps, session);
    const ws = session.resources.workspace;
    if (ws) {
      // What ao wrote for the agent goes, and the user's own files come back, before the worktree is judged.
      await restoreWorkspaceFiles(ws.path, writtenFilesOf(ps, session.id));
      await trustWorkspace(ctx, ps, await ctx.agentOf(ps, session.id), session.id, ws.path, "untrust");
    }
    // Never forced: a workspace with unsaved work is kept, and the journal says why.
    if (ws) await ctx.call(workspace, "destroy", () => workspace.destroy(ps.ref, ws));
    return "runtime and workspace removed";
  },
  async update_issue(ctx, ps, session, effect) {
    const { tracker } = ps.project.plugins;
    const id = session.issue;
    if (!id) return "no issue";
    const issue = await ctx.call(tracker, "getIssue", () => tracker.getIssue(ps.ref, id));
    if (effect.mark === "done") await ctx.call(tracker, "markDone", () => tracker.markDone(ps.ref, issue));
    else await ctx.call(tracker, "release", () => tracker.release(ps.ref, issue));
    return `issue ${id} ${effect.mark}`;
  },
};

/** Errors that retrying cannot fix: journaled as final. */
const FINAL_CODES = new Set([
  "UNSAVED_WORK",
  "NO_RUNTIME",
  "NO_WORKSPACE",
  "NO_PR",
  "SESSION_NOT_FOUND",
  // The branch moved after approval: the session is back in review, retrying would merge nothing.
  "HEAD_MOVED",
]);

/** Runs one pending effect through the slots and journals the outcome. */
export async function executeEffect(
  ctx: EngineContext,
  ps: ProjectState,
  pending: PendingEffect,
): Promise<boolean> {
  const session = ps.journal.fold.sessions.get(pending.session);
  if (!session) return false;
  const effect = pending.effect;
  const base = { at: 0, kind: "effect" as const, session: session.id, effect: effect.type, ref: pending.ref };
  try {
    const run = EXECUTORS[effect.type] as Executor<Effect["type"]>;
    const detail = await run(ctx, ps, session, effect);
    await ctx.record(ps.ref.id, { ...base, at: ctx.clock.now(), ok: true, ...(detail ? { detail } : {}) });
    return true;
  } catch (error) {
    const code = error instanceof AoError ? error.code : "";
    const final = FINAL_CODES.has(code) || pending.attempts + 1 >= MAX_EFFECT_ATTEMPTS;
    ctx.log.warn(`Effect ${effect.type} of ${session.id} failed${final ? "" : "; retrying later"}`, {
      error: describeError(error),
    });
    await ctx.record(ps.ref.id, {
      ...base,
      at: ctx.clock.now(),
      ok: false,
      detail: describeError(error),
      ...(final ? { final } : {}),
    });
    // A message that can never reach the agent leaves the session waiting on
    // nothing: escalate it, so a human hears about it.
    if (final && (effect.type === "send_to_agent" || effect.type === "send_message")) {
      await ctx.dispatch(session.id, {
        type: "delivery_failed",
        at: ctx.clock.now(),
        error: describeError(error),
        ...(effect.type === "send_to_agent" ? { reaction: effect.reaction } : {}),
      });
    }
    return false;
  }
}
