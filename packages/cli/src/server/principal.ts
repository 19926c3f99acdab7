import { timingSafeEqual } from "node:crypto";
import type { Actor } from "@ao/engine";
import type { IncomingMessage } from "node:http";
import { lookupToken, type Scope } from "../token-store.js";
import { type BrowserLogins, cookieValue } from "./browser-login.js";

/** Who is calling, as proven by the request's credential. */
export interface Principal {
  scope: Scope;
  /** The session an `agent` credential acts for. */
  session?: string;
  /** How it was proven: cookie requests must also prove their origin when they act. */
  via: "bearer" | "cookie";
}

/** Who acts, as the engine journals it. */
export type { Actor } from "@ao/engine";

/** The actor of one request: the only place that turns a credential (or a webhook route) into an Actor. */
export function actorOf(request: { principal: Principal } | { webhook: string }): Actor {
  if ("webhook" in request) return { kind: "webhook", route: request.webhook };
  const { scope, session, via } = request.principal;
  // The journal tells a click on the dashboard from the CLI's bearer token.
  return {
    kind: "api",
    scope,
    ...(session ? { session } : {}),
    ...(via === "cookie" ? { via: "dashboard" } : {}),
  };
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The principal of a request: the admin token (`api-token`), a token from the
 * token store (agent and orchestrator tokens), or a browser's login cookie.
 * Undefined when the request carries none of these.
 */
export function principalOf(
  req: IncomingMessage,
  adminToken: string,
  home: string,
  logins: BrowserLogins,
): Principal | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "");
  if (match) {
    const token = match[1] as string;
    if (sameToken(token, adminToken)) return { scope: "admin", via: "bearer" };
    const stored = lookupToken(home, token);
    if (!stored) return undefined;
    return { scope: stored.scope, ...(stored.session ? { session: stored.session } : {}), via: "bearer" };
  }
  const cookie = cookieValue(req.headers.cookie, logins.cookieName);
  if (cookie && logins.valid(cookie)) return { scope: "admin", via: "cookie" };
  return undefined;
}
