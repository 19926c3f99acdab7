import { accessSync, constants, statSync } from "node:fs";
import { delimiter, isAbsolute, join, resolve } from "node:path";
import { type AgentPlugin, errors } from "@ao/core";

/**
 * The absolute path of an executable: a bare name is looked up on `path`, a
 * relative path is taken from `cwd`. Null when there is none.
 */
export function findExecutable(command: string, path: string, cwd = process.cwd()): string | null {
  const candidates = command.includes("/")
    ? [isAbsolute(command) ? command : resolve(cwd, command)]
    : path
        .split(delimiter)
        .filter(Boolean)
        .map((dir) => join(dir, command));
  for (const file of candidates) {
    try {
      accessSync(file, constants.X_OK);
      if (statSync(file).isFile()) return file;
    } catch {
      // not here
    }
  }
  return null;
}

/**
 * Refuse (AGENT_NOT_INSTALLED, with the plugin's install hint) when the
 * agent's executable is missing, so a spawn fails before anything is made.
 */
export function assertAgentInstalled(agent: AgentPlugin, path: string, checkout: string): void {
  const binary = agent.binary?.();
  if (!binary) return;
  if (findExecutable(binary.command, path, checkout)) return;
  throw errors.agentNotInstalled(agent.name, binary.command, binary.install);
}
