import type { IncomingMessage, ServerResponse } from "node:http";
import { errors, inertText, type SessionSnapshot } from "@ao/core";
import { projectRecords } from "../journal.js";
import { toStatus } from "../status-shape.js";
import type { ApiCaller } from "./api.js";
import { buildBoard } from "./board.js";
import type { DashboardPr, DebugBundle, SessionOutput } from "./dashboard-types.js";
import { readJson, str } from "./http-util.js";
import type { RequestTarget } from "./request-target.js";
import {
  commentNotFound,
  fixCommentMessage,
  projectOf,
  toDashboardComment,
  unresolvedComments,
} from "./review-comments.js";
import { authorize, canSee } from "./scopes.js";
import type { ServerState } from "./server-state.js";
import { timeline } from "./timeline.js";

/** JSON through the daemon's secret masking: no configured secret leaves in a dashboard answer. */
export function sendMasked(
  state: ServerState,
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  const body = state.options.redact(JSON.stringify(value));
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(body),
    "cache-control": "no-store",
    ...headers,
  });
  res.end(body);
}

/** The board of what the caller may see (an agent: its own session). */
export function boardFor(state: ServerState, caller: ApiCaller, project?: string | null) {
  const { engine, actions } = state.options;
  const sessions = engine
    .sessions()
    .filter((s) => canSee(caller.principal, s.id) && (!project || s.project === project));
  const projects =
    caller.principal.scope === "agent"
      ? []
      : actions.projects.map((p) => p.ref.id).filter((id) => !project || id === project);
  return buildBoard(sessions, projects, (id) => engine.agentInfo(id)?.costUsd ?? null, Date.now());
}

function readable(state: ServerState, caller: ApiCaller, id: string): SessionSnapshot {
  authorize(caller.principal, "read", id);
  const session = state.options.engine.session(id);
  if (!session) throw errors.sessionNotFound(id);
  return session;
}

/** The agent's last output: live from its runtime, else the tail kept when the runtime was removed. */
async function lastOutput(
  state: ServerState,
  session: SessionSnapshot,
  lines: number,
): Promise<SessionOutput> {
  const handle = session.resources.runtime;
  const project = state.options.actions.projects.find((p) => p.ref.id === session.project);
  if (handle && project) {
    const runtime = project.plugins.runtime;
    if (await runtime.isAlive(handle).catch(() => false)) {
      const output = await runtime.getOutput(handle, lines).catch(() => null);
      if (output !== null) return { source: "runtime", output: inertText(output) };
    }
  }
  const { lastOutputPath, readLastOutput } = await import("@ao/engine");
  const saved = await readLastOutput(lastOutputPath(state.options.home, session.project, session.id));
  if (saved === null) return { source: "none", output: "" };
  return { source: "saved", output: inertText(saved.split("\n").slice(-lines).join("\n")) };
}

async function sessionRecords(state: ServerState, session: SessionSnapshot, after = -1) {
  return timeline(await projectRecords(state.options.home, session.project), session.id, after);
}

async function prList(state: ServerState, caller: ApiCaller, project: string | null): Promise<DashboardPr[]> {
  const { engine, actions } = state.options;
  const owned = engine
    .sessions()
    .filter((s) => s.facts.pr && canSee(caller.principal, s.id) && (!project || s.project === project))
    .sort((a, b) => b.updatedAt - a.updatedAt);
  return Promise.all(
    owned.map(async (s) => {
      const pr = s.facts.pr as NonNullable<SessionSnapshot["facts"]["pr"]>;
      const base = {
        project: s.project,
        session: s.id,
        number: pr.number,
        url: pr.url,
        state: pr.state,
        ci: pr.ci,
        review: pr.review,
      };
      if (pr.state !== "open") return { ...base, comments: null };
      try {
        return { ...base, comments: (await unresolvedComments(actions.projects, s)).map(toDashboardComment) };
      } catch (error) {
        return {
          ...base,
          comments: null,
          commentsError: inertText((error as Error).message ?? String(error)),
        };
      }
    }),
  );
}

const lineCount = (raw: string | null, fallback: number): number => {
  const n = Number(raw ?? fallback);
  return Number.isInteger(n) && n > 0 ? Math.min(n, 2000) : fallback;
};

/** The dashboard's routes under /api (docs/http-api.md). Returns false when none matched. */
export async function handleDashboardApi(
  state: ServerState,
  caller: ApiCaller,
  method: string,
  target: RequestTarget,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  const { principal } = caller;
  const [, first, id, leaf] = target.parts;
  const project = target.searchParams.get("project");
  if (method === "GET" && target.parts.length === 2) {
    if (first === "me") {
      authorize(principal, "read", principal.session);
      sendMasked(state, res, 200, {
        scope: principal.scope,
        ...(principal.session ? { session: principal.session } : {}),
        version: state.options.version,
      });
      return true;
    }
    if (first === "board") {
      authorize(principal, "read", principal.session);
      sendMasked(state, res, 200, boardFor(state, caller, project));
      return true;
    }
    if (first === "prs") {
      authorize(principal, "read", principal.session);
      sendMasked(state, res, 200, { prs: await prList(state, caller, project) });
      return true;
    }
  }
  if (target.parts.length !== 4 || first !== "sessions" || id === undefined) return false;
  if (method === "GET" && leaf === "timeline") {
    const session = readable(state, caller, id);
    const after = Number(target.searchParams.get("after") ?? -1);
    const entries = await sessionRecords(state, session, Number.isInteger(after) ? after : -1);
    sendMasked(state, res, 200, { entries });
    return true;
  }
  if (method === "GET" && leaf === "output") {
    const session = readable(state, caller, id);
    sendMasked(
      state,
      res,
      200,
      await lastOutput(state, session, lineCount(target.searchParams.get("lines"), 200)),
    );
    return true;
  }
  if (method === "GET" && leaf === "comments") {
    const session = readable(state, caller, id);
    const comments = await unresolvedComments(state.options.actions.projects, session);
    sendMasked(state, res, 200, { comments: comments.map(toDashboardComment) });
    return true;
  }
  if (method === "GET" && leaf === "debug-bundle") {
    const session = readable(state, caller, id);
    const bundle: DebugBundle = {
      kind: "ao-debug-bundle",
      version: state.options.version,
      generatedAt: new Date().toISOString(),
      session: toStatus(session, state.options.engine.agentInfo(id)?.costUsd ?? null),
      records: (await sessionRecords(state, session)).map((e) => e.record),
      config: state.options.debugConfig(),
      lastOutput: await lastOutput(state, session, 2000),
    };
    sendMasked(state, res, 200, bundle, {
      "content-disposition": `attachment; filename="ao-debug-${id.replace(/[^A-Za-z0-9._-]/g, "_")}.json"`,
    });
    return true;
  }
  if (method === "POST" && leaf === "fix-comment") {
    authorize(principal, "send", id);
    const session = state.options.engine.session(id);
    if (!session) throw errors.sessionNotFound(id);
    projectOf(state.options.actions.projects, session);
    const body = await readJson(req);
    const commentId = str(body, "commentId") as string;
    const comment = (await unresolvedComments(state.options.actions.projects, session)).find(
      (c) => c.id === commentId,
    );
    if (!comment) throw commentNotFound(id, commentId);
    const requestId =
      typeof req.headers["x-request-id"] === "string" ? req.headers["x-request-id"] : undefined;
    const next = await state.options.actions.send(id, fixCommentMessage(comment), requestId, caller.actor);
    sendMasked(state, res, 200, {
      session: toStatus(next, state.options.engine.agentInfo(id)?.costUsd ?? null),
    });
    return true;
  }
  return false;
}
