import { AoError, type AgentReport, isAoError, type SessionSnapshot } from "@ao/core";
import type { SpawnRequest } from "@ao/engine";
import type { Actions, ReviewRequest } from "./actions.js";
import type { DaemonInfo } from "@ao/engine";
import { findRequest } from "./journal.js";

/** Call the daemon's HTTP API. Errors the daemon reports come back as the same AoError. */
export async function callDaemon<T>(
  info: Pick<DaemonInfo, "host" | "port">,
  token: string | undefined,
  method: string,
  path: string,
  body?: unknown,
  requestId?: string,
): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  if (requestId) headers["x-request-id"] = requestId;
  // A daemon bound to every interface is reached (and answers) on loopback.
  const address = info.host === "0.0.0.0" ? "127.0.0.1" : info.host === "::" ? "::1" : info.host;
  const host = address.includes(":") ? `[${address}]` : address;
  let response: Response;
  // One retry on a dropped connection: the request id makes the repeat a no-op.
  for (let attempt = 0; ; attempt++) {
    try {
      response = await fetch(`http://${host}:${info.port}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      break;
    } catch (error) {
      if (attempt >= 1 || !requestId) {
        throw new AoError({
          code: "DAEMON_UNREACHABLE",
          message: `The ao daemon at ${host}:${info.port} did not answer: ${(error as Error).message}`,
          hint: "Check it with `ao doctor`; `ao stop` then `ao start` restarts it.",
          cause: error,
        });
      }
    }
  }
  const text = await response.text();
  const data = text ? (JSON.parse(text) as { error?: { code: string; message: string; hint?: string } }) : {};
  if (!response.ok) {
    const e = data.error ?? { code: "DAEMON_ERROR", message: `The daemon answered ${response.status}.` };
    throw new AoError({
      code: e.code,
      message: e.message,
      ...(e.hint ? { hint: e.hint } : {}),
      kind:
        response.status === 400
          ? "usage"
          : response.status >= 500 && e.code === "INTERNAL"
            ? "internal"
            : "user",
    });
  }
  return data as T;
}

/** {@link Actions} through a running daemon. */
export class DaemonActions implements Actions {
  readonly via = "daemon" as const;

  constructor(
    private readonly info: DaemonInfo,
    private readonly token: string | undefined,
    /** AO_HOME, to read the journal when the daemon dies mid-request. */
    private readonly home?: string,
  ) {}

  private async act(path: string, body: unknown, requestId?: string): Promise<SessionSnapshot> {
    try {
      const out = await callDaemon<{ session: SessionSnapshot }>(
        this.info,
        this.token,
        "POST",
        `${path}?raw=1`, // the full snapshot, not the public status shape
        body,
        requestId,
      );
      return out.session;
    } catch (error) {
      if (!requestId || !this.home || !isAoError(error) || error.code !== "DAEMON_UNREACHABLE") throw error;
      return this.afterCrash(error, requestId, this.home);
    }
  }

  /** The daemon died mid-request: the journal says whether the action was applied. */
  private async afterCrash(error: AoError, requestId: string, home: string): Promise<SessionSnapshot> {
    const known = await findRequest(home, requestId).catch(() => undefined);
    if (known?.session) return known.session;
    throw new AoError({
      code: error.code,
      message: `${error.message}\nThe request (id ${requestId}) is not in the journal: it was not applied.`,
      hint: "Start the daemon again (`ao start`) and repeat the command.",
      cause: error,
    });
  }

  private id(sessionId: string): string {
    return `/api/sessions/${encodeURIComponent(sessionId)}`;
  }

  async sessions(): Promise<SessionSnapshot[]> {
    return (
      await callDaemon<{ sessions: SessionSnapshot[] }>(this.info, this.token, "GET", "/api/sessions?raw=1")
    ).sessions;
  }

  spawn(request: SpawnRequest & { requestId?: string }): Promise<SessionSnapshot> {
    const { requestId, ...body } = request;
    return this.act("/api/sessions", body, requestId);
  }

  send(sessionId: string, text: string, requestId: string): Promise<SessionSnapshot> {
    return this.act(`${this.id(sessionId)}/send`, { text }, requestId);
  }

  kill(sessionId: string, requestId: string): Promise<SessionSnapshot> {
    return this.act(`${this.id(sessionId)}/kill`, {}, requestId);
  }

  restore(sessionId: string, requestId: string): Promise<SessionSnapshot> {
    return this.act(`${this.id(sessionId)}/restore`, {}, requestId);
  }

  report(sessionId: string, report: AgentReport, requestId: string): Promise<SessionSnapshot> {
    return this.act(`${this.id(sessionId)}/report`, { report }, requestId);
  }

  claimPr(
    project: string,
    pr: number,
    sessionId: string | undefined,
    requestId: string,
  ): Promise<SessionSnapshot> {
    return this.act(
      "/api/claim-pr",
      { project, pr, ...(sessionId ? { session: sessionId } : {}) },
      requestId,
    );
  }

  merge(sessionId: string, requestId: string): Promise<SessionSnapshot> {
    return this.act(`${this.id(sessionId)}/merge`, {}, requestId);
  }

  review(sessionId: string, review: ReviewRequest, requestId: string): Promise<SessionSnapshot> {
    return this.act(`${this.id(sessionId)}/review`, review, requestId);
  }

  async refresh(): Promise<void> {
    await callDaemon(this.info, this.token, "POST", "/api/refresh", {});
  }

  async close(): Promise<void> {}
}
