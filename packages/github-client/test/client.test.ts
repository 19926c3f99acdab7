import { chmod, mkdir, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { expectAoError } from "@ao/plugin-kit";
import { tempDir } from "@ao/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { createGitHubClient } from "../src/index.js";

type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void;

/** A real HTTP server answering like GitHub's REST API does, with a request log. */
async function server(handler: Handler) {
  const log: Array<{ method: string; url: string; auth: string | undefined; inm: string | undefined }> = [];
  const srv = createServer((req, res) => {
    log.push({
      method: req.method ?? "",
      url: req.url ?? "",
      auth: req.headers.authorization,
      inm: req.headers["if-none-match"] as string | undefined,
    });
    handler(req, res, log.length);
  });
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
  closers.push(() => new Promise<void>((r) => srv.close(() => r())));
  return { url, log };
}

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

const limits = (remaining: number, reset = 2_000_000_000) => ({
  "x-ratelimit-limit": "5000",
  "x-ratelimit-remaining": String(remaining),
  "x-ratelimit-reset": String(reset),
  "x-ratelimit-resource": "core",
});
const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
};

/** A manual clock whose sleeps advance it: waits are checked, never slept. */
function clock(start = 1_000_000) {
  let now = start;
  const slept: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      slept.push(ms);
      now += ms;
    },
    slept,
  };
}

let tokenN = 0;
const freshToken = () => `ghp_test_${process.pid}_${++tokenN}_${Math.random().toString(36).slice(2)}`;

