import { errors } from "@ao/core";
import type { Scope } from "../token-store.js";
import type { Principal } from "./principal.js";

/** Everything a route can ask permission for. */
export type Permission =
  | "read"
  | "report"
  | "spawn"
  | "send"
  | "refresh"
  | "kill"
  | "restore"
  | "claim-pr"
  | "merge"
  | "review"
  | "login-url"
  /** A live terminal on a session's runtime: whoever holds one can do all the agent can, so admin only. */
  | "attach";

// An orchestrator starts and steers agents but never judges or lands their
// work; an agent only reads and reports on its own session.
const GRANTS: Record<Exclude<Scope, "admin">, ReadonlySet<Permission>> = {
  orchestrator: new Set(["read", "report", "spawn", "send", "refresh"]),
  agent: new Set(["read", "report"]),
};

/** Throw FORBIDDEN unless the principal may do `what` (to `session`, when it names one). */
export function authorize(principal: Principal, what: Permission, session?: string): void {
  if (principal.scope === "admin") return;
  const target = session === undefined ? "" : ` session ${session}`;
  if (!GRANTS[principal.scope].has(what)) throw errors.forbidden(principal.scope, `${what}${target}`);
  // An agent credential without a session (none is minted so) may touch nothing.
  if (principal.scope === "agent" && (principal.session === undefined || session !== principal.session)) {
    throw errors.forbidden(
      "agent",
      `${what} ${session === undefined ? "every session" : `session ${session}`}`,
    );
  }
}

/** Whether the principal may see a session (agents see only their own). */
export const canSee = (principal: Principal, sessionId: string): boolean =>
  principal.scope !== "agent" || principal.session === sessionId;
