import { createHash } from "node:crypto";
import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { Socket } from "node:net";
import { AppRegistry, type TokenEntry } from "./apps.js";
import type { FaultQueue } from "./faults.js";
import { SECONDARY_LIMIT_BODY } from "./faults.js";
import { type ApiRequest, type ApiResponse, HttpError, type Router } from "./http.js";
import type { RateBudgets, Resource, WriteLimit } from "./rate-limit.js";
import type { LoggedRequest } from "./types.js";

/** The fake's HTTP front: auth, faults, rate limits, ETags and the request log around the routes. */

export interface ServerDeps {
  router: Router;
  budgets: RateBudgets;
  writes: WriteLimit;
  faults: FaultQueue;
  tokens: Record<string, TokenEntry>;
  now: () => number;
  log: LoggedRequest[];
  /** Paths the API front does not handle (git over HTTP, log downloads); true when handled. */
  passThrough(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>;
}

const MAX_BODY = 5 * 1024 * 1024;

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new HttpError(413, "Request body too large"));
        req.destroy();
      } else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** The token from `Authorization: token X` / `Bearer X`; undefined when absent. */
function bearer(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  if (!h) return undefined;
  const m = /^(?:token|bearer)\s+(\S+)$/i.exec(h.trim());
  return m?.[1] ?? "";
}

export function etagOf(body: string): string {
  return `W/"${createHash("sha256").update(body).digest("hex").slice(0, 40)}"`;
}

export function startServer(deps: ServerDeps): {
  server: ReturnType<typeof createServer>;
  sockets: Set<Socket>;
} {
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    handle(deps, req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ message: `fake GitHub internal error: ${(error as Error).message}` }));
      } else res.destroy();
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  return { server, sockets };
}

async function handle(deps: ServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://fake");
  if (await deps.passThrough(req, res, url)) return;
  const method = (req.method ?? "GET").toUpperCase();
  const path = url.pathname.replace(/^\/api\/v3(?=\/)/, "");
  const entry: LoggedRequest = { method, path, status: 0, token: null };
  const finish = (status: number, headers: Record<string, string>, body?: string): void => {
    entry.status = status;
    deps.log.push(entry);
    res.writeHead(status, {
      "x-github-media-type": "github.v3; format=json",
      "x-github-request-id": `FAKE:${(deps.log.length + 1).toString(16).toUpperCase()}`,
      ...headers,
    });
    res.end(body);
  };
  const json = (status: number, headers: Record<string, string>, body: unknown): void =>
    finish(status, { "content-type": "application/json; charset=utf-8", ...headers }, JSON.stringify(body));

  const token = bearer(req);
  let who = token === undefined ? null : deps.tokens[token];
  if (who?.expiresAt !== undefined && deps.now() >= who.expiresAt) who = undefined;
  // An app's JWT is only good for the /app endpoints, which check it themselves.
  const appJwt = token !== undefined && !who && AppRegistry.isJwt(token) && path.startsWith("/app/");
  if (token !== undefined && !who && !appJwt) {
    json(
      401,
      {},
      { message: "Bad credentials", documentation_url: "https://docs.github.com/rest", status: "401" },
    );
    return;
  }
  const login = who?.login ?? null;
  entry.token = login;
  const resource: Resource = path === "/graphql" ? "graphql" : "core";
  const scopes: Record<string, string> = who?.scopes ? { "x-oauth-scopes": who.scopes.join(", ") } : {};

  const fault = deps.faults.takeFor(method, path);
  if (fault) {
    const rate = deps.budgets.headers(login, resource);
    const retry = { "retry-after": String(fault.retryAfterSeconds) };
    if (fault.kind === "timeout") {
      entry.status = -1;
      deps.log.push(entry);
      return; // hold the socket: the client's own timeout must fire
    }
    if (fault.kind === "5xx") json(502, rate, { message: "Server Error" });
    else if (fault.kind === "429")
      json(
        429,
        { ...rate, ...retry },
        { message: "Too Many Requests", documentation_url: SECONDARY_LIMIT_BODY.documentation_url },
      );
    else json(403, { ...rate, ...retry }, SECONDARY_LIMIT_BODY);
    return;
  }

  if (path === "/rate_limit" && method === "GET") {
    const core = deps.budgets.view(login, "core");
    const graphql = deps.budgets.view(login, "graphql");
    // Search has its own small budget on GitHub; the fake does not meter it.
    const search = { limit: 30, used: 0, remaining: 30, reset: core.reset };
    json(
      200,
      { ...deps.budgets.headers(login, "core"), ...scopes },
      { resources: { core, graphql, search }, rate: core },
    );
    return;
  }

  const isWrite = method !== "GET" && method !== "HEAD" && path !== "/graphql" && !path.startsWith("/app/");
  const wait = isWrite ? deps.writes.take(login) : null;
  if (wait !== null) {
    json(
      403,
      { ...deps.budgets.headers(login, resource), "retry-after": String(wait) },
      SECONDARY_LIMIT_BODY,
    );
    return;
  }

  if (!deps.budgets.canSpend(login, resource)) {
    const rate = deps.budgets.headers(login, resource);
    const message = `API rate limit exceeded for user ID ${login ?? "anonymous"}.`;
    if (resource === "graphql") json(200, rate, { errors: [{ type: "RATE_LIMITED", message }] });
    else
      json(403, rate, {
        message,
        documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
      });
    return;
  }

  let answer: ApiResponse;
  try {
    const raw = await readBody(req);
    let body: unknown;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString("utf8"));
      } catch {
        throw new HttpError(400, "Problems parsing JSON");
      }
    }
    const apiReq: ApiRequest = { method, path, query: url.searchParams, headers: req.headers, body, login };
    const route = deps.router.match(method, path);
    if (route === "none") throw new HttpError(404, "Not Found");
    if (route === "method") throw new HttpError(404, "Not Found");
    answer = await route.handler(apiReq, route.params);
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    answer = { status: error.status, body: error.toBody(), headers: error.headers };
  }
  if (answer.graphqlOperation) entry.graphqlOperation = answer.graphqlOperation;

  const text = answer.text ?? (answer.body === undefined ? "" : JSON.stringify(answer.body));
  const etag = method === "GET" && answer.status === 200 ? etagOf(text) : undefined;
  const ifNoneMatch = req.headers["if-none-match"];
  if (ifNoneMatch !== undefined) entry.conditional = true;
  if (etag && ifNoneMatch && ifNoneMatch.split(/\s*,\s*/).includes(etag)) {
    // A 304 does not count against the primary limit.
    finish(304, { etag, ...deps.budgets.headers(login, resource), ...scopes });
    return;
  }
  deps.budgets.spend(login, resource, answer.cost ?? 1);
  const headers: Record<string, string> = {
    ...deps.budgets.headers(login, resource),
    ...scopes,
    ...answer.headers,
  };
  if (etag) headers.etag = etag;
  if (answer.status === 204 || answer.status === 302) finish(answer.status, headers);
  else if (answer.text !== undefined)
    finish(answer.status, { "content-type": "text/plain; charset=utf-8", ...headers }, text);
  else json(answer.status, headers, answer.body ?? {});
}
