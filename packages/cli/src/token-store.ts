import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** What a token may do: `agent` < `orchestrator` < `admin` (see docs/security.md). */
export type Scope = "admin" | "orchestrator" | "agent";

/** A token as the store knows it: never the token itself, only its hash. */
export interface StoredToken {
  sha256: string;
  scope: Scope;
  /** The one session an `agent` token acts for. */
  session?: string;
  project?: string;
  createdAt: string;
}

/** `$AO_HOME/tokens`: one 0600 file per token, named by the token's sha256. */
export const tokensDir = (home: string): string => join(home, "tokens");

const sha256 = (token: string): string => createHash("sha256").update(token).digest("hex");

// One file per token (written then renamed): the daemon and one-shot commands
// mint tokens concurrently without a shared lock, and a reader never sees half a file.
function write(home: string, entry: StoredToken): void {
  const dir = tokensDir(home);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `${entry.sha256}.json`);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(entry), { mode: 0o600 });
  renameSync(tmp, file);
}

function readAll(home: string): StoredToken[] {
  let names: string[];
  try {
    names = readdirSync(tokensDir(home)).filter((n) => /^[0-9a-f]{64}\.json$/.test(n));
  } catch {
    return [];
  }
  const out: StoredToken[] = [];
  for (const name of names) {
    const entry = readEntry(join(tokensDir(home), name));
    if (entry) out.push(entry);
  }
  return out;
}

function readEntry(file: string): StoredToken | undefined {
  try {
    const value = JSON.parse(readFileSync(file, "utf8")) as StoredToken;
    return typeof value.sha256 === "string" && typeof value.scope === "string" ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Mint a token with `scope`; only its hash is stored. Returns the token (shown once). */
export function mintToken(home: string, scope: Scope, session?: { id: string; project: string }): string {
  const token = `ao_${scope}_${randomBytes(32).toString("hex")}`;
  write(home, {
    sha256: sha256(token),
    scope,
    ...(session ? { session: session.id, project: session.project } : {}),
    createdAt: new Date().toISOString(),
  });
  return token;
}

/**
 * A fresh `agent` token for a session, revoking the session's earlier ones:
 * a restored agent gets a new token and the old process's token dies with it.
 */
export function mintSessionToken(home: string, sessionId: string, projectId: string): string {
  revokeSession(home, sessionId);
  return mintToken(home, "agent", { id: sessionId, project: projectId });
}

/** Remove every token of a session. */
export function revokeSession(home: string, sessionId: string): void {
  revokeSessions(home, new Set([sessionId]));
}

/** Remove every token of these sessions, in one pass over the store. */
export function revokeSessions(home: string, sessionIds: ReadonlySet<string>): void {
  if (sessionIds.size === 0) return;
  for (const entry of readAll(home)) {
    if (entry.session !== undefined && sessionIds.has(entry.session))
      rmSync(join(tokensDir(home), `${entry.sha256}.json`), { force: true });
  }
}

/** The stored entry of a presented token, or undefined. Compares hashes in constant time. */
export function lookupToken(home: string, token: string): StoredToken | undefined {
  if (!/^ao_(agent|orchestrator|admin)_[0-9a-f]{64}$/.test(token)) return undefined;
  const hash = sha256(token);
  const entry = readEntry(join(tokensDir(home), `${hash}.json`));
  if (!entry || entry.sha256.length !== hash.length) return undefined;
  return timingSafeEqual(Buffer.from(entry.sha256), Buffer.from(hash)) ? entry : undefined;
}
