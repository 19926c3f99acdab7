import { isIP } from "node:net";
import { errors } from "@ao/core";

/** One allowed destination: an exact host or a `*.domain` wildcard, and one port. */
export interface EgressRule {
  /** Lower-case host name or IP literal; for a wildcard, the domain after `*.`. */
  host: string;
  /** Whether `host` is a wildcard domain: it matches names below it, never itself. */
  wildcard: boolean;
  port: number;
}

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** Host names as DNS spells them (case-insensitive, one trailing dot ignored). */
export function normalizeHost(host: string): string {
  const lower = host.toLowerCase();
  return lower.endsWith(".") ? lower.slice(0, -1) : lower;
}

function validName(host: string): boolean {
  return host.length <= 253 && host.split(".").every((label) => LABEL.test(label));
}

/** Split `host:port` (IPv6 literals in brackets); undefined when it is not one. */
export function splitHostPort(target: string): { host: string; port: number } | undefined {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]\s/@]+)):(\d{1,5})$/.exec(target);
  if (!m) return undefined;
  const port = Number(m[3]);
  if (port < 1 || port > 65535) return undefined;
  const host = normalizeHost(m[1] ?? m[2] ?? "");
  if (m[1] !== undefined && isIP(host) !== 6) return undefined;
  if (m[1] === undefined && !isIP(host) && !validName(host)) return undefined;
  return { host, port };
}

/**
 * Parse the allow list: each entry `host:port`, `*.domain:port` or
 * `[v6]:port`. A port is required: a rule says exactly where traffic may go.
 * Throws a PLUGIN_OPTION_INVALID error naming `owner` and the bad entry.
 */
export function parseRules(allow: readonly string[], owner = "egress-proxy"): EgressRule[] {
  return allow.map((entry) => {
    const wildcard = entry.startsWith("*.");
    const parsed = splitHostPort(wildcard ? entry.slice(2) : entry);
    if (!parsed || (wildcard && isIP(parsed.host))) {
      throw errors.pluginOption(
        owner,
        "allow",
        `has an entry that is not host:port: ${JSON.stringify(entry)}`,
        'Write each allowed destination as "host:port" ("api.example.com:443"), "*.example.com:443" for the names below a domain, or "[::1]:8080".',
      );
    }
    return { host: parsed.host, wildcard, port: parsed.port };
  });
}

/**
 * The rule that lets `host:port` through, if any. A wildcard `*.example.com`
 * matches `a.example.com` and `a.b.example.com`, not `example.com` nor
 * `badexample.com`; an IP literal matches only an exact rule.
 */
export function matchRule(rules: readonly EgressRule[], host: string, port: number): EgressRule | undefined {
  const name = normalizeHost(host);
  return rules.find(
    (r) => r.port === port && (r.wildcard ? !isIP(name) && name.endsWith(`.${r.host}`) : r.host === name),
  );
}
