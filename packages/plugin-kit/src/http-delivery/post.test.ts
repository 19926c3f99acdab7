import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { AoError } from "@ao/core";
import { afterEach, describe, expect, it } from "vitest";
import { postWithRetry } from "./post.js";

type Answer = { status: number; headers?: Record<string, string>; body?: string } | "hang";

/** A local server answering each request with the next scripted answer (the last one repeats). */
async function server(...answers: Answer[]) {
  const bodies: string[] = [];
  const hanging: ServerResponse[] = [];
  const srv = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      bodies.push(body);
      const answer = answers.length > 1 ? answers.shift() : answers[0];
      if (!answer || answer === "hang") {
        hanging.push(res);
        return;
      }
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body ?? "");
    });
  });
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const { port } = srv.address() as AddressInfo;
  const close = async () => {
    for (const res of hanging) res.destroy();
    srv.closeAllConnections();
    await new Promise<void>((r) => srv.close(() => r()));
  };
  closers.push(close);
  return { url: `http://127.0.0.1:${port}/services/T1/B1/secret-path-token`, bodies, close };
}

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** Seams that record every wait instead of sleeping. */
function seams(now = Date.UTC(2026, 0, 1)) {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms), now: () => now, random: () => 0 };
}

const target = "@ao/notifier-test: the test service";

async function rejection(promise: Promise<unknown>): Promise<AoError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AoError);
  return error as AoError;
}

describe("postWithRetry", () => {
  it("posts the body once when the far end answers 2xx", async () => {
    const s = await server({ status: 200, body: "ok" });
    const io = seams();
    const answer = await postWithRetry({ url: s.url, body: '{"a":1}', target }, io);
    expect(answer).toMatchObject({ status: 200, body: "ok", attempts: 1 });
    expect(s.bodies).toEqual(['{"a":1}']);
    expect(io.waits).toEqual([]);
  });

  it("waits as long as Retry-After says (seconds) after a 429, then delivers", async () => {
    const s = await server({ status: 429, headers: { "retry-after": "3" } }, { status: 204 });
    const io = seams();
    const answer = await postWithRetry({ url: s.url, body: "{}", target }, io);
    expect(answer.attempts).toBe(2);
    expect(io.waits).toEqual([3000]);
    expect(s.bodies).toHaveLength(2);
  });

  it("reads Retry-After as an HTTP date against the injected clock", async () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0);
    const s = await server(
      { status: 503, headers: { "retry-after": new Date(now + 4000).toUTCString() } },
      { status: 200 },
    );
    const io = seams(now);
    await postWithRetry({ url: s.url, body: "{}", target }, io);
    expect(io.waits).toEqual([4000]);
  });

  it("prefers a JSON body's precise retry_after (Discord) over the rounded header", async () => {
    const s = await server(
      {
        status: 429,
        headers: { "retry-after": "1", "content-type": "application/json" },
        body: '{"message":"You are being rate limited.","retry_after":0.25,"global":false}',
      },
      { status: 200 },
    );
    const io = seams();
    await postWithRetry({ url: s.url, body: "{}", target }, io);
    expect(io.waits).toEqual([250]);
  });

  it("backs off exponentially on 5xx without Retry-After, and gives up after the attempts", async () => {
    const s = await server({ status: 502, body: "bad gateway" });
    const io = seams();
    const error = await rejection(
      postWithRetry({ url: s.url, body: "{}", target }, { ...io, attempts: 3, baseDelayMs: 400 }),
    );
    expect(error.code).toBe("NOTIFY_GAVE_UP");
    expect(error.message).toContain("HTTP 502");
    expect(s.bodies).toHaveLength(3);
    // random() = 0 takes half of each step: 400 → 200, 800 → 400.
    expect(io.waits).toEqual([200, 400]);
  });

  it("fails at once on a 4xx other than 429, naming the status and never the URL", async () => {
    const s = await server({ status: 404, body: "no_service" });
    const io = seams();
    const error = await rejection(postWithRetry({ url: s.url, body: "{}", target }, io));
    expect(error.code).toBe("NOTIFY_HTTP_STATUS");
    expect(error.message).toContain("HTTP 404 (no_service)");
    expect(error.hint).toMatch(/revoked|wrong/);
    expect(s.bodies).toHaveLength(1);
    expect(JSON.stringify({ m: error.message, h: error.hint, s: error.stack })).not.toContain(
      "secret-path-token",
    );
  });

  it("does not quote the URL even when the far end echoes it", async () => {
    const echo = await server({ status: 400, body: "bad request for /services/T1/B1/secret-path-token" });
    const error = await rejection(postWithRetry({ url: echo.url, body: "{}", target }, seams()));
    expect(error.message).toContain("bad request for <redacted>");
    expect(error.message).not.toContain("secret-path-token");
  });

  it("gives up at once when Retry-After asks for more than the wait budget", async () => {
    const s = await server({ status: 429, headers: { "retry-after": "120" } });
    const io = seams();
    const error = await rejection(
      postWithRetry({ url: s.url, body: "{}", target }, { ...io, maxWaitMs: 10_000 }),
    );
    expect(error.code).toBe("NOTIFY_GAVE_UP");
    expect(error.message).toContain("asked to wait 120s");
    expect(io.waits).toEqual([]);
    expect(s.bodies).toHaveLength(1);
  });

  it("retries network errors and reports only the error code", async () => {
    const s = await server({ status: 200 });
    await s.close();
    const io = seams();
    const error = await rejection(postWithRetry({ url: s.url, body: "{}", target }, { ...io, attempts: 2 }));
    expect(error.code).toBe("NOTIFY_UNREACHABLE");
    expect(error.message).toContain("ECONNREFUSED");
    expect(error.message).not.toContain("secret-path-token");
    expect(error.cause).toBeUndefined();
    expect(io.waits).toHaveLength(1);
  });

  it("aborts an attempt that gets no answer within the timeout", async () => {
    const s = await server("hang");
    const error = await rejection(
      postWithRetry({ url: s.url, body: "{}", target }, { ...seams(), attempts: 1, timeoutMs: 200 }),
    );
    expect(error.code).toBe("NOTIFY_UNREACHABLE");
    expect(error.message).toContain("no answer before the timeout");
  });

  it("lets the caller read a 200 as a refusal (Slack's ok:false) or as a rate limit", async () => {
    const s = await server(
      { status: 200, body: '{"ok":false,"error":"ratelimited"}', headers: { "retry-after": "1" } },
      { status: 200, body: '{"ok":false,"error":"channel_not_found"}' },
    );
    const io = seams();
    const classify = ({ body }: { body: string }) => {
      const parsed = JSON.parse(body) as { ok: boolean; error?: string };
      if (parsed.ok) return "ok" as const;
      return parsed.error === "ratelimited" ? ("retry" as const) : { fail: parsed.error ?? "unknown" };
    };
    const error = await rejection(postWithRetry({ url: s.url, body: "{}", target }, { ...io, classify }));
    expect(error.code).toBe("NOTIFY_REJECTED");
    expect(error.message).toContain("channel_not_found");
    expect(io.waits).toEqual([1000]);
  });
});