describe("createGitHubClient", () => {
  it("reads the token from the configured env var and sends it as a header only", async () => {
    const token = freshToken();
    const s = await server((_q, res) => json(res, 200, { login: "ao" }, limits(4999)));
    const gh = await createGitHubClient({
      baseUrl: s.url,
      auth: { kind: "token", tokenEnv: "MY_TOKEN", env: { MY_TOKEN: token } },
    });
    const { data } = await gh.rest.users.getAuthenticated();
    expect(data.login).toBe("ao");
    expect(s.log[0]?.auth).toBe(`token ${token}`);
    expect(s.log[0]?.url).not.toContain(token);
    expect(gh.budget()).toEqual([
      { resource: "core", remaining: 4999, limit: 5000, resetAt: 2_000_000_000_000 },
    ]);
    expect(JSON.stringify(gh.budget())).not.toContain(token);
    expect(gh.credentialKey).not.toContain(token);
  });

  it("falls back to `gh auth token` once, and explains when there is no token at all", async () => {
    const dir = await tempDir("ao-gh-");
    closers.push(() => dir.cleanup());
    const bin = join(dir.path, "bin");
    await mkdir(bin);
    const token = freshToken();
    const calls = join(dir.path, "calls");
    await writeFile(join(bin, "gh"), `#!/bin/sh\necho "$@" >> "${calls}"\necho "${token}"\n`);
    await chmod(join(bin, "gh"), 0o755);
    const s = await server((_q, res) => json(res, 200, { login: "ao" }, limits(10)));
    const env = { PATH: `${bin}:/usr/bin:/bin` };
    await createGitHubClient({ baseUrl: s.url, auth: { kind: "token", env } });
    // The host is told the token: no variable names it, so nothing else would mask it.
    const told: string[] = [];
    const gh = await createGitHubClient({
      baseUrl: s.url,
      auth: { kind: "token", env },
      onSecret: (value) => void told.push(value),
    });
    expect(told).toEqual([token]);
    await gh.rest.users.getAuthenticated();
    expect(s.log[0]?.auth).toBe(`token ${token}`);
    const { readFile } = await import("node:fs/promises");
    expect((await readFile(calls, "utf8")).trim().split("\n")).toEqual([
      "auth token --hostname 127.0.0.1:" + new URL(s.url).port,
    ]);
    const err = await expectAoError(
      createGitHubClient({ auth: { kind: "token", tokenEnv: "NOPE", env: { PATH: "/nonexistent" } } }),
      "GITHUB_AUTH_MISSING",
    );
    expect(err.message).toContain("NOPE");
  });

  it("answers a repeated GET from its ETag cache on 304", async () => {
    const s = await server((req, res) => {
      if (req.headers["if-none-match"] === '"v1"') {
        res.writeHead(304, { etag: '"v1"', ...limits(4998) });
        return res.end();
      }
      json(res, 200, [{ number: 1 }], { etag: '"v1"', ...limits(4998) });
    });
    const gh = await createGitHubClient({
      baseUrl: s.url,
      auth: { kind: "token", env: { GITHUB_TOKEN: freshToken() } },
    });
    const a = await gh.rest.pulls.list({ owner: "o", repo: "r" });
    const b = await gh.rest.pulls.list({ owner: "o", repo: "r" });
    expect(b.data).toEqual(a.data);
    expect(b.status).toBe(200);
    expect(s.log.map((l) => l.inm)).toEqual([undefined, '"v1"']);
  });

  it("sits out a 429's Retry-After and a secondary limit, then succeeds", async () => {
    const c = clock();
    const s = await server((_q, res, n) => {
      if (n === 1) return json(res, 429, { message: "Too many" }, { "retry-after": "3", ...limits(4000) });
      if (n === 2)
        return json(res, 403, { message: "You have exceeded a secondary rate limit." }, limits(3999));
      json(res, 200, { login: "ao" }, limits(3998));
    });
    const gh = await createGitHubClient({
      baseUrl: s.url,
      auth: { kind: "token", env: { GITHUB_TOKEN: freshToken() } },
      ...c,
      maxWaitMs: 120_000,
    });
    await gh.rest.users.getAuthenticated();
    expect(c.slept).toEqual([3000, 60_000]);
    expect(s.log).toHaveLength(3);
  });

  it("raises GITHUB_RATE_LIMITED with the reset time instead of waiting long, and sends nothing until then", async () => {
    const c = clock(1_000_000_000);
    const reset = 1_000_000 + 1800;
    const s = await server((_q, res) =>
      json(res, 403, { message: "API rate limit exceeded" }, limits(0, reset)),
    );
    const gh = await createGitHubClient({
      baseUrl: s.url,
      auth: { kind: "token", env: { GITHUB_TOKEN: freshToken() } },
      ...c,
    });
    const err = await expectAoError(gh.rest.users.getAuthenticated(), "GITHUB_RATE_LIMITED");
    expect(err.message).toContain(new Date(reset * 1000).toISOString());
    await expectAoError(gh.rest.users.getAuthenticated(), "GITHUB_RATE_LIMITED");
    expect(s.log).toHaveLength(1);
    expect(gh.suggestedIntervalMs(30_000)).toBe(15 * 60_000);
  });

  it("retries 5xx and timeouts of reads, never a create", async () => {
    const c = clock();
    const s = await server((req, res, n) => {
      if (req.method === "POST") return json(res, 502, { message: "Bad gateway" }, limits(10));
      if (n === 1) return json(res, 502, { message: "Bad gateway" }, limits(10));
      if (n === 2) return; // never answers: the client times out
      json(res, 200, { login: "ao" }, limits(10));
    });
    const gh = await createGitHubClient({
      baseUrl: s.url,
      auth: { kind: "token", env: { GITHUB_TOKEN: freshToken() } },
      ...c,
      timeoutMs: 300,
    });
    await gh.rest.users.getAuthenticated();
    expect(s.log).toHaveLength(3);
    await expect(
      gh.rest.pulls.create({ owner: "o", repo: "r", head: "b", base: "main", title: "t" }),
    ).rejects.toMatchObject({
      status: 502,
    });
    expect(s.log.filter((l) => l.method === "POST")).toHaveLength(1);
  });

  it("spots GraphQL's RATE_LIMITED error in a 200 answer", async () => {
    const c = clock();
    const s = await server((_q, res) =>
      json(
        res,
        200,
        { data: null, errors: [{ type: "RATE_LIMITED", message: "API rate limit exceeded" }] },
        {
          ...limits(0, 1_000_000 + 3600),
          "x-ratelimit-resource": "graphql",
        },
      ),
    );
    const gh = await createGitHubClient({
      baseUrl: s.url,
      auth: { kind: "token", env: { GITHUB_TOKEN: freshToken() } },
      ...c,
    });
    await expectAoError(gh.graphql("query { viewer { login } }"), "GITHUB_RATE_LIMITED");
    expect(gh.budget().find((b) => b.resource === "graphql")?.remaining).toBe(0);
  });
});
