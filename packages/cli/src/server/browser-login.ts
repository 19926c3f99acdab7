import { createHash, randomBytes } from "node:crypto";

const LOGIN_TTL_MS = 10 * 60_000;

const sha256 = (value: string): string => createHash("sha256").update(value).digest("hex");

/**
 * One-time login links and the session cookies they exchange for. Both live
 * in the daemon's memory only (a restart logs browsers out), and only their
 * hashes are kept, so a heap dump does not hand out live credentials.
 */
export class BrowserLogins {
  private readonly pending = new Map<string, number>();
  private readonly sessions = new Set<string>();

  constructor(
    readonly cookieName: string,
    private readonly now: () => number = Date.now,
    private readonly ttlMs = LOGIN_TTL_MS,
  ) {}

  /** A fresh login token: it works once, within ten minutes. */
  issue(): string {
    this.prune();
    const token = randomBytes(32).toString("hex");
    this.pending.set(sha256(token), this.now() + this.ttlMs);
    return token;
  }

  /** Spend a login token; returns the new cookie value, or undefined when the token is unknown, used or expired. */
  redeem(token: string): string | undefined {
    const key = sha256(token);
    const expires = this.pending.get(key);
    this.pending.delete(key);
    if (expires === undefined || expires < this.now()) return undefined;
    const cookie = randomBytes(32).toString("hex");
    this.sessions.add(sha256(cookie));
    return cookie;
  }

  /** Whether a cookie value is a live browser session. */
  valid(cookie: string): boolean {
    return this.sessions.has(sha256(cookie));
  }

  /** The Set-Cookie header for a session: not readable by scripts, never sent cross-site, host-only. */
  setCookie(value: string): string {
    return `${this.cookieName}=${value}; HttpOnly; SameSite=Strict; Path=/`;
  }

  private prune(): void {
    const now = this.now();
    for (const [key, expires] of this.pending) if (expires < now) this.pending.delete(key);
  }
}

/** The value of one cookie in a Cookie header. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
