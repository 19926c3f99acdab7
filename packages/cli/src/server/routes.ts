import type { IncomingMessage, ServerResponse } from "node:http";
import { errors } from "@ao/core";
import { handleApi } from "./api.js";
import { boardFor, handleDashboardApi } from "./dashboard-api.js";
import { openStream } from "./event-stream.js";
import { bodyTooLarge, readBody, readJson, sendJson } from "./http-util.js";

/** GitHub sends up to 25 MB, but the events ao maps are small; bigger deliveries are refused. */
const WEBHOOK_MAX_BODY = 5 * 1024 * 1024;
import { checkApiRequest, checkWebhookRequest, isOwnOrigin, originOf } from "./origin-policy.js";
import { actorOf, principalOf } from "./principal.js";
import type { RequestTarget } from "./request-target.js";
import { authorize } from "./scopes.js";
import type { ServerState } from "./server-state.js";
import { sendLoginHint, sendPage, serveDashboardFile } from "./static-files.js";

/** POST /webhooks/<route>: no token (the plugin checks the signature), no browser. */
export async function serveWebhook(
  state: ServerState,
  target: RequestTarget,
  method: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  checkWebhookRequest(state.policy, req);
  if (method !== "POST") throw errors.methodNotAllowed(method, "POST");
  const route = target.parts.slice(1).join("/");
  const hook = state.options.webhooks.get(route);
  if (!hook || target.parts.length !== 2) {
    return sendJson(res, 404, { error: { code: "NOT_FOUND", message: `No webhook route "${route}".` } });
  }
  // Refused before anything is read or verified: a declared or actual size over the cap is a 413.
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > WEBHOOK_MAX_BODY) throw bodyTooLarge(WEBHOOK_MAX_BODY);
  const body = await readBody(req, WEBHOOK_MAX_BODY);
  const headers = Object.fromEntries(
    Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : v]),
  );
  const out = await hook({ headers, body });
  // Verified but nothing in it ao acts on (an event it does not map): accepted and ignored.
  sendJson(res, out.events === 0 ? 202 : 200, out.events === 0 ? { ...out, ignored: true } : out);
}

/** Everything but webhooks: Host and Origin first, then the credential, then the route's scope. */
export async function serveApi(
  state: ServerState,
  target: RequestTarget,
  method: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { options, policy, logins } = state;
  checkApiRequest(policy, req);
  const { pathname } = target;
  if (pathname === "/api/health" && method === "GET") {
    // Unauthenticated, so it says only that ao is here and which version.
    return sendJson(res, 200, { ok: true, version: options.version });
  }
  if (pathname === "/login" && method === "GET") return login(state, target, res);
  const principal = principalOf(req, options.token, options.home, logins);
  const page = method === "GET" && target.parts[0] !== "api";
  if (!principal) {
    // A browser without a login gets a page that says how to log in, and no data.
    if (page) return sendLoginHint(res);
    throw errors.unauthorized();
  }
  // A cookie rides along with any request the browser makes, so an acting
  // request must also prove it comes from the daemon's own page.
  if (principal.via === "cookie" && method !== "GET") {
    const origin = originOf(req);
    if (origin === undefined || !isOwnOrigin(policy, origin)) throw errors.crossOrigin(origin ?? "(none)");
  }
  const caller = { principal, actor: actorOf({ principal }) };
  if (page) {
    if (!options.dashboardDir) {
      return sendPage(
        res,
        503,
        "Dashboard not installed",
        "Install @ao/dashboard next to ao, or set AO_DASHBOARD_DIR.",
      );
    }
    return serveDashboardFile(options.dashboardDir, target.parts, res);
  }
  if (pathname === "/api/events" && method === "GET") {
    const asked = target.searchParams.get("session");
    const only = principal.scope === "agent" ? (asked ?? principal.session ?? null) : asked;
    authorize(principal, "read", principal.scope === "agent" ? (only ?? undefined) : undefined);
    const feed =
      target.searchParams.get("board") === "1" ? { board: () => boardFor(state, caller) } : undefined;
    return openStream(options.engine, only, req, res, state.streams, options.redact, feed);
  }
  if (pathname === "/api/login-url" && method === "POST") {
    authorize(principal, "login-url");
    const next = (await readJson(req)).next;
    return sendJson(res, 200, {
      url: state.loginUrl(typeof next === "string" ? landingPath(next) : undefined),
    });
  }
  if (target.parts[0] === "api" && (await handleApi(options, caller, method, target, req, res))) return;
  if (target.parts[0] === "api" && (await handleDashboardApi(state, caller, method, target, req, res)))
    return;
  sendJson(res, 404, { error: { code: "NOT_FOUND", message: `No route ${method} ${pathname}.` } });
}

/** GET /login?token=…: spend a one-time login token for a session cookie, then leave the token out of the URL bar. */
function login(state: ServerState, target: RequestTarget, res: ServerResponse): void {
  const token = target.searchParams.get("token") ?? "";
  const cookie = state.logins.redeem(token);
  if (!cookie) throw errors.loginInvalid();
  const next = target.searchParams.get("next");
  res.writeHead(303, {
    location: next ? landingPath(next) : "/",
    "set-cookie": state.logins.setCookie(cookie),
    "cache-control": "no-store",
    "referrer-policy": "no-referrer",
    "content-length": 0,
  });
  res.end();
}

/**
 * Where a login lands: a path of the dashboard itself, never another site
 * (`//host`, `/\\host` and schemes are refused), else the board.
 */
export function landingPath(next: string): string {
  return /^\/(?![/\\])[A-Za-z0-9._~%/-]*$/.test(next) && next.length <= 512 ? next : "/";
}
