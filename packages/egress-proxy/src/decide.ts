import { lookup as dnsLookup } from "node:dns/promises";
import { isIP } from "node:net";
import { isInternalAddress } from "./address.js";
import { type EgressRule, matchRule } from "./rules.js";

/** Resolves a host name to its addresses (default: the system resolver, all families). */
export type Lookup = (host: string) => Promise<string[]>;

export const systemLookup: Lookup = async (host) =>
  (await dnsLookup(host, { all: true, verbatim: true })).map((a) => a.address);

/** Where a request may go, or why not (with the HTTP status to answer). */
export type Decision =
  | { allowed: true; address: string }
  | { allowed: false; status: 403 | 502; reason: string };

/**
 * Decide `host:port` against the rules. The proxy connects to the address
 * decided here, never to the name again, so an answer cannot change between
 * check and connect. An exact rule is trusted wherever its name resolves (an
 * internal Git server is a fine rule); a wildcard reaches only public
 * addresses, so whoever controls a subdomain's DNS cannot point the agent at
 * the host's loopback (ao's own API) or its network. An IP literal needs a
 * rule of its own.
 */
export async function decide(
  rules: readonly EgressRule[],
  host: string,
  port: number,
  lookup: Lookup,
): Promise<Decision> {
  const rule = matchRule(rules, host, port);
  if (!rule) {
    const internal = isIP(host) !== 0 && isInternalAddress(host);
    return {
      allowed: false,
      status: 403,
      reason: internal ? "an internal address that no rule allows" : "not in the allowed list",
    };
  }
  if (isIP(host)) return { allowed: true, address: host };
  let addresses: string[];
  try {
    addresses = await lookup(host);
  } catch {
    return { allowed: false, status: 502, reason: "the name does not resolve" };
  }
  const usable = rule.wildcard ? addresses.filter((a) => !isInternalAddress(a)) : addresses;
  const address = usable[0];
  if (address === undefined) {
    return addresses.length > 0
      ? { allowed: false, status: 403, reason: "a wildcard rule's name that resolves to an internal address" }
      : { allowed: false, status: 502, reason: "the name does not resolve" };
  }
  return { allowed: true, address };
}
