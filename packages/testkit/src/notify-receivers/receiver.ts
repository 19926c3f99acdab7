import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request a receiver got, as it came over the wire. */
export interface ReceivedRequest {
  method: string;
  /** Path without the query. */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: string;
}

/**
 * A scripted fault, used for the next request (one fault per request, in
 * order): a status with optional headers and body (e.g. 429 with
 * `retry-after`), or `hang` (no answer until the receiver closes).
 */
export type ReceiverFault =
  | { status: number; headers?: Record<string, string>; body?: string }
  | { hang: true };

/** A reply the service logic gives for a request. */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/** What every fake notification receiver offers. */
export interface NotificationReceiver {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Every request, faulted ones included, in arrival order. */
  readonly requests: ReceivedRequest[];
  /** Queue faults: each answers one coming request instead of the service logic. */
  fault(...faults: ReceiverFault[]): void;
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** Start a local HTTP server that records each request and answers with `handle` unless a fault is queued. */
export async function startReceiver(handle: (req: ReceivedRequest) => Reply): Promise<NotificationReceiver> {
  const requests: ReceivedRequest[] = [];
  const faults: ReceiverFault[] = [];
  const hanging = new Set<ServerResponse>();
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://receiver.invalid");
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k] = v;
    const received: ReceivedRequest = {
      method: req.method ?? "GET",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      body: await readBody(req),
    };
    requests.push(received);
    const fault = faults.shift();
    if (fault && "hang" in fault) {
      hanging.add(res);
      return;
    }
    let reply: Reply;
    try {
      reply = fault ?? handle(received);
    } catch (error) {
      reply = { status: 500, body: `receiver error: ${(error as Error).message}` };
    }
    res.writeHead(reply.status, reply.headers);
    res.end(reply.body ?? "");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    fault: (...more) => faults.push(...more),
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A JSON reply. */
export const json = (status: number, value: unknown, headers: Record<string, string> = {}): Reply => ({
  status,
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(value),
});

/** Parse a request body as JSON, or undefined. */
export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
