import { userInfo } from "node:os";
import type { AgentReport, SessionSnapshot } from "@ao/core";
import type { ActionOptions, Actor, EngineApi, EngineProject, SpawnRequest } from "@ao/engine";
import type { Actions, ReviewRequest } from "./actions.js";

/**
 * Who acts when a command runs the engine in this process: the agent when run
 * inside a session (`ao report`, `ao send` from an agent), else the OS user.
 */
export function localActor(env: NodeJS.ProcessEnv = process.env): Actor {
  const session = env.AO_SESSION_ID;
  if (session) return { kind: "agent", session };
  let user: string;
  try {
    user = userInfo().username;
  } catch {
    user = env.USER ?? env.USERNAME ?? "unknown";
  }
  return { kind: "cli", user };
}

/**
 * {@link Actions} on an engine living in this process (the daemon's, or a
 * one-shot command's). Every action goes through the engine, which journals
 * who acted and applies a request id once. `actor` overrides the local actor
 * (the HTTP server passes the API caller).
 */
export class EngineActions implements Actions {
  readonly via = "local" as const;

  constructor(
    readonly engine: EngineApi,
    readonly projects: EngineProject[],
    private readonly onClose: () => Promise<void> = async () => {},
    private readonly actor: Actor = localActor(),
  ) {}

  private opts(requestId: string | undefined, actor: Actor | undefined): ActionOptions {
    return { actor: actor ?? this.actor, ...(requestId ? { requestId } : {}) };
  }

  async sessions(): Promise<SessionSnapshot[]> {
    return this.engine.sessions();
  }

  spawn(request: SpawnRequest & { requestId?: string }, actor?: Actor): Promise<SessionSnapshot> {
    return this.engine.spawn(
      {
        project: request.project,
        ...(request.issue ? { issue: request.issue } : {}),
        ...(request.prompt ? { prompt: request.prompt } : {}),
        ...(request.agent ? { agent: request.agent } : {}),
      },
      this.opts(request.requestId, actor),
    );
  }

  send(sessionId: string, text: string, requestId?: string, actor?: Actor): Promise<SessionSnapshot> {
    return this.engine.send(sessionId, text, this.opts(requestId, actor));
  }

  kill(sessionId: string, requestId?: string, actor?: Actor): Promise<SessionSnapshot> {
    return this.engine.kill(sessionId, this.opts(requestId, actor));
  }

  restore(sessionId: string, requestId?: string, actor?: Actor): Promise<SessionSnapshot> {
    return this.engine.restore(sessionId, this.opts(requestId, actor));
  }

  report(
    sessionId: string,
    report: AgentReport,
    requestId?: string,
    actor?: Actor,
  ): Promise<SessionSnapshot> {
    return this.engine.report(sessionId, report, this.opts(requestId, actor));
  }

  claimPr(
    project: string,
    pr: number,
    sessionId: string | undefined,
    requestId?: string,
    actor?: Actor,
  ): Promise<SessionSnapshot> {
    return this.engine.claimPr(project, pr, sessionId, this.opts(requestId, actor));
  }

  merge(sessionId: string, requestId?: string, actor?: Actor): Promise<SessionSnapshot> {
    return this.engine.merge(sessionId, this.opts(requestId, actor));
  }

  review(
    sessionId: string,
    review: ReviewRequest,
    requestId?: string,
    actor?: Actor,
  ): Promise<SessionSnapshot> {
    return this.engine.review(sessionId, review, this.opts(requestId, actor));
  }

  refresh(): Promise<void> {
    return this.engine.tick();
  }

  close(): Promise<void> {
    return this.onClose();
  }
}
