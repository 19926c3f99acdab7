import type { ServerResponse } from "node:http";
import type { BrowserLogins } from "./browser-login.js";
import type { OriginPolicy } from "./origin-policy.js";
import type { ServerOptions } from "./server.js";

/** What the routes of one running server share. */
export interface ServerState {
  options: ServerOptions;
  policy: OriginPolicy;
  logins: BrowserLogins;
  /** Open SSE responses, ended when the server closes. */
  streams: Set<ServerResponse>;
  /** A fresh one-time login URL on the daemon's own origin. */
  loginUrl(next?: string): string;
}
