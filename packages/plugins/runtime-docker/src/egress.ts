import { createHash } from "node:crypto";
import { chmod, chown, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { AoError, errors, inertText, type Logger } from "@ao/core";
import {
  EGRESS_RELAY_CONTAINER_PATH,
  type EgressProxy,
  egressProxyEnv,
  egressRelayScript,
  parseRules,
  startEgressProxy,
} from "@ao/egress-proxy";

/** Where the proxy socket's directory appears inside the container. */
export const EGRESS_DIR = "/run/ao-egress";
/** The relay's TCP port on the container's own loopback: what HTTP(S)_PROXY point at. */
export const RELAY_PORT = 3128;
const SOCKET = "proxy.sock";
// sockaddr_un holds 108 bytes with the NUL; Linux and macOS differ, so stay under both.
const MAX_SOCKET_PATH = 103;

/** The validated `egress` option: the `host:port` destinations the agent may reach. */
export interface EgressPolicy {
  allow: string[];
}

/** Check the `egress` option at once, so a typo fails at config load, not at the first spawn. */
export function parseEgress(owner: string, value: Record<string, unknown> | undefined): EgressPolicy | null {
  if (value === undefined) return null;
  const { allow, ...rest } = value;
  const extra = Object.keys(rest);
  if (extra.length > 0 || !Array.isArray(allow) || !allow.every((a) => typeof a === "string")) {
    throw errors.pluginOption(
      owner,
      "egress",
      extra.length > 0 ? `has unknown keys: ${extra.join(", ")}` : "needs `allow`, a list of strings",
      'Write egress: { allow: ["api.anthropic.com:443", "*.github.com:443"] } (an empty list lets nothing out).',
    );
  }
  parseRules(allow, owner);
  return { allow: [...allow] };
}

/**
 * One proxy per policy and state dir, shared by all the runtime's containers:
 * the policy is the runtime's (not a session's), and one listener is less to
 * leak than one per container. Its socket sits alone in a directory named
 * after the policy; containers mount the directory, so a proxy restarted by
 * a later daemon is reached by containers made by an earlier one.
 */
export class EgressGate {
  private proxy: EgressProxy | null = null;
  private starting: Promise<void> | null = null;
  readonly dir: string;

  constructor(
    private readonly owner: string,
    stateDir: string,
    private readonly policy: EgressPolicy,
    private readonly log: () => Logger | undefined,
  ) {
    const key = createHash("sha256")
      .update(JSON.stringify([...policy.allow].sort()))
      .digest("hex");
    this.dir = join(stateDir, "egress", key.slice(0, 12));
  }

  /** Start the proxy unless this runtime or another process (same policy, same path) already serves it. */
  async ensure(user: string): Promise<void> {
    if (this.proxy) return;
    this.starting ??= this.start(user).finally(() => {
      this.starting = null;
    });
    await this.starting;
  }

  private async start(user: string): Promise<void> {
    const socketPath = join(this.dir, SOCKET);
    if (Buffer.byteLength(socketPath) > MAX_SOCKET_PATH) {
      throw errors.pluginOption(
        this.owner,
        "stateDir",
        `makes the egress proxy's socket path too long for a unix socket (${socketPath})`,
        "Set stateDir (or AO_HOME) to a shorter path.",
      );
    }
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await chmod(this.dir, 0o700);
    try {
      this.proxy = await startEgressProxy({
        socketPath,
        allow: this.policy.allow,
        owner: this.owner,
        log: (entry) => {
          if (entry.action !== "denied") return;
          // The destination is whatever the agent asked for: hostile text.
          this.log()?.warn(
            `${this.owner}: egress denied ${inertText(entry.host)}:${entry.port} (${entry.reason ?? entry.kind})`,
          );
        },
      });
    } catch (error) {
      // Another process (a second daemon, an earlier `ao` run) serves this very policy on this path.
      if (error instanceof AoError && error.code === "EGRESS_SOCKET_IN_USE") return;
      throw error;
    }
    await this.giveTo(user, socketPath);
  }

  /** Root handing sessions to another uid hands it the socket too (the proxy makes it 0600). */
  private async giveTo(user: string, socketPath: string): Promise<void> {
    const [uid, gid] = user.split(":").map(Number);
    if (process.getuid?.() !== 0 || uid === undefined || !Number.isInteger(uid) || uid === 0) return;
    const g = gid !== undefined && Number.isInteger(gid) ? gid : uid;
    for (const path of [this.dir, socketPath]) await chown(path, uid, g);
  }

  /** The binds: the socket's directory (read-only: the container connects, never replaces) and the relay. */
  binds(): string[] {
    return [`${this.dir}:${EGRESS_DIR}:ro`, `${egressRelayScript}:${EGRESS_RELAY_CONTAINER_PATH}:ro`];
  }

  /** The proxy variables the agent's environment gets. */
  env(): Record<string, string> {
    return egressProxyEnv(RELAY_PORT);
  }

  /** Stop the proxy if this runtime started it. */
  async close(): Promise<void> {
    await this.starting?.catch(() => {});
    const proxy = this.proxy;
    this.proxy = null;
    await proxy?.close();
  }
}

/**
 * Entrypoint lines that start the relay in the background and wait (up to
 * ~5 s) for its ready line, so the agent's first request finds it listening.
 * Its log goes to the session's home, where the host can read it.
 */
export function relayStartLines(): string[] {
  const log = '"$HOME/.ao-egress-relay.log"';
  return [
    `node ${EGRESS_RELAY_CONTAINER_PATH} ${EGRESS_DIR}/${SOCKET} ${RELAY_PORT} >${log} 2>&1 &`,
    "i=0",
    `while [ "$i" -lt 50 ] && ! grep -q listening ${log} 2>/dev/null; do sleep 0.1; i=$((i+1)); done`,
  ];
}
