import type { IncomingMessage, ServerResponse } from "node:http";
import { AGENT_REPORTS, type AgentReport, AoError, errors, type SessionSnapshot } from "@ao/core";
import { toStatus } from "../status-shape.js";
import { readJson, sendJson, str } from "./http-util.js";
import type { Actor, Principal } from "./principal.js";
import type { RequestTarget } from "./request-target.js";
import { authorize, canSee } from "./scopes.js";
import type { ServerOptions } from "./server.js";

const ACTIONS = ["send", "kill", "restore", "report", "merge", "review"] as const;

/** Who is asking: every route checks the principal's scope; the actor is what the engine will be told. */
export interface ApiCaller {
  principal: Principal;
  actor: Actor;
}

/** The JSON endpoints under /api. Returns false when no route matched. */
export async function handleApi(
  options: ServerOptions,
  caller: ApiCaller,
  method: string,
  target: RequestTarget,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  const { engine, actions } = options;
  const { principal } = caller;
  const raw = target.searchParams.get("raw") === "1";
  const shape = (s: SessionSnapshot) => (raw ? s : toStatus(s, engine.agentInfo(s.id)?.costUsd ?? null));
  const parts = target.parts; // ["api", ...]
  const requestId = typeof req.headers["x-request-id"] === "string" ? req.headers["x-request-id"] : undefined;
  // Retries are deduplicated by the engine (route, target and id, journaled, across restarts),
  // after the scope check: a credential can only retry what it may do.

  if (method === "GET" && parts.length === 2 && parts[1] === "sessions") {
    authorize(principal, "read", principal.session);
    sendJson(res, 200, {
      sessions: engine
        .sessions()
        .filter((s) => canSee(principal, s.id))
        .map(shape),
    });
    return true;
  }
  if (method === "GET" && parts.length === 3 && parts[1] === "requests") {
    // After a dropped connection: was the request applied, and to which session?
    const known = engine.request(parts[2] as string);
    if (!known) throw errors.requestNotFound(parts[2] as string);
    authorize(principal, "read", known.session);
    const session = engine.session(known.session);
    sendJson(res, 200, { request: known, ...(session ? { session: shape(session) } : {}) });
    return true;
  }
  if (method === "GET" && parts.length === 3 && parts[1] === "sessions") {
    authorize(principal, "read", parts[2]);
    const session = engine.session(parts[2] as string);
    if (!session) throw errors.sessionNotFound(parts[2] as string);
    sendJson(res, 200, { session: shape(session) });
    return true;
  }
  if (method !== "POST") return false;
  if (parts.length === 2 && parts[1] === "refresh") {
    authorize(principal, "refresh");
    await actions.refresh();
    sendJson(res, 200, { ok: true });
    return true;
  }
  if (parts.length === 2 && parts[1] === "sessions") {
    authorize(principal, "spawn");
    const body = await readJson(req);
    const project = str(body, "project") as string;
    const issue = str(body, "issue", false);
    const prompt = str(body, "prompt", false);
    const agent = str(body, "agent", false);
    if (!issue && !prompt)
      throw errors.usage('Give "issue" or "prompt".', 'Send { "project": "app", "issue": "42" }.');
    const session = await actions.spawn(
      {
        project,
        ...(issue ? { issue } : {}),
        ...(prompt ? { prompt } : {}),
        ...(agent ? { agent } : {}),
        ...(requestId ? { requestId } : {}),
      },
      caller.actor,
    );
    sendJson(res, 201, { session: shape(session) });
    return true;
  }
  if (parts.length === 2 && parts[1] === "claim-pr") {
    authorize(principal, "claim-pr");
    const body = await readJson(req);
    const pr = body.pr;
    if (typeof pr !== "number" || !Number.isInteger(pr) || pr < 1)
      throw errors.usage('"pr" must be a PR number.', 'Send { "project": "app", "pr": 12 }.');
    const sessionId = str(body, "session", false);
    const session = await actions.claimPr(
      str(body, "project") as string,
      pr,
      sessionId,
      requestId,
      caller.actor,
    );
    sendJson(res, 200, { session: shape(session) });
    return true;
  }
  const action = parts[3] as (typeof ACTIONS)[number];
  if (parts.length === 4 && parts[1] === "sessions" && ACTIONS.includes(action)) {
    const id = parts[2] as string;
    authorize(principal, action, id);
    const body = await readJson(req);
    const session = await (async () => {
      switch (action) {
        case "send":
          return actions.send(id, str(body, "text") as string, requestId, caller.actor);
        case "kill":
          return actions.kill(id, requestId, caller.actor);
        case "restore":
          return actions.restore(id, requestId, caller.actor);
        case "merge":
          return actions.merge(id, requestId, caller.actor);
        case "report": {
          const report = str(body, "report") as AgentReport;
          if (!AGENT_REPORTS.includes(report))
            throw errors.usage(
              `"report" must be one of ${AGENT_REPORTS.join(", ")}.`,
              'Send { "report": "working" }.',
            );
          return actions.report(id, report, requestId, caller.actor);
        }
        case "review": {
          const decision = str(body, "decision") as "approve" | "request_changes" | "comment";
          if (!["approve", "request_changes", "comment"].includes(decision)) {
            throw new AoError({
              code: "USAGE",
              message: '"decision" must be approve, request_changes or comment.',
              hint: 'Send { "decision": "approve" } (or "request_changes" / "comment" with a "body").',
              kind: "usage",
            });
          }
          const text = typeof body.body === "string" ? body.body : "";
          return actions.review(id, { decision, body: text }, requestId, caller.actor);
        }
      }
    })();
    sendJson(res, 200, { session: shape(session) });
    return true;
  }
  return false;
}
