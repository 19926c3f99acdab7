import { type AgentReport, errors, type SessionSnapshot } from "@ao/core";
import type { Actions } from "./actions.js";
import type { AgentIdentity } from "./agent-identity.js";
import { lookupToken } from "./token-store.js";

/**
 * {@link Actions} for `ao` run inside an agent's session with no daemon: the
 * in-process engine can do anything, so this lets through only what the
 * agent scope allows (report and read its own session) and refuses the rest
 * before the engine is even opened.
 */
export class AgentLocalActions implements Actions {
  readonly via = "local" as const;

  constructor(
    private readonly identity: AgentIdentity,
    private readonly home: string,
    private readonly open: () => Promise<Actions>,
  ) {}

  private inner: Actions | undefined;

  /** The session this agent may act on, after checking its token against the token store. */
  private own(sessionId: string, what: string): void {
    if (!this.identity.token) throw errors.agentScope(`${what} without its session token (AO_SESSION_TOKEN)`);
    const stored = lookupToken(this.home, this.identity.token);
    if (!stored || stored.scope !== "agent" || stored.session !== this.identity.session) {
      throw errors.agentScope(`${what} with a token that is not its session's (revoked or foreign)`);
    }
    if (sessionId !== stored.session) throw errors.agentScope(`${what} session ${sessionId}`);
  }

  private async engine(): Promise<Actions> {
    this.inner ??= await this.open();
    return this.inner;
  }

  async sessions(): Promise<SessionSnapshot[]> {
    this.own(this.identity.session, "read sessions");
    return (await (await this.engine()).sessions()).filter((s) => s.id === this.identity.session);
  }

  async report(sessionId: string, report: AgentReport, requestId: string): Promise<SessionSnapshot> {
    this.own(sessionId, "report");
    return (await this.engine()).report(sessionId, report, requestId);
  }

  async spawn(): Promise<SessionSnapshot> {
    throw errors.agentScope("spawn sessions");
  }
  async send(sessionId: string): Promise<SessionSnapshot> {
    throw errors.agentScope(`send messages to ${sessionId}`);
  }
  async kill(sessionId: string): Promise<SessionSnapshot> {
    throw errors.agentScope(`kill ${sessionId}`);
  }
  async restore(sessionId: string): Promise<SessionSnapshot> {
    throw errors.agentScope(`restore ${sessionId}`);
  }
  async claimPr(): Promise<SessionSnapshot> {
    throw errors.agentScope("claim PRs");
  }
  async merge(sessionId: string): Promise<SessionSnapshot> {
    throw errors.agentScope(`merge the PR of ${sessionId}`);
  }
  async review(sessionId: string): Promise<SessionSnapshot> {
    throw errors.agentScope(`review the PR of ${sessionId}`);
  }
  async refresh(): Promise<void> {
    throw errors.agentScope("refresh every session");
  }
  async close(): Promise<void> {
    await this.inner?.close();
  }
}
