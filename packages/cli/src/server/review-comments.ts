import { AoError, fenceData, inertText, type ReviewComment, type SessionSnapshot } from "@ao/core";
import type { EngineProject } from "@ao/engine";
import type { DashboardComment } from "./dashboard-types.js";

/** A comment as the dashboard shows it: the reviewer's text is inert, never markup. */
export function toDashboardComment(c: ReviewComment): DashboardComment {
  return {
    id: c.id,
    author: inertText(c.author),
    trusted: c.trusted,
    body: inertText(c.body),
    path: c.path ?? null,
    line: c.line ?? null,
    createdAt: new Date(c.createdAt).toISOString(),
  };
}

/** The project a session belongs to, among those the daemon runs. */
export function projectOf(projects: readonly EngineProject[], session: SessionSnapshot): EngineProject {
  const project = projects.find((p) => p.ref.id === session.project);
  if (!project) {
    throw new AoError({
      code: "PROJECT_NOT_FOUND",
      message: `Session ${session.id} belongs to project "${session.project}", which the daemon does not run.`,
      hint: "Add the project back to ao.config.ts and restart the daemon.",
    });
  }
  return project;
}

/** The unresolved review comments of the session's PR, asked of the SCM now (none without a PR). */
export async function unresolvedComments(
  projects: readonly EngineProject[],
  session: SessionSnapshot,
): Promise<ReviewComment[]> {
  const pr = session.facts.pr;
  if (!pr) return [];
  const project = projectOf(projects, session);
  const comments = await project.plugins.scm.reviewComments(project.ref, pr.number);
  return comments.filter((c) => !c.thread?.resolved && !c.thread?.outdated);
}

/**
 * The message "ask the agent to fix this" sends: the comment fenced as data
 * (a reviewer's text is never an instruction), with where it points.
 */
export function fixCommentMessage(comment: ReviewComment): string {
  const where = comment.path ? ` on ${inertText(comment.path)}${comment.line ? `:${comment.line}` : ""}` : "";
  return [
    `A human asks you to address this review comment by ${inertText(comment.author)}${where}.`,
    fenceData("Review comment", comment.body),
    "Fix what it points at if it is right, push, and say what you did.",
  ].join("\n\n");
}

/** COMMENT_NOT_FOUND: no unresolved comment with that id on the session's PR. */
export function commentNotFound(session: string, id: string): AoError {
  return new AoError({
    code: "COMMENT_NOT_FOUND",
    message: `No unresolved review comment ${JSON.stringify(inertText(id).slice(0, 80))} on the PR of session ${session}.`,
    hint: `List them with GET /api/sessions/${session}/comments; a resolved or outdated one needs no fix.`,
  });
}
