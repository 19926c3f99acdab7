/**
 * @ao/egress-proxy: the egress policy of sandboxed runtimes. A container
 * runs with network `none`; the only way out is this proxy, reached through
 * a mounted unix socket, which lets through the allowed hosts alone.
 */
import { fileURLToPath } from "node:url";

export { isInternalAddress } from "./address.js";
export { type Decision, decide, type Lookup, systemLookup } from "./decide.js";
export {
  type EgressLogEntry,
  type EgressProxy,
  type EgressProxyOptions,
  startEgressProxy,
} from "./proxy.js";
export { type EgressRule, matchRule, parseRules } from "./rules.js";

/** The relay script on the host (the built `egress-relay.js` next to this module), to mount into a container. */
export const egressRelayScript: string = fileURLToPath(new URL("./egress-relay.js", import.meta.url));

/** Where runtimes mount the relay (a `.mjs` name: node must load it as a module outside this package). */
export const EGRESS_RELAY_CONTAINER_PATH = "/opt/ao/egress-relay.mjs";

/**
 * The proxy variables for an agent inside the container once the relay
 * listens on `port`: lower and upper case, since tools read one or the other.
 * `NO_PROXY` only exempts the container's own loopback.
 */
export function egressProxyEnv(port = 3128): Record<string, string> {
  const url = `http://127.0.0.1:${port}`;
  return {
    HTTPS_PROXY: url,
    HTTP_PROXY: url,
    https_proxy: url,
    http_proxy: url,
    NO_PROXY: "localhost,127.0.0.1,::1",
    no_proxy: "localhost,127.0.0.1,::1",
  };
}
