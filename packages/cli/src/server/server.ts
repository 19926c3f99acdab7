import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { Duplex } from "node:stream";
import { errors } from "@ao/core";
import type { EngineApi } from "@ao/engine";
import type { EngineActions } from "../engine-actions.js";
import { BrowserLogins } from "./browser-login.js";
import { sendError } from "./http-util.js";
import { originPolicy } from "./origin-policy.js";
import { parseTarget } from "./request-target.js";
import { serveApi, serveWebhook } from "./routes.js";
import type { ServerState } from "./server-state.js";
import { type OpenViewer, runtimeViewers } from "./terminal-attach.js";
import { TerminalSockets } from "./terminal-socket.js";
import type { WebhookHandler } from "./webhooks.js";

export interface ServerOptions {
  engine: EngineApi;
  actions: EngineActions;
  /** The admin token (`$AO_HOME/api-token`). */
  token: string;
  /** AO_HOME: agent and orchestrator tokens are looked up in its token store. */
  home: string;
  host: string;
  /** 0 picks any free port. */
  port: number;
  /** `server.publicUrl`: the address webhooks arrive through, when configured. */
  publicUrl?: string;
  webhooks: Map<string, WebhookHandler>;
  version: string;
  /** Masks every configured secret in a text (the daemon's redactor): applied to every dashboard answer. */
  redact: (text: string) => string;
  /** The config for a debug bundle, secrets redacted. */
  debugConfig: () => unknown;
  /** The dashboard's built files (`index.html` + `assets/`); without it pages say it is not installed. */
  dashboardDir?: string;
  /** Opens a terminal viewer (default: the session runtime's attach stream). */
  openViewer?: OpenViewer;
}

export interface RunningServer {
  server: Server;
  port: number;
  host: string;
  /** A fresh one-time browser login URL (valid once, for 10 minutes), landing on `next` (a dashboard path). */
  loginUrl(next?: string): string;
  close(): Promise<void>;
}

const METHODS = new Set(["GET", "POST"]);

/** The local HTTP API of `ao start` (node:http; JSON, SSE, login and webhook routes). */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const server = createServer();
  // Whatever a client sends that node cannot parse gets a 400 and a closed socket, never a crash.
  server.on("clientError", (_error, socket: Socket) => {
    if (socket.writable)
      socket.end("HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n");
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const logins = new BrowserLogins(`ao_${port}`);
  const ownHost = options.host.includes(":") ? `[${options.host}]` : options.host;
  const loginHost = options.host === "0.0.0.0" || options.host === "::" ? "127.0.0.1" : ownHost;
  const state: ServerState = {
    options,
    policy: originPolicy(options.host, port, options.publicUrl),
    logins,
    streams: new Set<ServerResponse>(),
    loginUrl: (next) =>
      `http://${loginHost}:${port}/login?token=${logins.issue()}${next && next !== "/" ? `&next=${encodeURIComponent(next)}` : ""}`,
  };
  server.on("request", (req: IncomingMessage, res: ServerResponse) => void handle(state, req, res));
  const terminals = new TerminalSockets(
    state,
    options.openViewer ?? runtimeViewers(options.actions.projects),
  );
  server.on(
    "upgrade",
    (req: IncomingMessage, socket: Duplex, head: Buffer) => void terminals.handleUpgrade(req, socket, head),
  );
  return {
    server,
    port,
    host: options.host,
    loginUrl: state.loginUrl,
    close: async () => {
      for (const res of state.streams) res.end();
      await terminals.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** One request, start to end: nothing it throws escapes (each failure is a JSON error with a 4xx/5xx). */
async function handle(state: ServerState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const method = req.method ?? "";
    if (!METHODS.has(method)) throw errors.methodNotAllowed(method, "GET or POST");
    const target = parseTarget(req.url);
    if (target.parts[0] === "webhooks") await serveWebhook(state, target, method, req, res);
    else await serveApi(state, target, method, req, res);
  } catch (error) {
    try {
      if (!res.headersSent) sendError(res, error);
      else res.end();
    } catch {
      res.destroy();
    }
  }
}
