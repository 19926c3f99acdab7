import { type AgentPlugin, errors } from "@ao/core";
import { resolveSlot } from "./resolve.js";

// A package name (`command`, `@ao/agent-command`, `my-agent`), never a path: the name may come
// over HTTP, and a path (`../../x`) would make the daemon import a file of the caller's choosing.
const PACKAGE_NAME = /^(@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;

/**
 * The agent plugin named by `ao spawn --agent <name>` (or POST /api/sessions'
 * `agent`), resolved like a config slot value from the config's directory;
 * errors name the key `--agent`.
 */
export async function agentByName(name: string, configDir: string): Promise<AgentPlugin> {
  if (!PACKAGE_NAME.test(name) || name.includes("..")) {
    throw errors.usage(
      `--agent: ${JSON.stringify(name)} is not an agent plugin name.`,
      "Name an installed agent plugin package, e.g. `--agent command` (for @ao/agent-command) or `--agent my-agent`.",
    );
  }
  return (await resolveSlot("agent", name, "--agent", { configDir })).plugin;
}
