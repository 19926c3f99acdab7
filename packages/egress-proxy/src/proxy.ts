import { chmodSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { connect, type Socket } from "node:net";
import type { Duplex } from "node:stream";
import { type Decision, decide, type Lookup, systemLookup } from "./decide.js";
import { forwardHttp } from "./forward-http.js";
import { parseRules, splitHostPort } from "./rules.js";
import { removeStaleSocket } from "./stale-socket.js";

/** One line of the proxy's log: where a request wanted to go and what happened. Never headers. */
export interface EgressLogEntry {
  action: "allowed" | "denied";
  /** `connect` for a tunnel, `http` for a forwarded plain-HTTP request, `malformed` for a bad request. */
  kind: "connect" | "http" | "malformed";
  /** The destination host ("" when the request was malformed). */
  host: string;
  port: number;
  /** Why it was denied. */
  reason?: string;
}

export interface EgressProxyOptions {
  /** The unix socket to listen on (created mode 0600; a stale socket file is replaced). */
  socketPath: string;
  /** Allowed destinations: `host:port`, `*.domain:port` or `[v6]:port`. Empty: nothing goes out. */
  allow: readonly string[];
  /** Tunnels and forwarded requests open at once; more answer 503 (default 32). */
  maxTunnels?: number;
  /** How long connecting to a destination may take before 504 (default 10 s). */
  connectTimeoutMs?: number;
  /** Name resolution (default the system resolver). Tests point names at loopback servers with it. */
  lookup?: Lookup;
  /** Receives one entry per decision. Entries carry host and port only. */
  log?: (entry: EgressLogEntry) => void;
  /** The name errors about the options carry (default `egress-proxy`; a runtime passes its own). */
  owner?: string;
}

/** A running proxy. */
export interface EgressProxy {
  socketPath: string;
  /** Tunnels and forwarded requests open now. */
  readonly activeTunnels: number;
  /** Stop listening, end every open tunnel and remove the socket file. */
  close(): Promise<void>;
}

/** Answer a raw socket with a short HTTP status and close it. */
export function refuse(socket: Duplex, status: number, text: string): void {
  if (!socket.writable) return void socket.destroy();
  const body = `ao egress proxy: ${text}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? "Error"}\r\ncontent-type: text/plain\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

const STATUS_TEXT: Record<number, string> = {
  400: "Bad Request",
  403: "Forbidden",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/**
 * Start the egress proxy: an HTTP proxy on a unix socket that a container
 * with network `none` reaches through a bind mount. `CONNECT host:port`
 * opens a tunnel (HTTPS and anything else over TCP) and absolute-form plain
 * HTTP requests (`GET http://host/path`) are forwarded, both only to the
 * allowed destinations; everything else gets 403 and a log entry with the
 * host alone. Tunnels beyond `maxTunnels` get 503.
 */
export async function startEgressProxy(options: EgressProxyOptions): Promise<EgressProxy> {
  const rules = parseRules(options.allow, options.owner);
  const maxTunnels = options.maxTunnels ?? 32;
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  const lookup = options.lookup ?? systemLookup;
  const log = options.log ?? (() => {});
  const sockets = new Set<Socket>();
  let active = 0;

  /** Take a tunnel slot; the returned release is safe to call more than once. */
  const take = (): (() => void) | undefined => {
    if (active >= maxTunnels) return undefined;
    active++;
    let released = false;
    return () => {
      if (!released) active--;
      released = true;
    };
  };

  const judge = async (kind: "connect" | "http", host: string, port: number): Promise<Decision> => {
    const decision = await decide(rules, host, port, lookup);
    log(
      decision.allowed
        ? { action: "allowed", kind, host, port }
        : { action: "denied", kind, host, port, reason: decision.reason },
    );
    return decision;
  };

  const onConnect = async (req: IncomingMessage, client: Duplex, head: Buffer) => {
    client.on("error", () => client.destroy());
    const target = splitHostPort(req.url ?? "");
    if (!target) {
      log({
        action: "denied",
        kind: "malformed",
        host: "",
        port: 0,
        reason: "a CONNECT target that is not host:port",
      });
      return refuse(client, 400, "CONNECT needs host:port");
    }
    const release = take();
    if (!release) {
      log({ action: "denied", kind: "connect", ...target, reason: "too many tunnels" });
      return refuse(client, 503, `too many tunnels (at most ${maxTunnels})`);
    }
    client.once("close", release);
    const decision = await judge("connect", target.host, target.port);
    if (!decision.allowed) {
      release();
      return refuse(client, decision.status, `${target.host}:${target.port} is ${decision.reason}`);
    }
    // The client may have gone while the name was resolved: open nothing for nobody.
    if (client.destroyed) return release();
    const upstream = connect({ host: decision.address, port: target.port });
    client.once("close", () => upstream.destroy());
    upstream.setTimeout(connectTimeoutMs, () => {
      refuse(client, 504, `${target.host}:${target.port} did not answer in time`);
      upstream.destroy();
    });
    let connected = false;
    upstream.once("error", () => {
      if (!connected) refuse(client, 502, `${target.host}:${target.port} cannot be reached`);
      else client.destroy();
    });
    upstream.once("connect", () => {
      connected = true;
      upstream.setTimeout(0);
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length > 0) upstream.write(head);
      client.pipe(upstream).on("error", () => upstream.destroy());
      upstream.pipe(client);
      upstream.once("close", () => client.destroy());
    });
  };

  const onRequest = async (req: IncomingMessage, res: ServerResponse) => {
    let url: URL;
    try {
      url = new URL(req.url ?? "");
    } catch {
      url = new URL("about:blank");
    }
    if (url.protocol !== "http:" || !url.hostname) {
      log({ action: "denied", kind: "malformed", host: "", port: 0, reason: "not an absolute http:// URL" });
      res.writeHead(400, { "content-type": "text/plain", connection: "close" });
      return res.end("ao egress proxy: send absolute http:// URLs, or CONNECT host:port for anything else\n");
    }
    const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
    const port = url.port ? Number(url.port) : 80;
    const release = take();
    if (!release) {
      log({ action: "denied", kind: "http", host, port, reason: "too many tunnels" });
      res.writeHead(503, { "content-type": "text/plain", connection: "close" });
      return res.end(`ao egress proxy: too many tunnels (at most ${maxTunnels})\n`);
    }
    res.once("close", release);
    const decision = await judge("http", host, port);
    if (!decision.allowed) {
      res.writeHead(decision.status, { "content-type": "text/plain", connection: "close" });
      return res.end(`ao egress proxy: ${host}:${port} is ${decision.reason}\n`);
    }
    forwardHttp(req, res, {
      address: decision.address,
      port,
      path: `${url.pathname}${url.search}`,
      connectTimeoutMs,
    });
  };

  const server: Server = createServer();
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.once("close", () => sockets.delete(s));
  });
  // A failure inside a handler (a throwing log callback) ends that connection, never the process.
  server.on(
    "connect",
    (req, client, head) => void onConnect(req, client, head).catch(() => client.destroy()),
  );
  server.on("request", (req, res) => void onRequest(req, res).catch(() => res.destroy()));
  // Upgrades (websockets) over plain HTTP would bypass the forwarding rules: they must use CONNECT.
  server.on("upgrade", (_req, socket) =>
    refuse(socket, 400, "use CONNECT host:port for upgraded connections"),
  );
  server.on("clientError", (_err, socket) => {
    log({ action: "denied", kind: "malformed", host: "", port: 0, reason: "a request that is not HTTP" });
    refuse(socket, 400, "malformed request");
  });

  await removeStaleSocket(options.socketPath);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.socketPath, () => {
      server.off("error", reject);
      resolve();
    });
  });
  // Only the user running ao (and a container running as that user) may use it.
  chmodSync(options.socketPath, 0o600);

  return {
    socketPath: options.socketPath,
    get activeTunnels() {
      return active;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}
