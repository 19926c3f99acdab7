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

/**
 * Commands that act without asking the daemon (they stop or start it, remove
 * runtimes, mint logins): a process holding a delegated AO_TOKEN may not run
 * them. Everything else goes through the daemon, which checks the token's scope.
 */
export const DAEMONLESS_COMMANDS: ReadonlySet<string> = new Set([
  "init",
  "start",
  "stop",
  "login-url",
  "service",
  "cleanup",
  "demo",
  "attach",
]);

/** Refuse a command an agent (AGENT_SCOPE) or a delegated token (FORBIDDEN) may not run. */
export function guardAgentCommand(
  command: string,
  env: Record<string, string | undefined> = process.env,
): void {
  if (agentIdentity(env) && !AGENT_COMMANDS.has(command)) throw errors.agentScope(`run \`ao ${command}\``);
  const scope = /^ao_(agent|orchestrator)_/.exec(env.AO_TOKEN ?? "")?.[1];
  if (scope && DAEMONLESS_COMMANDS.has(command)) throw errors.forbidden(scope, `run \`ao ${command}\``);
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
