import { spawn } from "node:child_process";
import { join } from "node:path";
import type { IncomingMessage, ServerResponse } from "node:http";
import { type FakeContext, permissionOf } from "./context.js";
import { FAKE_GIT_ENV } from "./git-ops.js";
import type { RepoRecord } from "./state.js";

/** Git over smart HTTP: the real `git http-backend` behind Basic auth (password = token). */

const GIT_PATH = /^\/([^/]+)\/([^/]+?)\.git(\/.*)$/;

export interface GitHttpDeps {
  ctx: FakeContext;
  root: string;
  execPath: string;
  loginForToken(token: string): string | undefined;
}

function basicLogin(deps: GitHttpDeps, req: IncomingMessage): string | null | undefined {
  const h = req.headers.authorization;
  if (!h) return null;
  const m = /^basic\s+(\S+)$/i.exec(h.trim());
  if (!m?.[1]) return undefined;
  const decoded = Buffer.from(m[1], "base64").toString("utf8");
  const password = decoded.slice(decoded.indexOf(":") + 1);
  return deps.loginForToken(password);
}

function deny(res: ServerResponse, status: number, message: string): void {
  const headers: Record<string, string> = { "content-type": "text/plain" };
  if (status === 401) headers["www-authenticate"] = 'Basic realm="GitHub"';
  res.writeHead(status, headers);
  res.end(`${message}\n`);
}

/** Serve a git request when `url` names `/<owner>/<repo>.git/...`; false otherwise. */
export async function serveGit(
  deps: GitHttpDeps,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<boolean> {
  const m = GIT_PATH.exec(url.pathname);
  if (!m) return false;
  const repo = deps.ctx.world.findRepo(m[1] ?? "", m[2] ?? "");
  const login = basicLogin(deps, req);
  if (login === undefined) {
    deny(res, 401, "Invalid username or token. Password authentication is not supported for Git operations.");
    return true;
  }
  const push =
    url.searchParams.get("service") === "git-receive-pack" || url.pathname.endsWith("/git-receive-pack");
  const permission = repo ? permissionOf(deps.ctx, repo, login) : "none";
  if (!repo || permission === "none") {
    // GitHub asks anonymous clients for credentials before admitting a repo exists.
    if (login === null) deny(res, 401, "Authentication required");
    else deny(res, 404, "Repository not found.");
    return true;
  }
  if (push && permission === "read") {
    if (login === null) deny(res, 401, "Authentication required");
    else deny(res, 403, `Permission to ${repo.fullName}.git denied to ${login}.`);
    return true;
  }
  await runBackend(deps, repo, req, res, m[3] ?? "/", url, login);
  if (push && req.method === "POST") await deps.ctx.syncRefs(repo);
  return true;
}

function runBackend(
  deps: GitHttpDeps,
  repo: RepoRecord,
  req: IncomingMessage,
  res: ServerResponse,
  tail: string,
  url: URL,
  login: string | null,
): Promise<void> {
  return new Promise((resolve) => {
    const env: Record<string, string> = {
      ...FAKE_GIT_ENV,
      PATH: process.env.PATH ?? "",
      GIT_PROJECT_ROOT: deps.root,
      GIT_HTTP_EXPORT_ALL: "1",
      PATH_INFO: `/${repo.fullName}.git${tail}`,
      REQUEST_METHOD: req.method ?? "GET",
      QUERY_STRING: url.search.slice(1),
      CONTENT_TYPE: req.headers["content-type"] ?? "",
      REMOTE_ADDR: "127.0.0.1",
    };
    if (login) env.REMOTE_USER = login;
    const enc = req.headers["content-encoding"];
    if (enc) env.HTTP_CONTENT_ENCODING = enc;
    const proto = req.headers["git-protocol"];
    if (typeof proto === "string") env.GIT_PROTOCOL = proto;
    const child = spawn(join(deps.execPath, "git-http-backend"), [], {
      env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    req.pipe(child.stdin);
    child.stdin.on("error", () => undefined);
    let head = Buffer.alloc(0);
    let headersDone = false;
    child.stdout.on("data", (chunk: Buffer) => {
      if (headersDone) {
        res.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const crlf = head.indexOf("\r\n\r\n");
      const lf = head.indexOf("\n\n");
      const end = crlf >= 0 && (lf < 0 || crlf < lf) ? crlf : lf;
      if (end < 0) return;
      const sep = end === crlf ? 4 : 2;
      const headerLines = head.subarray(0, end).toString("utf8").split(/\r?\n/);
      let status = 200;
      const headers: Record<string, string> = {};
      for (const line of headerLines) {
        const i = line.indexOf(":");
        if (i < 0) continue;
        const k = line.slice(0, i).trim();
        const v = line.slice(i + 1).trim();
        if (k.toLowerCase() === "status") status = Number.parseInt(v, 10) || 200;
        else headers[k] = v;
      }
      headersDone = true;
      res.writeHead(status, headers);
      res.write(head.subarray(end + sep));
    });
    child.on("close", () => {
      if (!headersDone) res.writeHead(500, { "content-type": "text/plain" });
      res.end();
      resolve();
    });
    child.on("error", () => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
      resolve();
    });
  });
}
