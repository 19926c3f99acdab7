import { createHash } from "node:crypto";

/**
 * A stable, non-reversible key for a credential: budgets and caches are shared
 * per token without ever keeping the token itself as a map key or in a log.
 */
export function tokenKey(secret: string): string {
  return createHash("sha256").update(secret).digest("hex").slice(0, 16);
}
