import { AGENT_CLIS } from "../agent-clis.js";
import type { Check } from "./doctor-check.js";

/**
 * Whether the API keys an agent CLI reads are in ao's environment (which the
 * agent's is made from), by name only: a value is never read beyond "set".
 * Null for agents without known keys (Claude Code and Codex log in).
 */
export function agentKeyCheck(pluginName: string, env: NodeJS.ProcessEnv): Check | null {
  const cli = AGENT_CLIS.find((c) => c.plugin && `@ao/agent-${c.plugin}` === pluginName);
  if (!cli?.keys) return null;
  const { names, required, elsewhere } = cli.keys;
  const set = names.filter((name) => (env[name] ?? "") !== "");
  const name = `agent keys ${pluginName}`;
  if (set.length > 0) return { name, status: "ok", detail: `${set.join(", ")} set in ao's environment` };
  const detail = `none of ${names.join(", ")} is set in ao's environment`;
  if (!required) return { name, status: "ok", detail: `${detail}; ${elsewhere}` };
  return {
    name,
    status: "warn",
    detail,
    fix: `Export the key of your model's provider before \`ao start\` (${elsewhere}).`,
  };
}
