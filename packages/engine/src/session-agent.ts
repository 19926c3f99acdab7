import { AoError, type AgentPlugin } from "@ao/core";
import type { EngineOptions } from "./api.js";
import { type ProjectState, stepsOf } from "./context.js";

/** The `agent` spawn step: the agent a session runs when it is not its project's (`spawn --agent`). */
export interface AgentStep {
  name: string;
}

/** The agent a session was spawned with, by name; undefined when it runs its project's agent. */
export function agentNameOf(ps: ProjectState, sessionId: string): string | undefined {
  const step = stepsOf(ps, sessionId).agent as AgentStep | undefined;
  return typeof step?.name === "string" ? step.name : undefined;
}

/**
 * Named agents, resolved through the host's hook once per project and name:
 * every later action of a session (launch, restore, messages, activity) asks
 * here, so it runs the agent the session was spawned with, across restarts.
 */
export function namedAgents(
  resolve: EngineOptions["resolveAgent"],
  onResolved: (agent: AgentPlugin) => void = () => {},
): (ps: ProjectState, name: string | undefined) => Promise<AgentPlugin> {
  const cache = new Map<string, Promise<AgentPlugin>>();
  return (ps, name) => {
    if (name === undefined) return Promise.resolve(ps.project.plugins.agent);
    if (!resolve) {
      return Promise.reject(
        new AoError({
          code: "AGENT_NOT_RESOLVABLE",
          message: `The agent "${name}" cannot be resolved: this engine was built without an agent resolver.`,
          hint: "Run the command through the ao CLI, which resolves agents by name.",
        }),
      );
    }
    const key = `${ps.ref.id}\0${name}`;
    let found = cache.get(key);
    if (!found) {
      found = resolve(ps.ref.id, name).then((agent) => {
        onResolved(agent);
        return agent;
      });
      cache.set(key, found);
      // A failed resolution (a package installed since) is tried again next time.
      found.catch(() => cache.delete(key));
    }
    return found;
  };
}
