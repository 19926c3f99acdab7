import { fenceData, type ReactionContext, type ReactionRule, type ReviewComment } from "@ao/core";
import { fillTemplate, templateValues } from "./template.js";

/** How the plugin was configured, as far as messages care. */
export interface MessageSettings {
  rule: ReactionRule;
  routeUntrustedComments: boolean;
}

/** The default instruction per reaction; `{...}` placeholders as in {@link fillTemplate}. */
const INSTRUCTIONS: Record<ReactionContext["reaction"], string> = {
  "ci-failed":
    "CI failed on PR {pr} (branch {branch}; auto-fix attempt {attempt} of {retries}). " +
    "Read the failing job's log below, find the cause, fix it, run the relevant tests locally, and commit. " +
    "ao pushes your commits once you are done.",
  "changes-requested":
    "A reviewer requested changes on PR {pr} (branch {branch}). " +
    "Address every review comment below, run the tests, and commit. ao pushes your commits once you are done.",
  "merge-conflict":
    "PR {pr} (branch {branch}) conflicts with {defaultBranch}. Run `git fetch origin` and " +
    "`git rebase origin/{defaultBranch}`, resolve each conflict, `git add` the files, " +
    "`git rebase --continue`, and make sure the tests pass. Do NOT push: ao pushes the rebased branch for you.",
  "approved-and-green": "PR {pr} is approved and CI is green. Nothing to do unless you are asked.",
  "agent-stuck":
    "You have been idle or waiting for a while on {branch}. Continue the task; if you need a human, " +
    "run `ao report needs_input` and say what you need.",
  "agent-exited": "Your previous run exited. Continue the task on branch {branch} where it stopped.",
  // Only notifies a human; kept so every reaction has a message if a plugin ever sends one.
  "agent-waiting": "A human has been told you are waiting for an answer on {branch}. Wait for it.",
};

function commentsText(comments: ReviewComment[]): string {
  return comments
    .map((c, i) => {
      const where = c.path ? ` on ${c.path}${c.line !== undefined ? `:${c.line}` : ""}` : "";
      return `[${i + 1}] ${c.author}${where}:\n${c.body}`;
    })
    .join("\n\n");
}

/**
 * The message sent to the agent when a reaction fires. Outside text (CI logs,
 * comments with their authors and paths) only ever appears inside a fence
 * marked as data, so it cannot pose as an instruction from ao.
 */
export function agentMessage(ctx: ReactionContext, settings: MessageSettings): string {
  const values = templateValues(ctx.session, {
    attempt: ctx.attempt,
    defaultBranch: ctx.defaultBranch ?? "main",
    reaction: ctx.reaction,
    ...(settings.rule.retries === undefined ? {} : { retries: settings.rule.retries }),
  });
  const parts = [fillTemplate(settings.rule.message ?? INSTRUCTIONS[ctx.reaction], values)];
  if (ctx.reaction === "ci-failed") {
    parts.push(
      fenceData("Failing CI job log (tail)", ctx.ciLog?.trim() ? ctx.ciLog : "(no log was available)"),
    );
  }
  if (ctx.reaction === "changes-requested") {
    const routed = (ctx.comments ?? []).filter((c) => c.trusted || settings.routeUntrustedComments);
    parts.push(
      routed.length > 0
        ? fenceData(`Review comments (${routed.length})`, commentsText(routed))
        : "No review comment text was available: read the review on the PR itself.",
    );
  }
  return parts.join("\n\n");
}
