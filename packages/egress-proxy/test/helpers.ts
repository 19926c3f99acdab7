import { createServer as createHttpServer, type IncomingHttpHeaders } from "node:http";
import { type AddressInfo, connect, createServer, type Socket } from "node:net";

/** A TCP echo server on loopback, for tunnels. */
export async function echoServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
    s.on("error", () => {});
    s.pipe(s);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** An HTTP server on loopback that answers `hello <path>` and records what it was sent. */
export async function helloServer(host = "127.0.0.1"): Promise<{
  port: number;
  seen: { path: string; headers: IncomingHttpHeaders }[];
  close(): Promise<void>;
}> {
  const seen: { path: string; headers: IncomingHttpHeaders }[] = [];
  const server = createHttpServer((req, res) => {
    seen.push({ path: req.url ?? "", headers: req.headers });
    res.writeHead(200, { "content-type": "text/plain" });
    res.end(`hello ${req.url}`);
  });
  await new Promise<void>((r) => server.listen(0, host, r));
  return {
    port: (server.address() as AddressInfo).port,
    seen,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** A raw client of the proxy socket: send bytes, read what comes back. */
export interface RawClient {
  socket: Socket;
  /** Everything received so far. */
  received(): string;
  /** Wait until the received text matches (or the socket closes). */
  waitFor(pattern: RegExp): Promise<string>;
  /** Wait until the proxy closes the connection; resolves with everything received. */
  closed(): Promise<string>;
}

export async function rawClient(socketPath: string): Promise<RawClient> {
  const socket = connect(socketPath);
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("error", reject);
  });
  let text = "";
  let done = false;
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const w of waiters) w();
  };
  socket.on("data", (d: Buffer) => {
    text += d.toString("latin1");
    wake();
  });
  socket.on("error", () => {});
  socket.on("close", () => {
    done = true;
    wake();
  });
  const until = (ok: () => boolean) =>
    new Promise<string>((resolve) => {
      const check = () => {
        if (ok() || done) {
          waiters.delete(check);
          resolve(text);
        }
      };
      waiters.add(check);
      check();
    });
  return {
    socket,
    received: () => text,
    waitFor: (pattern) => until(() => pattern.test(text)),
    closed: () => until(() => false),
  };
}

/** Send a CONNECT for `target` and wait for the status line's block. */
export async function openTunnel(socketPath: string, target: string, extraHeaders = ""): Promise<RawClient> {
  const client = await rawClient(socketPath);
  client.socket.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n${extraHeaders}\r\n`);
  await client.waitFor(/\r\n\r\n/);
  return client;
}

/** The status code of the first response line received. */
export const statusOf = (text: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);

/** Resolve when `condition` holds; checked on each event-loop turn, with an upper bound. */
export async function eventually(condition: () => boolean, what: string, boundMs = 5_000): Promise<void> {
  const deadline = Date.now() + boundMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`still not true after ${boundMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
