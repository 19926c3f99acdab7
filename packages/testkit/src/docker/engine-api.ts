import { request } from "node:http";
import type { Readable } from "node:stream";

/** An answer of the Docker engine API: status code and body text. */
export interface EngineAnswer {
  status: number;
  body: string;
}

/**
 * One request to the Docker engine API over its unix socket. Plain
 * node:http, so the test infrastructure needs neither the docker CLI nor an
 * SDK. `body` may be a stream (an image tar) or a buffer.
 */
export function engineRequest(
  socketPath: string,
  method: string,
  path: string,
  options: { body?: Readable | Buffer; contentType?: string; timeoutMs?: number } = {},
): Promise<EngineAnswer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (options.contentType) headers["content-type"] = options.contentType;
    const req = request(
      { socketPath, method, path, headers, timeout: options.timeoutMs ?? 10_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }),
        );
        res.on("error", reject);
      },
    );
    req.on("timeout", () =>
      req.destroy(new Error(`the Docker engine at ${socketPath} did not answer ${method} ${path} in time`)),
    );
    req.on("error", reject);
    const body = options.body;
    if (body === undefined) req.end();
    else if (Buffer.isBuffer(body)) req.end(body);
    else {
      body.on("error", (err) => req.destroy(err));
      body.pipe(req);
    }
  });
}

/** Whether a Docker engine answers `GET /_ping` with OK on `socketPath`. */
export async function pingEngine(socketPath: string, timeoutMs = 2_000): Promise<boolean> {
  try {
    const answer = await engineRequest(socketPath, "GET", "/_ping", { timeoutMs });
    return answer.status === 200 && answer.body.trim() === "OK";
  } catch {
    return false;
  }
}
