import { type IncomingHttpHeaders, type IncomingMessage, request, type ServerResponse } from "node:http";

/**
 * Headers that belong to one hop (RFC 9110 §7.6.1) and are never passed on:
 * above all `proxy-authorization`, meant for the proxy, not the destination.
 */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

/** The request's end-to-end headers: hop-by-hop ones and those `connection` names removed. */
export function endToEndHeaders(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const named = String(headers.connection ?? "")
    .split(",")
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  const out: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!HOP_BY_HOP.has(name) && !named.includes(name)) out[name] = value;
  }
  return out;
}

/**
 * Forward one plain-HTTP request to the decided address and stream the
 * answer back. The `host` header the client sent is kept: the destination
 * is the name that was allowed, only reached by its checked address.
 */
export function forwardHttp(
  req: IncomingMessage,
  res: ServerResponse,
  to: { address: string; port: number; path: string; connectTimeoutMs: number },
): void {
  const upstream = request({
    host: to.address,
    port: to.port,
    method: req.method,
    path: to.path || "/",
    headers: endToEndHeaders(req.headers),
    timeout: to.connectTimeoutMs,
  });
  upstream.on("timeout", () => upstream.destroy(new Error("timeout")));
  upstream.on("error", () => {
    if (!res.headersSent) {
      res.writeHead(502, { "content-type": "text/plain", connection: "close" });
      res.end("ao egress proxy: the destination cannot be reached\n");
    } else res.destroy();
  });
  upstream.on("response", (answer) => {
    const headers = endToEndHeaders(answer.headers);
    res.writeHead(answer.statusCode ?? 502, headers);
    answer.pipe(res);
  });
  req.pipe(upstream);
}
