import { AoError, type AgentReport, errors, type SessionSnapshot } from "@ao/core";
import type { EngineApi, EngineProject, SpawnRequest } from "@ao/engine";
import type { Actions, ReviewRequest } from "./actions.js";

/** {@link Actions} on an engine living in this process (the daemon's, or a one-shot command's). */
export class EngineActions implements Actions {
  readonly via = "local" as const;

  constructor(
    readonly engine: EngineApi,
    readonly projects: EngineProject[],
    private readonly onClose: () => Promise<void> = async () => {},
  ) {}

  async sessions(): Promise<SessionSnapshot[]> {
    return this.engine.sessions();
  }

  spawn(request: SpawnRequest): Promise<SessionSnapshot> {
    return this.engine.spawn({
      project: request.project,
      ...(request.issue ? { issue: request.issue } : {}),
      ...(request.prompt ? { prompt: request.prompt } : {}),
    });
  }

  send(sessionId: string, text: string, requestId: string): Promise<SessionSnapshot> {
    this.need(sessionId);
    return this.engine.send(sessionId, text, requestId);
  }

  kill(sessionId: string): Promise<SessionSnapshot> {
    this.need(sessionId);
    return this.engine.kill(sessionId);
  }

  restore(sessionId: string): Promise<SessionSnapshot> {
    this.need(sessionId);
    return this.engine.restore(sessionId);
  }

  report(sessionId: string, report: AgentReport): Promise<SessionSnapshot> {
    this.need(sessionId);
    return this.engine.report(sessionId, report);
  }

  claimPr(project: string, pr: number, sessionId: string | undefined): Promise<SessionSnapshot> {
    this.project(project);
    return this.engine.claimPr(project, pr, sessionId);
  }

  async merge(sessionId: string): Promise<SessionSnapshot> {
    const { session, project, pr } = this.withPr(sessionId);
    await project.plugins.scm.merge(project.ref, pr);
    await this.engine.tick();
    return this.engine.session(session.id) ?? session;
  }

  async review(sessionId: string, review: ReviewRequest): Promise<SessionSnapshot> {
    const { session, project, pr } = this.withPr(sessionId);
    const scm = project.plugins.scm;
    if (!scm.review) {
      throw new AoError({
        code: "NOT_SUPPORTED",
        message: `The scm plugin ${scm.name} cannot post reviews.`,
        hint: "Review the PR on the SCM's own site.",
      });
    }
    await scm.review(project.ref, pr, review);
    await this.engine.tick();
    return this.engine.session(session.id) ?? session;
  }

  refresh(): Promise<void> {
    return this.engine.tick();
  }

  close(): Promise<void> {
    return this.onClose();
  }

  private need(sessionId: string): SessionSnapshot {
    const session = this.engine.session(sessionId);
    if (!session) throw errors.sessionNotFound(sessionId);
    return session;
  }

  private project(id: string): EngineProject {
    const project = this.projects.find((p) => p.ref.id === id);
    if (!project)
      throw errors.projectNotFound(
        id,
        this.projects.map((p) => p.ref.id),
      );
    return project;
  }

  private withPr(sessionId: string): { session: SessionSnapshot; project: EngineProject; pr: number } {
    const session = this.need(sessionId);
    const project = this.project(session.project);
    const pr = session.facts.pr;
    if (!pr) {
      throw new AoError({
        code: "NO_PR",
        message: `Session ${sessionId} has no pull request yet.`,
        hint: `Wait for the agent to push, or attach one with \`ao claim-pr <pr> ${sessionId}\`.`,
      });
    }
    return { session, project, pr: pr.number };
  }
}
