import { errors } from "@ao/core";

/** The session an `ao` process acts for when it runs inside an agent's session. */
export interface AgentIdentity {
  /** AO_SESSION_ID ("" when only a token was handed over). */
  session: string;
  /** AO_SESSION_TOKEN: the session's own `agent`-scope token. */
  token?: string;
}

/**
 * Whether this process runs inside an agent's session. Either variable is
 * enough: an agent that drops one of them must not fall back to admin rights.
 */
export function agentIdentity(
  env: Record<string, string | undefined> = process.env,
): AgentIdentity | undefined {
  const session = env.AO_SESSION_ID ?? "";
  const token = env.AO_SESSION_TOKEN;
  if (!session && !token) return undefined;
  return { session, ...(token ? { token } : {}) };
}

/** Commands an agent may run: reports and reads; everything else acts on other sessions or on ao itself. */
export const AGENT_COMMANDS: ReadonlySet<string> = new Set([
  "report",
  "status",
  "events",
  "logs",
  "doctor",
  "completion",
]);

/** Refuse a command an agent may not run (AGENT_SCOPE, exit 1). */
export function guardAgentCommand(
  command: string,
  env: Record<string, string | undefined> = process.env,
): void {
  if (agentIdentity(env) && !AGENT_COMMANDS.has(command)) throw errors.agentScope(`run \`ao ${command}\``);
}

/**
 * The session a read is limited to: inside an agent's session its own (asking
 * for another one is refused), else whatever was asked (undefined = all).
 */
export function ownSession(
  what: string,
  asked?: string,
  env: Record<string, string | undefined> = process.env,
): string | undefined {
  const agent = agentIdentity(env);
  if (!agent) return asked;
  if (asked !== undefined && asked !== agent.session) throw errors.agentScope(`${what} session ${asked}`);
  return agent.session;
}
