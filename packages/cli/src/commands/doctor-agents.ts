import { execFile } from "node:child_process";
import { type AgentPlugin, inertText, isTerminal, type SessionSnapshot } from "@ao/core";
import { findExecutable } from "@ao/engine";
import type { ResolvedConfig, ResolvedProject } from "../config/normalize.js";
import { journalProjects, readProjects } from "../journal.js";
import { resolveSlot } from "../plugins/resolve.js";
import { agentKeyCheck } from "./doctor-agent-keys.js";
import type { Check } from "./doctor-check.js";

/** How long an agent CLI gets to print its version: some start slowly, a hung one must not hang doctor. */
export const VERSION_TIMEOUT_MS = 5000;

/**
 * The first line `file --version` prints, or why there is none. Agent CLIs
 * are third-party programs: their output is fenced as inert text.
 */
export function cliVersion(
  file: string,
  timeoutMs = VERSION_TIMEOUT_MS,
): Promise<{ version: string } | { problem: string }> {
  return new Promise((resolve) => {
    execFile(file, ["--version"], { timeout: timeoutMs, killSignal: "SIGKILL" }, (error, stdout) => {
      const line = inertText(String(stdout).trim().split("\n")[0] ?? "").slice(0, 120);
      if (error && (error as { killed?: boolean }).killed)
        resolve({ problem: `\`--version\` did not answer within ${timeoutMs / 1000}s` });
      else if (error) resolve({ problem: `\`--version\` failed: ${inertText(error.message).slice(0, 200)}` });
      else resolve(line ? { version: line } : { problem: "`--version` printed nothing" });
    });
  });
}

/**
 * One line per agent CLI the projects use: where it was found and its
 * version (each binary asked once), and whether the API keys it reads are
 * set (by name). A CLI that is not installed is already reported on the
 * project's agent plugin line.
 */
export async function agentCliChecks(
  config: ResolvedConfig,
  projects: readonly ResolvedProject[],
  env = process.env,
  timeoutMs = VERSION_TIMEOUT_MS,
): Promise<Check[]> {
  const checks: Check[] = [];
  const seen = new Set<string>();
  const keysSeen = new Set<string>();
  for (const project of projects) {
    let plugin: AgentPlugin;
    try {
      const { value, key } = project.slots.agent;
      plugin = (await resolveSlot("agent", value, key, { configDir: config.dir })).plugin as AgentPlugin;
    } catch {
      continue; // reported on the plugin line
    }
    const keys = keysSeen.has(plugin.name) ? null : agentKeyCheck(plugin.name, env);
    keysSeen.add(plugin.name);
    if (keys) checks.push(keys);
    const binary = plugin.binary?.();
    const file = binary ? findExecutable(binary.command, env.PATH ?? "", project.path) : null;
    if (!binary || !file || seen.has(file)) continue;
    seen.add(file);
    const answer = await cliVersion(file, timeoutMs);
    checks.push(
      "version" in answer
        ? { name: `agent ${plugin.name}`, status: "ok", detail: `${answer.version} (${file})` }
        : {
            name: `agent ${plugin.name}`,
            status: "warn",
            detail: `${file} found, but ${answer.problem}`,
            fix: `Run \`${binary.command} --version\` yourself; reinstall it if it fails (${binary.install}).`,
          },
    );
  }
  return checks;
}

/** The reset a session's agent waits for (rate-limited, or exited with a restore waiting), if in the future or unknown. */
function pendingLimit(s: SessionSnapshot, now: number): { resetsAt: number | null } | null {
  const a = s.facts.activity;
  if (!a || isTerminal(s.state)) return null;
  if (a.state === "rate_limited")
    return a.resetsAt === undefined || a.resetsAt > now ? { resetsAt: a.resetsAt ?? null } : null;
  if (a.state === "exited" && a.resetsAt !== undefined && a.resetsAt > now) return { resetsAt: a.resetsAt };
  return null;
}

/**
 * A warning per project with an agent at its usage limit, as the journals
 * last recorded it: intake starts no session for that agent until the reset.
 */
export async function usageLimitChecks(home: string, now = Date.now()): Promise<Check[]> {
  const { sessions } = await readProjects(home, journalProjects(home));
  const checks: Check[] = [];
  for (const s of sessions) {
    const limit = pendingLimit(s, now);
    if (!limit) continue;
    const until =
      limit.resetsAt === null
        ? "no known reset: until the agent moves on"
        : `until ${new Date(limit.resetsAt).toISOString().replace("T", " ").slice(0, 16)} UTC`;
    checks.push({
      name: `usage limit ${s.project}`,
      status: "warn",
      detail: `session ${s.id}'s agent is at its usage limit (${until}); intake starts no session for that agent meanwhile`,
      fix: "Nothing to do: ao resumes the agent at the reset. To go on sooner, raise the plan's limit or use another agent.",
    });
  }
  return checks;
}
