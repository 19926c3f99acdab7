import type { IncomingMessage } from "node:http";
import { docsUrl, errors } from "@ao/core";

const LOOPBACK_NAMES = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

/** True for addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  return LOOPBACK_NAMES.has(host.toLowerCase()) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** `host:port` as it appears in a Host header (IPv6 in brackets). */
const authority = (host: string, port: number): string =>
  `${host.includes(":") && !host.startsWith("[") ? `[${host}]` : host}:${port}`.toLowerCase();

/** Which Host headers and Origins the daemon answers to. */
export interface OriginPolicy {
  /** Hosts of the API, the login and the SSE stream. */
  hosts: ReadonlySet<string>;
  /** The host of `server.publicUrl`, when configured (webhooks from an SCM arrive through it). */
  publicHost: string | undefined;
}

/**
 * The daemon's own names: the three loopback spellings (any of them reaches a
 * loopback listener), the configured host, and `server.publicUrl`'s host. A
 * DNS-rebinding page reaches the socket under its own name, which is none of these.
 */
export function originPolicy(host: string, port: number, publicUrl?: string): OriginPolicy {
  const hosts = new Set<string>();
  if (isLoopback(host) || host === "0.0.0.0" || host === "::") {
    for (const name of ["127.0.0.1", "localhost", "[::1]"]) hosts.add(authority(name, port));
  }
  if (host !== "0.0.0.0" && host !== "::") hosts.add(authority(host, port));
  const publicHost = publicUrl ? new URL(publicUrl).host.toLowerCase() : undefined;
  if (publicHost) hosts.add(publicHost);
  return { hosts, publicHost };
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** Refuse a Host the daemon does not serve (421) and a foreign browser Origin (403). */
export function checkApiRequest(policy: OriginPolicy, req: IncomingMessage): void {
  const host = (header(req, "host") ?? "").toLowerCase();
  if (!policy.hosts.has(host)) throw errors.misdirected(host);
  const origin = header(req, "origin");
  if (origin !== undefined && !isOwnOrigin(policy, origin)) throw errors.crossOrigin(origin);
}

/**
 * Webhooks come from an SCM's servers, often through a tunnel or proxy whose
 * Host ao cannot know, and they prove themselves by their signature. So the
 * Host is checked only when `server.publicUrl` says what it must be, and a
 * browser (anything sending Origin) is refused.
 */
export function checkWebhookRequest(policy: OriginPolicy, req: IncomingMessage): void {
  if (policy.publicHost) {
    const host = (header(req, "host") ?? "").toLowerCase();
    if (!policy.hosts.has(host)) throw errors.misdirected(host);
  }
  const origin = header(req, "origin");
  if (origin !== undefined) throw errors.crossOrigin(origin);
}

/** Whether `origin` is one of the daemon's own `http://host:port` origins. */
export function isOwnOrigin(policy: OriginPolicy, origin: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return false;
  if (origin.toLowerCase() !== parsed.origin.toLowerCase()) return false;
  return policy.hosts.has(parsed.host.toLowerCase());
}

/** The Origin header of a request, if any. */
export const originOf = (req: IncomingMessage): string | undefined => header(req, "origin");

/**
 * Refuse to listen on an address other machines can reach unless the config
 * says `server.allowRemote: true`; warn when it does. Returns the warning, if any.
 */
export function checkListenHost(server: { host: string; allowRemote: boolean }): string | undefined {
  if (isLoopback(server.host)) return undefined;
  if (!server.allowRemote) throw errors.remoteHost(server.host);
  return `the API listens on ${server.host}, reachable from other machines: every request still needs a token, but use TLS in front of it (see ${docsUrl("security.md")})`;
}
