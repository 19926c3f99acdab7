import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { EngineApi } from "@ao/engine";
import type { EngineActions } from "../engine-actions.js";
import { handleApi } from "./api.js";
import { authorized, readBody, sendError, sendJson, unauthorized } from "./http-util.js";
import type { WebhookHandler } from "./webhooks.js";

export interface ServerOptions {
  engine: EngineApi;
  actions: EngineActions;
  token: string;
  host: string;
  /** 0 picks any free port. */
  port: number;
  webhooks: Map<string, WebhookHandler>;
  version: string;
}

export interface RunningServer {
  server: Server;
  port: number;
  host: string;
  close(): Promise<void>;
}

/** The local HTTP API of `ao start` (node:http; JSON, SSE and webhook routes). */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const streams = new Set<ServerResponse>();
  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const method = req.method ?? "GET";
    try {
      if (url.pathname.startsWith("/webhooks/") && method === "POST") {
        const route = decodeURIComponent(url.pathname.slice("/webhooks/".length));
        const hook = options.webhooks.get(route);
        if (!hook)
          return sendJson(res, 404, {
            error: { code: "NOT_FOUND", message: `No webhook route "${route}".` },
          });
        const body = await readBody(req);
        const headers = Object.fromEntries(
          Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : v]),
        );
        return sendJson(res, 200, await hook({ headers, body }));
      }
      if (method !== "GET" && method !== "HEAD" && !authorized(req, options.token)) throw unauthorized();
      if (url.pathname === "/api/health")
        return sendJson(res, 200, { ok: true, pid: process.pid, version: options.version });
      if (url.pathname === "/api/events" && method === "GET")
        return openStream(options.engine, url, req, res, streams);
      if (url.pathname.startsWith("/api/")) {
        const handled = await handleApi(options, method, url, req, res);
        if (handled) return;
      }
      sendJson(res, 404, { error: { code: "NOT_FOUND", message: `No route ${method} ${url.pathname}.` } });
    } catch (error) {
      if (!res.headersSent) sendError(res, error);
      else res.end();
    }
  };
  const server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    host: options.host,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of streams) res.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Server-sent events: one `record` event per journal record, as it is appended. */
function openStream(
  engine: EngineApi,
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
  streams: Set<ServerResponse>,
): void {
  const only = url.searchParams.get("session");
  res.writeHead(200, {
    "content-type": "text/event-stream",
    "cache-control": "no-cache",
    connection: "keep-alive",
  });
  res.write(": connected\n\n");
  streams.add(res);
  const unsubscribe = engine.subscribe((record) => {
    if (
      only &&
      (!("session" in record) ||
        (typeof record.session === "string" ? record.session : record.session.id) !== only)
    )
      return;
    res.write(`id: ${record.project}:${record.seq}\nevent: record\ndata: ${JSON.stringify(record)}\n\n`);
  });
  const ping = setInterval(() => res.write(": ping\n\n"), 15_000);
  ping.unref();
  req.on("close", () => {
    clearInterval(ping);
    unsubscribe();
    streams.delete(res);
  });
}
